// Whether the records can be trusted, and the administrator's explicit steps when they were made
// by an older kiosk or after an investigation: the audit chain against its anchor, every MAC'd
// row, the rows the audit log names; `kiosk db upgrade`; re-anchoring with a reason.
// Thread safety: functions run on the caller's connection; see Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/sqlite_integrity.hpp"

namespace store {

// kiosk_settings: facts about the database itself ("integrity" = "v1", "demo" = "1").
std::optional<std::string> setting(Database& db, const std::string& name);
void setSetting(Database& db, const std::string& name, const std::string& value);
bool isDemoDatabase(Database& db);
// No users and no audit entries: nothing yet to protect (a database being created).
bool isEmptyDatabase(Database& db);

struct IntegrityReport {
    AuditVerdict audit;
    std::vector<RowProblem> rows;  // MAC failures and rows gone (first 100)
    bool intact() const { return audit.intact && rows.empty(); }
    // The first failure in words ("the audit log ends at entry 53 but the anchor says 59").
    std::string firstProblem() const;
};

// Chain + anchor + every MAC'd row + rows the audit names. Needs db.integrity().
IntegrityReport verifyRecords(Database& db);
// Throws IntegrityError naming the first failure.
void requireIntact(Database& db);

// After each commit that appended audit rows: checkpoint the WAL (so a deleted WAL loses nothing
// committed) and move the anchor to the newest entry.
void installAuditedCommitHook(Database& db);

struct UpgradeResult {
    bool already_current = false;
    bool key_created = false;
    std::string key_id;
    int blobs = 0;           // re-sealed with their row binding (plaintext or version-1)
    int rows = 0;            // rows given a MAC
    std::int64_t audit_entries = 0;  // rechained under the key
};
// `kiosk db upgrade`: a database from before row binding, keyed chain and row MACs (or from
// before encryption: then the key file is created at `key_path` if absent) is re-sealed,
// rechained after its SHA-256 chain is checked whole, re-MAC'd and anchored, in one transaction,
// audited as "db.upgrade" by `actor`. Refuses (IntegrityError) a database whose old chain is
// broken, or whose key-check row is missing although it was already upgraded.
UpgradeResult upgradeDatabase(Database& db, const std::string& key_path, const std::string& actor);

// After an administrator investigated a failed check: the chain must verify under the key; the
// anchor is then set to the newest entry, audited "audit.reanchor" with `reason` (which says what
// was found). Returns the new anchor.
Anchor reanchor(Database& db, const std::string& actor, const std::string& reason);

// Local ISO time as core records it ('YYYY-MM-DDTHH:MM:SS'), for entries the store writes itself.
std::string storeNow(Database& db);

}  // namespace store
