#include "kiosk/core/csv.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace core {
namespace {

std::string mib(std::size_t bytes) {
    return std::to_string((bytes + 1024 * 1024 - 1) / (1024 * 1024)) + " MiB";
}

std::string kindOf(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    return "not a regular file";
}

// Closes the descriptor however the read ends.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string readCsvFile(const std::string& path, const CsvLimits& limits) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. The type and
    // size are read from the open file, so nothing can be swapped in between the check and the read.
    const Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (f.fd < 0) throw InputError("cannot read " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) throw InputError("cannot read " + path + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw InputError(path + " is " + kindOf(st.st_mode) + ", not a CSV file");
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > limits.max_file_bytes)
        throw InputError(path + " is too large to import (" + mib(size) + "; the limit is " +
                         mib(limits.max_file_bytes) + "): split it into smaller files");
    const int flags = ::fcntl(f.fd, F_GETFL);
    if (flags >= 0) ::fcntl(f.fd, F_SETFL, flags & ~O_NONBLOCK);
    std::string text(size, '\0');
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(f.fd, text.data() + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw InputError("cannot read " + path + ": " + std::strerror(errno));
        if (n == 0) break;  // the file shrank while it was read: import what is there
        got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    // A file that grew while it was read is read only up to its size at the check.
    return text;
}

std::vector<CsvRow> parseCsv(std::string_view text, const CsvLimits& limits) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    int line = 1;
    row.line = 1;
    bool in_quotes = false, after_quote = false, field_started = false;
    int quote_line = 0;
    auto tooLong = [&] {
        throw CsvError(row.line, "a value is longer than " + std::to_string(limits.max_field_bytes) +
                                     " bytes (an unclosed quote, or not a CSV file?)");
    };
    auto endField = [&] {
        if (field.size() > limits.max_field_bytes) tooLong();
        // Each empty value costs a string: a line of a million commas must not cost a gigabyte.
        if (row.fields.size() >= limits.max_fields)
            throw CsvError(row.line, "a row has more than " + std::to_string(limits.max_fields) + " values");
        row.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
        field_started = false;
    };
    auto endRow = [&] {
        endField();
        // A blank line is one empty unquoted field: skip it.
        if (!(row.fields.size() == 1 && row.fields[0].empty())) {
            if (rows.size() > limits.max_rows)  // the header and max_rows data rows are in already
                throw CsvError(row.line, "the file has more than " + std::to_string(limits.max_rows) +
                                             " rows: split it into smaller files");
            rows.push_back(std::move(row));
        }
        row = CsvRow{};
        row.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (field.size() > limits.max_field_bytes) tooLong();
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
