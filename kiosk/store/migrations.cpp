#include "kiosk/store/migrations.hpp"

#include <cstddef>

#include "kiosk/store/errors.hpp"

namespace store {
namespace detail {
struct EmbeddedMigration {
    const char* file_name;
    const char* sql;
};
extern const EmbeddedMigration kEmbeddedMigrations[];
extern const std::size_t kEmbeddedMigrationCount;
}  // namespace detail

namespace {
// Foreign keys off for one migration, on again when it is over (committed or not).
struct ForeignKeysOff {
    ForeignKeysOff(Database& db, bool off) : db_(db), off_(off) {
        if (off_) db_.exec("PRAGMA foreign_keys = OFF");
    }
    ~ForeignKeysOff() {
        if (!off_) return;
        try {
            db_.exec("PRAGMA foreign_keys = ON");
        } catch (...) {  // a destructor must not throw; the next open turns them on again
        }
    }
    ForeignKeysOff(const ForeignKeysOff&) = delete;
    ForeignKeysOff& operator=(const ForeignKeysOff&) = delete;
    Database& db_;
    bool off_;
};
}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = [] {
        std::vector<Migration> v;
        for (std::size_t i = 0; i < detail::kEmbeddedMigrationCount; ++i) {
            const std::string name = detail::kEmbeddedMigrations[i].file_name;
            const int version = std::stoi(name.substr(0, 4));
            // Strictly increasing. A gap is tolerated because migrations are numbered per branch
            // (0006 lands from another branch): once merged, the numbers run without gaps again.
            if (!v.empty() && version <= v.back().version)
                throw DatabaseError("migration " + name + " is out of sequence after " + v.back().file_name);
            v.push_back({version, name, detail::kEmbeddedMigrations[i].sql});
        }
        return v;
    }();
    return all;
}

int latestSchemaVersion() { return migrations().empty() ? 0 : migrations().back().version; }

int migrate(Database& db, std::optional<int> target) {
    const int want = target.value_or(latestSchemaVersion());
    if (db.userVersion() > latestSchemaVersion())
        throw SchemaTooNewError(db.path() + " has schema version " + std::to_string(db.userVersion()) +
                                " but this kiosk knows only up to " + std::to_string(latestSchemaVersion()) +
                                ": use a newer kiosk build");
    int applied = 0;
    for (const auto& m : migrations()) {
        if (m.version > want) break;
        // A migration that rebuilds a table (SQLite cannot alter a constraint in place) starts with
        // this line: foreign keys go off for it (PRAGMA foreign_keys is a no-op inside a
        // transaction, so before it, and back on after it ends) and every foreign key is checked
        // before it commits.
        const bool rebuilds = m.sql.rfind("-- kiosk: rebuilds tables", 0) == 0;
        ForeignKeysOff fk_off(db, rebuilds && db.userVersion() < m.version);
        Transaction tx(db);
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (db.userVersion() >= m.version) continue;
        db.exec(m.sql);
        if (rebuilds) {
            auto& fk = db.prepare("PRAGMA foreign_key_check");
            const bool broken = fk.step();
            fk.reset();
            if (broken) throw DatabaseCorruptError("migration " + m.file_name + " would break a foreign key: not applied");
        }
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        tx.commit();
        ++applied;
    }
    return applied;
}

void requireCurrentSchema(Database& db) {
    const int v = db.userVersion();
    if (v > latestSchemaVersion())
        throw SchemaTooNewError(db.path() + " has schema version " + std::to_string(v) + " but this kiosk knows only up to " +
                                std::to_string(latestSchemaVersion()) + ": use a newer kiosk build");
    if (v == 0)
        throw DatabaseOpenError(db.path() + " is not a kiosk database yet: run `kiosk db init --db " + db.path() +
                                "` (or `kiosk demo seed`)");
    if (v < latestSchemaVersion())
        throw DatabaseOpenError(db.path() + " has schema version " + std::to_string(v) + " of " +
                                std::to_string(latestSchemaVersion()) + ": run `kiosk db init --db " + db.path() +
                                "` to migrate it");
}

}  // namespace store
