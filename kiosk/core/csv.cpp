#include "kiosk/core/csv.hpp"

namespace core {

std::vector<CsvRow> parseCsv(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    int line = 1;
    row.line = 1;
    bool in_quotes = false, after_quote = false, field_started = false;
    int quote_line = 0;
    auto endField = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
        field_started = false;
    };
    auto endRow = [&] {
        endField();
        // A blank line is one empty unquoted field: skip it.
        if (!(row.fields.size() == 1 && row.fields[0].empty())) rows.push_back(std::move(row));
        row = CsvRow{};
        row.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    in_quotes = false;
                    after_quote = true;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == ',') {
            endField();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;  // CRLF: the LF ends the row
        } else if (c == '\n') {
            ++line;
            endRow();
        } else if (c == '"' && !field_started && field.empty()) {
            in_quotes = true;
            field_started = true;
            quote_line = line;
        } else {
            if (after_quote) throw CsvError(line, "unexpected text after a closing quote");
            field += c;
            field_started = true;
        }
    }
    if (in_quotes) throw CsvError(quote_line, "quoted field is never closed");
    if (!field.empty() || !row.fields.empty() || after_quote) endRow();
    return rows;
}

}  // namespace core
