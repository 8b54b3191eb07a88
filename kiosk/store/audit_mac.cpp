#include "kiosk/store/audit_mac.hpp"

#include <sodium.h>

#include "kiosk/store/errors.hpp"

namespace store {
namespace {

void requireSodium() {
    static const int ready = sodium_init();  // idempotent; >= 0 when usable
    if (ready < 0) throw DatabaseError("libsodium failed to initialise");
}

// Fields joined with the ASCII unit separator, which never appears in them (the canonical form
// must be unambiguous: "ab","c" and "a","bc" must differ).
std::string canonical(std::int64_t seq, const core::AuditRecord& r) {
    std::string s = std::to_string(seq);
    for (const std::string* f : {&r.at, &r.actor, &r.action, &r.entity}) {
        s += '\x1f';
        s += *f;
    }
    s += '\x1f';
    if (r.entity_id) s += std::to_string(*r.entity_id);
    s += '\x1f';
    s += r.detail;
    return s;
}

std::string hex(const unsigned char* p, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

}  // namespace

IntegrityKeys IntegrityKeys::derive(const DataKey& k) {
    requireSodium();
    static_assert(crypto_kdf_KEYBYTES == 32);
    // The context is fixed: the same data key always yields the same MAC keys, on any backend.
    static constexpr char kContext[crypto_kdf_CONTEXTBYTES + 1] = "kioskmac";
    IntegrityKeys out;
    out.key_id = k.id;
    crypto_kdf_derive_from_key(out.audit.bytes.data(), out.audit.bytes.size(), 1, kContext, k.bytes.data());
    crypto_kdf_derive_from_key(out.rows.bytes.data(), out.rows.bytes.size(), 2, kContext, k.bytes.data());
    return out;
}

std::string hmacHex(const MacKey& key, std::string_view message) {
    requireSodium();
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key.bytes.data(), key.bytes.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_auth_hmacsha256_final(&st, mac);
    return hex(mac, sizeof mac);
}

std::string auditMac(const MacKey& key, const std::string& prev, std::int64_t seq, const core::AuditRecord& r) {
    return hmacHex(key, prev + '\x1e' + canonical(seq, r));
}

std::string legacyAuditHash(const std::string& prev, std::int64_t seq, const core::AuditRecord& r) {
    requireSodium();
    const std::string input = prev + '\x1e' + canonical(seq, r);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    return hex(digest, sizeof digest);
}

}  // namespace store
