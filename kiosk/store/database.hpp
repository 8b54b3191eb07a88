// A SQLite connection (RAII), its prepared statements (cached, reused) and a transaction guard that
// rolls back unless committed. Opening sets WAL, foreign keys and a busy timeout so two processes
// (the kiosk and a review station) can write one file.
// Thread safety: one Database per thread; statements belong to their Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace store {

struct IntegrityKeys;

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Statement& bindBlob(int index, const std::vector<std::uint8_t>& v);
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bindNull(index);
    }

    // True when a row is ready; false when done (the statement is then reset for reuse).
    bool step();
    // Steps to completion (for writes).
    void run();
    void reset();

    std::int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    std::vector<std::uint8_t> blob(int col) const;
    bool isNull(int col) const;
    std::optional<std::int64_t> optInt64(int col) const;
    std::optional<std::string> optText(int col) const;
    // The value as backend-independent canonical text (row MACs): integers in decimal, reals as
    // %.17g, text as stored, blobs as lowercase hex, NULL as nullopt.
    std::optional<std::string> canonical(int col) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

class Database {
public:
    // Opens (creating if absent) the file at `path`, or an in-memory database for ":memory:".
    // The busy timeout covers the write phase of the largest import allowed (core::CsvLimits:
    // 200,000 rows, a few seconds even when checked again under the lock, longer on a loaded
    // machine), so another station's write waits for it rather than failing.
    explicit Database(const std::string& path, int busy_timeout_ms = 30'000);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // A cached prepared statement for `sql`, reset and with bindings cleared.
    Statement& prepare(const std::string& sql);
    // Runs one or more statements without results (schema, pragmas).
    void exec(const std::string& sql);
    int userVersion();
    std::int64_t lastInsertId() const;
    // Rows changed by the last INSERT/UPDATE/DELETE statement run on this connection.
    int changes() const;
    std::int64_t totalChanges() const;  // rows this connection has changed since it opened
    const std::string& path() const { return path_; }
    bool autocommit() const;

    // The MAC keys of the unlocked database (set by RecordsStore); null until unlocked.
    void setIntegrity(std::shared_ptr<const IntegrityKeys> keys) { integrity_ = std::move(keys); }
    const IntegrityKeys* integrity() const { return integrity_.get(); }
    // Called once after each commit of a transaction that appended audit rows (appendAudit notes
    // them): the store checkpoints the WAL and moves the audit anchor there.
    void setAfterAuditedCommit(std::function<void()> hook) { after_audited_commit_ = std::move(hook); }
    void noteAuditAppended() { audit_pending_ = true; }

private:
    friend class Statement;
    friend class Transaction;
    void committed();
    void rolledBack() { audit_pending_ = false; }
    sqlite3* db_ = nullptr;
    std::string path_;
    std::shared_ptr<const IntegrityKeys> integrity_;
    std::function<void()> after_audited_commit_;
    bool audit_pending_ = false;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so two writers queue on the
// busy timeout instead of deadlocking); ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

// Throws the typed error for a SQLite result code (used by the store's .cpp files).
[[noreturn]] void throwSqlite(sqlite3* db, int rc, const std::string& context);

}  // namespace store
