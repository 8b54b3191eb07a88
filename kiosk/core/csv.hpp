// A real CSV reader (RFC 4180): quoted fields, doubled quotes, commas and newlines inside quotes,
// CRLF or LF line ends, a UTF-8 byte-order mark. Each row keeps the line it starts on so import
// errors can name it.
#pragma once

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

// All rows including the header; blank lines are skipped. Throws CsvError on an unterminated
// quote or text after a closing quote.
std::vector<CsvRow> parseCsv(std::string_view text);

}  // namespace core
