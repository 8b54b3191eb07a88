// A real CSV reader (RFC 4180): quoted fields, doubled quotes, commas and newlines inside quotes,
// CRLF or LF line ends, a UTF-8 byte-order mark. Each row keeps the line it starts on so import
// errors can name it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/errors.hpp"

namespace core {

struct CsvRow {
    int line = 0;  // 1-based line where the row starts
    std::vector<std::string> fields;
};

class CsvError : public InputError {
public:
    CsvError(int line, const std::string& what) : InputError("line " + std::to_string(line) + ": " + what), line_(line) {}
    int line() const { return line_; }

private:
    int line_;
};

// Bounds on what an import or pairs file may hold, so that a hostile or broken file is refused
// before it costs memory or time: a 200 MB one-line file is refused by its size before it is read,
// a huge value by its length as soon as it is seen.
struct CsvLimits {
    std::size_t max_file_bytes = 32u * 1024u * 1024u;  // 32 MiB: ~200,000 booking rows
    std::size_t max_field_bytes = 4096;               // a name, a reference, conditions of contact
    std::size_t max_rows = 200'000;                   // data rows; split a larger file
    std::size_t max_fields = 64;                      // values in one row
};

// The whole file as text, refused (InputError naming the file) when it is not a regular file
// (a folder, a FIFO, a socket or a device would block or never end) or is larger than
// `limits.max_file_bytes`. The check is made on the open file (fstat), before anything is read.
std::string readCsvFile(const std::string& path, const CsvLimits& limits = {});

// All rows including the header; blank lines are skipped. Throws CsvError on an unterminated
// quote, text after a closing quote, a value longer than `limits.max_field_bytes`, a row of more
// than `limits.max_fields` values or more than `limits.max_rows` rows after the header.
std::vector<CsvRow> parseCsv(std::string_view text, const CsvLimits& limits = {});

}  // namespace core
