// The append-only audit log, hash-chained: each row stores SHA-256(previous hash, canonical row),
// so changing, removing or reordering any row breaks every hash after it. verifyAuditChain()
// recomputes the chain; the SQL triggers forbidding UPDATE/DELETE are only a second guard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kiosk/core/domain.hpp"
#include "kiosk/store/database.hpp"

namespace store {

// Appends one row. Call inside the write transaction of the change it records, so the write and
// its audit row commit together or not at all.
void appendAudit(Database& db, const core::AuditRecord& record);

struct AuditVerdict {
    bool intact = true;
    std::int64_t entries = 0;
    std::optional<std::int64_t> first_broken_seq;
    std::string problem;
};

AuditVerdict verifyAuditChain(Database& db);

// Hex SHA-256 of (prev_hash, canonical row); exposed for tests.
std::string auditHash(const std::string& prev_hash, std::int64_t seq, const core::AuditRecord& record);
inline const std::string kAuditGenesis(64, '0');

}  // namespace store
