// The keys and MACs that make the records tamper-evident, independent of the database backend
// (SQLite today, PostgreSQL next): they work on canonical field values, never on SQL handles.
//
// Two 256-bit MAC keys are derived from the database's data key with libsodium's crypto_kdf and a
// fixed context, one for the audit chain and one for the safeguarding rows. Whoever edits the
// file without the key file cannot compute either, so a rewritten row or a recomputed chain shows.
// Rotating the data key rotates these keys too (and re-MACs everything in the same transaction).
// Thread safety: values; immutable after construction.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "kiosk/core/domain.hpp"
#include "kiosk/store/blob_codec.hpp"

namespace store {

struct MacKey {
    std::array<std::uint8_t, 32> bytes{};
};

struct IntegrityKeys {
    MacKey audit;        // HMAC key of the audit chain
    MacKey rows;         // HMAC key of the safeguarding rows' row_mac
    std::string key_id;  // the data key they were derived from
    static IntegrityKeys derive(const DataKey& data_key);
};

// Hex HMAC-SHA-256 of `message`.
std::string hmacHex(const MacKey& key, std::string_view message);

// The audit chain: entry seq's MAC = HMAC(audit key, previous MAC | canonical entry).
std::string auditMac(const MacKey& key, const std::string& prev_mac, std::int64_t seq, const core::AuditRecord& record);
// The unkeyed SHA-256 chain of databases made before 0007; used only by `kiosk db upgrade` to
// check an old chain before rechaining it under the key.
std::string legacyAuditHash(const std::string& prev_hash, std::int64_t seq, const core::AuditRecord& record);
inline const std::string kAuditGenesis(64, '0');

}  // namespace store
