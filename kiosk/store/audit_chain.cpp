#include "kiosk/store/audit_chain.hpp"

#include <sodium.h>

#include "kiosk/store/errors.hpp"

namespace store {
namespace {

// Fields joined with the ASCII unit separator, which never appears in them (the canonical form
// must be unambiguous: "ab","c" and "a","bc" must hash differently).
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

}  // namespace

std::string auditHash(const std::string& prev_hash, std::int64_t seq, const core::AuditRecord& record) {
    static const int sodium_ready = sodium_init();  // idempotent; >= 0 when usable
    if (sodium_ready < 0) throw DatabaseError("libsodium failed to initialise");
    const std::string input = prev_hash + '\x1e' + canonical(seq, record);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

void appendAudit(Database& db, const core::AuditRecord& record) {
    if (db.autocommit()) throw DatabaseError("audit rows must be written inside the transaction they record");
    std::int64_t seq = 1;
    std::string prev = kAuditGenesis;
    auto& last = db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
        seq = last.int64(0) + 1;
        prev = last.text(1);
        last.reset();
    }
    auto& ins = db.prepare(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (?,?,?,?,?,?,?,?,?)");
    ins.bind(1, seq).bind(2, record.at).bind(3, record.actor).bind(4, record.action).bind(5, record.entity);
    ins.bind(6, record.entity_id).bind(7, record.detail).bind(8, prev).bind(9, auditHash(prev, seq, record));
    ins.run();
}

AuditVerdict verifyAuditChain(Database& db) {
    AuditVerdict v;
    std::string prev = kAuditGenesis;
    std::int64_t expected_seq = 1;
    auto& st = db.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY seq");
    while (st.step()) {
        const std::int64_t seq = st.int64(0);
        const core::AuditRecord r{st.text(1), st.text(2), st.text(3), st.text(4), st.optInt64(5), st.text(6)};
        const std::string stored_prev = st.text(7), stored_hash = st.text(8);
        std::string problem;
        if (seq != expected_seq)
            problem = "entry " + std::to_string(expected_seq) + " is missing (next is " + std::to_string(seq) + ")";
        else if (stored_prev != prev)
            problem = "its previous-hash does not match entry " + std::to_string(seq - 1);
        else if (auditHash(prev, seq, r) != stored_hash)
            problem = "its content does not match its hash (the row was changed)";
        if (!problem.empty()) {
            st.reset();
            v.intact = false;
            v.first_broken_seq = seq;
            v.problem = problem;
            return v;
        }
        prev = stored_hash;
        ++expected_seq;
        ++v.entries;
    }
    return v;
}

}  // namespace store
