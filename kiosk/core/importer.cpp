#include "kiosk/core/importer.hpp"

#include <chrono>
#include <map>

#include "kiosk/core/csv.hpp"

namespace core {
namespace {

// Thrown inside the import transaction to roll it back once every row has been checked.
struct RollBack {};

// Names, addresses and notes are stored and shown as UTF-8 (JSON output needs it): a file saved in
// another encoding (Latin-1, Windows-1252) is refused whole, naming the first bad line.
void requireUtf8(std::string_view text) {
    int line = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len > 0 && i + len <= text.size() && !(len == 2 && c < 0xC2) && !(len == 4 && c > 0xF4);
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (ok && len == 3) {  // no overlong forms, no UTF-16 surrogates
            const auto c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
        }
        if (ok && len == 4) {
            const auto c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
        }
        if (!ok)
            throw CsvError(line, "the file is not UTF-8 (byte 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                                     std::string(1, "0123456789ABCDEF"[c & 0xF]) +
                                     "): save it as \"CSV UTF-8\" and import it again");
        if (c == '\n') ++line;
        i += len;
    }
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (const char c : s + ";") {
        if (c == ';' || c == '|') {
            const auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
            if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

Date requireDate(const std::string& s, const std::string& column) {
    const auto d = Date::parse(s);
    if (!d) throw InputError(column + " '" + s + "' is not a date (YYYY-MM-DD)");
    return *d;
}

class RowReader {
public:
    RowReader(const CsvRow& header, ImportKind kind) {
        for (std::size_t i = 0; i < header.fields.size(); ++i) index_[trim(header.fields[i])] = i;
        for (const auto& col : requiredColumns(kind))
            if (!index_.contains(col)) throw CsvError(header.line, "missing column '" + col + "' in the header");
    }
    void bind(const CsvRow& row) { row_ = &row; }
    // Empty when the column is absent (optional columns) or the row is short.
    std::string get(const std::string& column) const {
        const auto it = index_.find(column);
        if (it == index_.end() || it->second >= row_->fields.size()) return {};
        return trim(row_->fields[it->second]);
    }

private:
    static std::string trim(const std::string& s) {
        const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    }
    std::map<std::string, std::size_t> index_;
    const CsvRow* row_ = nullptr;
};

// One checked row, ready to write.
struct Planned {
    int line = 0;
    ImportKind kind = ImportKind::Prisoners;
    Prisoner prisoner;
    Child child;
    Arrangement arrangement;
    Booking booking;
};

// Reads and checks one row without writing anything: the values are parsed, the rules the store's
// add*() apply are run (Records::checkNew*), and the row must not repeat a key an earlier row of the
// same file has (nothing is written yet, so the store cannot see those).
class RowPlanner {
public:
    RowPlanner(Records& records, ImportKind kind) : records_(records), repo_(records.repository()), kind_(kind) {}

    Planned plan(const RowReader& r, int line) {
        Planned p;
        p.line = line_ = line;
        p.kind = kind_;
        switch (kind_) {
        case ImportKind::Prisoners:
            p.prisoner = {0, r.get("prison_number"), r.get("first_name"), r.get("last_name"), r.get("pprc_status"),
                          r.get("establishment")};
            records_.checkNewPrisoner(p.prisoner);
            once(prisoners_, p.prisoner.prison_number, "prisoner " + p.prisoner.prison_number);
            break;
        case ImportKind::Children:
            p.child = {0, r.get("ref"), r.get("first_name"), r.get("last_name"),
                       requireDate(r.get("date_of_birth"), "date_of_birth"), r.get("carer_name")};
            records_.checkNewChild(p.child);
            once(children_, p.child.ref, "child reference '" + p.child.ref + "'");
            break;
        case ImportKind::Arrangements: {
            Arrangement& a = p.arrangement;
            a.prisoner_id = prisonerId(r.get("prison_number"));
            a.child_id = childId(r.get("child_ref"));
            for (const auto& t : splitList(r.get("contact_types"))) {
                const auto c = parse<ContactType>(t);
                if (!c) throw InputError("contact type '" + t + "' is not one of visits, video_calls, phone, letters");
                a.allowed.insert(*c);
            }
            a.decision_date = requireDate(r.get("decision_date"), "decision_date");
            const auto due = r.get("next_review_due");
            a.next_review_due = due.empty() ? a.decision_date.plusYears(3) : requireDate(due, "next_review_due");
            const auto status = r.get("status");
            const auto st = parse<ArrangementStatus>(status.empty() ? "active" : status);
            if (!st) throw InputError("status '" + status + "' is not one of active, suspended_pending_review, ended");
            a.status = *st;
            a.conditions = r.get("conditions");
            records_.checkNewArrangement(a);
            once(arrangements_, std::to_string(a.prisoner_id) + "/" + std::to_string(a.child_id),
                 "an arrangement between " + r.get("prison_number") + " and " + r.get("child_ref"));
            break;
        }
        case ImportKind::Bookings: {
            Booking& b = p.booking;
            b.ref = r.get("ref");
            const auto kind_text = r.get("kind");
            const auto k = parse<BookingKind>(kind_text);
            if (!k) throw InputError("kind '" + kind_text + "' is not visit or video_call");
            b.kind = *k;
            b.prisoner_id = prisonerId(r.get("prison_number"));
            b.date = requireDate(r.get("date"), "date");
            b.time = r.get("time");
            for (const auto& ref : splitList(r.get("children"))) b.children.push_back(childId(ref));
            records_.checkNewBooking(b);
            if (!b.ref.empty()) once(bookings_, b.ref, "booking reference '" + b.ref + "'");
            break;
        }
        }
        return p;
    }

private:
    void once(std::map<std::string, int>& seen, const std::string& key, const std::string& what) {
        const auto [it, fresh] = seen.emplace(key, line_);
        if (!fresh) throw InputError(what + " is also on line " + std::to_string(it->second) + " of this file");
    }
    Id prisonerId(const std::string& number) {
        const auto p = repo_.prisonerByNumber(number);
        if (!p) throw InputError("unknown prison number '" + number + "'");
        return p->id;
    }
    Id childId(const std::string& ref) {
        const auto c = repo_.childByRef(ref);
        if (!c) throw InputError("unknown child reference '" + ref + "'");
        return c->id;
    }

    Records& records_;
    RecordsRepository& repo_;
    ImportKind kind_;
    int line_ = 0;
    std::map<std::string, int> prisoners_, children_, arrangements_, bookings_;
};

// The write phase: the same add*() every other path uses. When another station wrote between the
// checks and the write lock, they check each row again inside the transaction, so that change is
// still seen; otherwise the checks stand and only the writes run under the lock.
void write(Records& records, const User& by, const Planned& p, bool checked) {
    switch (p.kind) {
    case ImportKind::Prisoners: records.addPrisoner(by, p.prisoner, checked); return;
    case ImportKind::Children: records.addChild(by, p.child, checked); return;
    case ImportKind::Arrangements: records.addArrangement(by, p.arrangement, checked); return;
    case ImportKind::Bookings: records.addBooking(by, p.booking, checked); return;
    }
}

}  // namespace

std::optional<ImportKind> parseImportKind(std::string_view s) {
    if (s == "prisoners") return ImportKind::Prisoners;
    if (s == "children") return ImportKind::Children;
    if (s == "arrangements") return ImportKind::Arrangements;
    if (s == "bookings") return ImportKind::Bookings;
    return std::nullopt;
}

std::vector<std::string> requiredColumns(ImportKind kind) {
    switch (kind) {
    case ImportKind::Prisoners: return {"prison_number", "first_name", "last_name", "pprc_status", "establishment"};
    case ImportKind::Children: return {"ref", "first_name", "last_name", "date_of_birth", "carer_name"};
    case ImportKind::Arrangements: return {"prison_number", "child_ref", "contact_types", "decision_date"};
    case ImportKind::Bookings: return {"kind", "prison_number", "date", "time", "children"};
    }
    return {};
}

ImportResult importCsv(Records& records, const User& by, ImportKind kind, std::string_view text,
                       const ImportProgress& progress) {
    // Refused once, before the file is read, rather than once per row.
    const Operation op = kind == ImportKind::Prisoners  ? Operation::AddPrisoner
                         : kind == ImportKind::Children ? Operation::AddChild
                         : kind == ImportKind::Bookings ? Operation::AddBooking
                                                        : Operation::AddArrangement;
    records.authorise(by, op);
    requireUtf8(text);
    const auto rows = parseCsv(text);
    if (rows.empty()) throw CsvError(1, "the file is empty: a header row is required");
    RowReader reader(rows.front(), kind);
    ImportResult result;
    result.rows = rows.size() - 1;
    auto fail = [&](int line, std::string message) {
        ++result.error_count;
        if (result.errors.size() < kMaxReportedErrors) result.errors.push_back({line, std::move(message)});
    };

    // 1. Every row is read and checked before anything is written, outside any write transaction:
    //    other stations keep recording while a large file is checked.
    auto& repo = records.repository();
    const std::int64_t checked_at = repo.writeStamp();
    std::vector<Planned> planned;
    planned.reserve(result.rows);
    RowPlanner planner(records, kind);
    const std::size_t columns = rows.front().fields.size();
    for (std::size_t i = 1; i < rows.size(); ++i) {
        reader.bind(rows[i]);
        try {
            // More values than headers shifts every later value into the wrong column.
            if (rows[i].fields.size() > columns)
                throw InputError("the row has " + std::to_string(rows[i].fields.size()) + " fields but the header has " +
                                 std::to_string(columns) + " (a comma in a value that is not in quotes?)");
            planned.push_back(planner.plan(reader, rows[i].line));
        } catch (const InputError& e) {
            fail(rows[i].line, e.what());
        }
        if (progress && (i % 1000 == 0 || i + 1 == rows.size())) progress(i, result.rows);
    }
    if (result.error_count > 0) return result;

    // 2. The writes, all or none, in one short transaction.
    const auto t0 = std::chrono::steady_clock::now();
    try {
        records.inTransaction([&] {
            // Still allowed now, as stored now (the role could have changed during the checks).
            records.authorise(by, op);
            const bool unchanged = repo.writeStamp() == checked_at;
            result.rechecked = !unchanged;
            for (const auto& p : planned) {
                try {
                    write(records, by, p, unchanged);
                } catch (const InputError& e) {
                    fail(p.line, e.what());
                }
            }
            if (result.error_count > 0) throw RollBack{};
        });
        result.imported = result.rows;
    } catch (const RollBack&) {
        result.imported = 0;
    }
    result.write_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace core
