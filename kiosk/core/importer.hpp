// Importing prisoners, children, arrangements and bookings from CSV files. Columns are found by
// header name (order free, extra columns ignored). Every row is checked; errors name the line.
// A file with any bad row imports nothing. The rows are all checked first, outside any write
// transaction; only a file with no bad row is then written, in one transaction (all or none), so
// the write lock other stations wait for is held only for the writes themselves.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/records.hpp"

namespace core {

enum class ImportKind { Prisoners, Children, Arrangements, Bookings };
std::optional<ImportKind> parseImportKind(std::string_view s);
// The header names a file of this kind must have, in the order the docs list them.
std::vector<std::string> requiredColumns(ImportKind kind);

struct RowError {
    int line = 0;
    std::string message;
};

// A file of a million bad rows must not print a million messages: the first this many are kept.
inline constexpr std::size_t kMaxReportedErrors = 100;

struct ImportResult {
    std::size_t rows = 0;
    std::size_t imported = 0;     // 0 whenever error_count is not 0
    std::vector<RowError> errors;  // the first kMaxReportedErrors bad rows, in file order
    std::size_t error_count = 0;   // every bad row
    double write_ms = 0;           // how long the write transaction (the write lock) was held
    bool rechecked = false;        // another write came between the checks and the lock: checked again
};

using ImportProgress = std::function<void(std::size_t done, std::size_t total)>;

// Throws CsvError for a file that is not CSV at all, breaks a CsvLimits bound (csv.hpp) or lacks a
// required header.
ImportResult importCsv(Records& records, const User& by, ImportKind kind, std::string_view text,
                       const ImportProgress& progress = {});

}  // namespace core
