#include "kiosk/store/sqlite_integrity.hpp"

#include "kiosk/store/audit_mac.hpp"
#include "kiosk/store/errors.hpp"
#include "kiosk/store/row_seal.hpp"

namespace store {
namespace {

const IntegrityKeys& keysOf(Database& db) {
    if (!db.integrity()) throw std::logic_error("row MACs need the unlocked database's keys");
    return *db.integrity();
}

std::string columnList(const MacTable& t) {
    std::string s = "id";
    for (const auto& c : t.columns) s += ", " + c;
    return s;
}

FieldValues valuesOf(Statement& st, const MacTable& t) {
    FieldValues v;
    v.reserve(t.columns.size());
    for (std::size_t i = 0; i < t.columns.size(); ++i) v.push_back(st.canonical(static_cast<int>(i) + 1));
    return v;
}

struct MacRow {
    std::int64_t id;
    std::string mac;                    // as computed now
    std::optional<std::string> stored;  // as found
};
// Every row matching `where` (empty: all rows), read to the end before anything is written.
std::vector<MacRow> macRows(Database& db, const MacTable& t, const std::string& where, const std::int64_t* param) {
    auto& st = db.prepare("SELECT " + columnList(t) + ", row_mac FROM " + t.table +
                          (where.empty() ? std::string() : " WHERE " + where));
    if (param) st.bind(1, *param);
    const int mac_col = static_cast<int>(t.columns.size()) + 1;
    std::vector<MacRow> out;
    while (st.step()) out.push_back({st.int64(0), rowMac(keysOf(db).rows, t, st.int64(0), valuesOf(st, t)), st.optText(mac_col)});
    return out;
}

void writeMacs(Database& db, const MacTable& t, const std::vector<MacRow>& rows) {
    auto& up = db.prepare("UPDATE " + t.table + " SET row_mac = ? WHERE id = ?");
    for (const auto& r : rows) {
        if (r.stored == r.mac) continue;
        up.bind(1, r.mac).bind(2, r.id);
        up.run();
    }
}

}  // namespace

void sealRowsWhere(Database& db, std::string_view table, const std::string& where, std::int64_t param) {
    const MacTable& t = macTable(table);
    writeMacs(db, t, macRows(db, t, where, &param));
}

void sealRow(Database& db, std::string_view table, std::int64_t id) { sealRowsWhere(db, table, "id = ?", id); }

// A MAC that fails because another process rotated the data key (and re-MAC'd everything) since
// this one opened is not tampering: say so, and that a restart picks up the new key.
void requireKeyNotRotated(Database& db) {
    auto& st = db.prepare("SELECT key_id FROM data_key WHERE id = 1");
    const std::string id = st.step() ? st.text(0) : std::string();
    st.reset();
    if (!id.empty() && id != keysOf(db).key_id)
        throw WrongKeyError("the data key of " + db.path() + " was rotated since this program opened it (now " + id +
                            ", was " + keysOf(db).key_id + "): nothing was written; restart it to use the new key");
}

void verifyRowsWhere(Database& db, std::string_view table, const std::string& where, std::int64_t param) {
    const MacTable& t = macTable(table);
    for (const auto& r : macRows(db, t, where, &param))
        if (r.stored != r.mac) {
            requireKeyNotRotated(db);
            throw IntegrityError(t.table + " row " + std::to_string(r.id) +
                                 (r.stored ? " does not match its MAC: it was edited outside the kiosk"
                                           : " has no MAC: it was written outside the kiosk"));
        }
}

std::vector<RowProblem> checkAllRows(Database& db, std::size_t limit) {
    std::vector<RowProblem> out;
    for (const auto& t : macTables()) {
        for (const auto& r : macRows(db, t, "", nullptr))
            if (r.stored != r.mac && out.size() < limit)
                out.push_back({t.table, r.id, r.stored ? "does not match its MAC (edited outside the kiosk)"
                                                       : "has no MAC (written outside the kiosk)"});
        auto& gone = db.prepare("SELECT DISTINCT a.entity_id FROM audit_log a WHERE a.entity = ? AND a.entity_id IS NOT NULL "
                                "AND NOT EXISTS (SELECT 1 FROM " + t.table + " r WHERE r.id = a.entity_id) ORDER BY 1");
        gone.bind(1, t.table);
        while (gone.step())
            if (out.size() < limit) out.push_back({t.table, gone.int64(0), "is named by the audit log but is gone (deleted)"});
    }
    return out;
}

int sealAllRows(Database& db) {
    int n = 0;
    for (const auto& t : macTables()) {
        const auto rows = macRows(db, t, "", nullptr);
        writeMacs(db, t, rows);
        n += static_cast<int>(rows.size());
    }
    return n;
}

std::int64_t blobOwner(Database& db, BlobKind kind, std::int64_t row_id) {
    const SealedColumn& c = sealedColumn(kind);
    auto& st = db.prepare(std::string("SELECT ") + c.owner_column + " FROM " + c.table + " WHERE id = ?");
    st.bind(1, row_id);
    if (!st.step()) throw DatabaseCorruptError(std::string(c.table) + " row " + std::to_string(row_id) + " vanished");
    const std::int64_t owner = st.int64(0);
    st.reset();
    return owner;
}

int resealAllBlobs(Database& db,
                   const std::function<std::vector<std::uint8_t>(BlobKind, const BlobBinding&, const std::vector<std::uint8_t>&)>& open,
                   const BlobCodec& seal) {
    int n = 0;
    for (const auto& c : sealedColumns()) {
        const std::string col = c.column, table = c.table;
        // Ids first, so no row is visited while it is being updated.
        std::vector<std::pair<std::int64_t, std::int64_t>> rows;
        auto& list = db.prepare("SELECT id, " + std::string(c.owner_column) + " FROM " + table + " WHERE " + col +
                                " IS NOT NULL ORDER BY id");
        while (list.step()) rows.emplace_back(list.int64(0), list.int64(1));
        for (const auto& [id, owner] : rows) {
            auto& get = db.prepare("SELECT " + col + " FROM " + table + " WHERE id = ?");
            get.bind(1, id);
            if (!get.step()) continue;
            const auto before = get.blob(0);
            get.reset();
            const BlobBinding at = bindingFor(c.kind, id, owner);
            const auto after = seal.encode(at, open(c.kind, at, before));
            auto& put = db.prepare("UPDATE " + table + " SET " + col + " = ? WHERE id = ?");
            put.bindBlob(1, after).bind(2, id);
            put.run();
            ++n;
        }
    }
    return n;
}

}  // namespace store
