// The append-only audit log, chained with a key: each row stores HMAC-SHA-256(previous MAC,
// canonical row) under a key derived from the data key (audit_mac.hpp), so changing, removing,
// inserting or reordering a row breaks the chain, and nobody without the key file can recompute
// it. The newest (seq, MAC) also goes to an anchor file outside the database after each commit
// (audit_anchor.hpp), which is how a log cut short shows. The SQL triggers forbidding
// UPDATE/DELETE are only a second guard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/domain.hpp"
#include "kiosk/store/audit_anchor.hpp"
#include "kiosk/store/audit_mac.hpp"
#include "kiosk/store/database.hpp"

namespace store {

// Appends one row, MAC'd under the database's audit key (db.integrity() must be set). Call inside
// the write transaction of the change it records, so the write and its audit row commit together
// or not at all; the commit then moves the anchor.
void appendAudit(Database& db, const core::AuditRecord& record);

struct AuditVerdict {
    bool intact = true;
    std::int64_t entries = 0;
    std::optional<std::int64_t> first_broken_seq;
    std::string problem;                 // names the failure, e.g. "the audit log ends at entry 53 but the anchor says 59"
    std::optional<Anchor> anchor;        // as read
    bool anchor_behind = false;          // the chain is longer than its anchor (a crash after commit): fine
};

// Recomputes the chain under the database's audit key and compares it with the anchor at
// `anchor_path` (empty: no anchor is kept, e.g. ":memory:"). A missing anchor while the log has
// entries is a failure.
AuditVerdict verifyAuditChain(Database& db, const std::string& anchor_path);
// The anchor beside the database file (none for ":memory:").
AuditVerdict verifyAuditChain(Database& db);

// The newest entry, to anchor (nullopt for an empty log).
std::optional<Anchor> latestAuditEntry(Database& db);

// Rewrites every entry's MACs under `key` (upgrade from the SHA-256 chain, key rotation). Runs in
// the caller's transaction; lifts the append-only triggers for that transaction alone.
void rechainAudit(Database& db, const MacKey& key, bool from_legacy);

}  // namespace store
