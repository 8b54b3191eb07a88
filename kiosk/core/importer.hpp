// Importing prisoners, children, arrangements and bookings from CSV files. Columns are found by
// header name (order free, extra columns ignored). Every row is checked; errors name the line.
// A file with any bad row imports nothing: the rows run in one transaction that is rolled back.
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

struct ImportResult {
    std::size_t rows = 0;
    std::size_t imported = 0;  // 0 whenever errors is not empty
    std::vector<RowError> errors;
};

using ImportProgress = std::function<void(std::size_t done, std::size_t total)>;

// Throws CsvError for a file that is not CSV at all or lacks a required header.
ImportResult importCsv(Records& records, const User& by, ImportKind kind, std::string_view text,
                       const ImportProgress& progress = {});

}  // namespace core
