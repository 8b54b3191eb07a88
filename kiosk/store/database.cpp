#include "kiosk/store/database.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/store/errors.hpp"

namespace store {

void throwSqlite(sqlite3* db, int rc, const std::string& context) {
    const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const std::string msg = context + ": " + detail;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw DatabaseLockedError(msg + " (another kiosk or review station held the database too long; try again)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw DatabaseCorruptError(msg + " (the file is not a kiosk database or is damaged; restore it from backup)");
    case SQLITE_CONSTRAINT: throw ConstraintError(msg);
    case SQLITE_READONLY:
        throw DatabaseOpenError(msg + " (the database file or its folder is read-only for this account; check its "
                                      "permissions; nothing was changed)");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM: throw DatabaseOpenError(msg);
    // A failed write rolls the transaction back: the file keeps everything committed before it.
    case SQLITE_FULL:
        throw DatabaseError(msg + " (the disk is full: this change was not saved, the records already kept are "
                                  "intact; free some space and try again)");
    case SQLITE_IOERR:
        throw DatabaseError(msg + " (the disk could not be read or written - full or failing: this change was not "
                                  "saved, the records already kept are intact; check the disk and try again)");
    default: throw DatabaseError(msg);
    }
}

// --- Statement ----------------------------------------------------------------------------------

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db), sql_(sql) {
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK) throwSqlite(db_, rc, "preparing SQL");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

#define KIOSK_BIND_CHECK(expr) \
    if (const int rc = (expr); rc != SQLITE_OK) throwSqlite(db_, rc, "binding a value")

Statement& Statement::bind(int i, std::int64_t v) {
    KIOSK_BIND_CHECK(sqlite3_bind_int64(stmt_, i, v));
    return *this;
}
Statement& Statement::bind(int i, double v) {
    KIOSK_BIND_CHECK(sqlite3_bind_double(stmt_, i, v));
    return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
    KIOSK_BIND_CHECK(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bindBlob(int i, const std::vector<std::uint8_t>& v) {
    // An empty vector binds an empty blob, not NULL: NULL means "no crop", decided by the caller.
    KIOSK_BIND_CHECK(sqlite3_bind_blob(stmt_, i, v.empty() ? "" : static_cast<const void*>(v.data()),
                                       static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bindNull(int i) {
    KIOSK_BIND_CHECK(sqlite3_bind_null(stmt_, i));
    return *this;
}
#undef KIOSK_BIND_CHECK

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        reset();
        return false;
    }
    sqlite3_reset(stmt_);
    throwSqlite(db_, rc, "running SQL");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::real(int c) const { return sqlite3_column_double(stmt_, c); }
std::string Statement::text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : std::string();
}
std::vector<std::uint8_t> Statement::blob(int c) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, c));
    const int n = sqlite3_column_bytes(stmt_, c);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}
bool Statement::isNull(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
std::optional<std::int64_t> Statement::optInt64(int c) const {
    return isNull(c) ? std::nullopt : std::optional<std::int64_t>(int64(c));
}
std::optional<std::string> Statement::optText(int c) const {
    return isNull(c) ? std::nullopt : std::optional<std::string>(text(c));
}
std::optional<std::string> Statement::canonical(int c) const {
    switch (sqlite3_column_type(stmt_, c)) {
    case SQLITE_NULL: return std::nullopt;
    case SQLITE_INTEGER: return std::to_string(int64(c));
    case SQLITE_FLOAT: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", real(c));
        return std::string(buf);
    }
    case SQLITE_BLOB: {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (const auto b : blob(c)) {
            out += kHex[b >> 4];
            out += kHex[b & 15];
        }
        return out;
    }
    default: return text(c);
    }
}

// --- Database -----------------------------------------------------------------------------------

namespace {

// The records hold children's biometric data: the database, its WAL and its shared-memory file are
// for this account alone. SQLite creates the -wal and -shm files with the main file's mode; the
// umask covers the moment the main file is created, the chmod a file an older kiosk made 0644.
std::mutex umask_mutex;

void restrictMode(const std::string& file) {
    struct stat st{};
    // Only this account's own files can be fixed; another account's (a read-only copy) are its own.
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0 || st.st_uid != ::geteuid())
        return;
    if (::chmod(file.c_str(), st.st_mode & 0700) != 0)
        throw DatabaseOpenError("the database file " + file + " is readable by other users and cannot be made 0600: " +
                                std::strerror(errno));
}

}  // namespace

Database::Database(const std::string& path, int busy_timeout_ms) : path_(path) {
    int rc = 0;
    {
        std::lock_guard lock(umask_mutex);
        const mode_t old = ::umask(077);
        rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
        ::umask(old);
    }
    if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw DatabaseOpenError("cannot open database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    try {
        // Reading the schema first turns "not a database" into a clear error before anything else.
        exec("PRAGMA schema_version;");
        exec("PRAGMA foreign_keys = ON;");
        // Deleted or rewritten content (purged crops, blobs re-encrypted under a new key) is zeroed
        // on disk rather than left in free pages.
        exec("PRAGMA secure_delete = ON;");
        if (path != ":memory:" && !path.empty()) {
            restrictMode(path);
            exec("PRAGMA journal_mode = WAL;");
            for (const char* suffix : {"-wal", "-shm"}) restrictMode(path + suffix);
        }
        // FULL: a committed check or incident survives a power cut (records before speed).
        exec("PRAGMA synchronous = FULL;");
    } catch (const DatabaseError& e) {
        cache_.clear();
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

Database::~Database() {
    cache_.clear();  // finalize statements before closing
    sqlite3_close_v2(db_);
}

Statement& Database::prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    it->second->reset();
    return *it->second;
}

void Database::exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throwSqlite(nullptr, rc, path_ + ": " + msg);
    }
}

int Database::userVersion() {
    auto& st = prepare("PRAGMA user_version");
    const int v = st.step() ? static_cast<int>(st.int64(0)) : 0;
    st.reset();
    return v;
}

std::int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(db_); }
bool Database::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }
int Database::changes() const { return sqlite3_changes(db_); }

// --- Transaction --------------------------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) db_.rolledBack();
    if (!done_ && !db_.autocommit()) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
            // Nothing more to do: SQLite rolls back an unfinished transaction on close anyway.
        }
    }
}

std::int64_t Database::totalChanges() const { return sqlite3_total_changes64(db_); }

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
    db_.committed();
}

void Database::committed() {
    if (!audit_pending_) return;
    audit_pending_ = false;
    if (after_audited_commit_) after_audited_commit_();
}

}  // namespace store
