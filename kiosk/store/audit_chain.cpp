#include "kiosk/store/audit_chain.hpp"

#include "kiosk/store/errors.hpp"

namespace store {
namespace {

const IntegrityKeys& keysOf(Database& db) {
    if (!db.integrity()) throw std::logic_error("the audit chain needs the unlocked database's keys");
    return *db.integrity();
}

constexpr const char* kSelectAll =
    "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY seq";

core::AuditRecord readRecord(Statement& st) {
    return {st.text(1), st.text(2), st.text(3), st.text(4), st.optInt64(5), st.text(6)};
}

constexpr const char* kTriggers =
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;";

}  // namespace

void appendAudit(Database& db, const core::AuditRecord& record) {
    if (db.autocommit()) throw DatabaseError("audit rows must be written inside the transaction they record");
    const IntegrityKeys& keys = keysOf(db);
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
    ins.bind(6, record.entity_id).bind(7, record.detail).bind(8, prev).bind(9, auditMac(keys.audit, prev, seq, record));
    ins.run();
    db.noteAuditAppended();
}

std::optional<Anchor> latestAuditEntry(Database& db) {
    auto& st = db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    std::optional<Anchor> a;
    if (st.step()) a = Anchor{st.int64(0), st.text(1)};
    st.reset();
    return a;
}

AuditVerdict verifyAuditChain(Database& db) {
    const bool memory = db.path().empty() || db.path() == ":memory:";
    return verifyAuditChain(db, memory ? std::string() : anchorPathFor(db.path()));
}

AuditVerdict verifyAuditChain(Database& db, const std::string& anchor_path) {
    const IntegrityKeys& keys = keysOf(db);
    AuditVerdict v;
    auto fail = [&](std::optional<std::int64_t> seq, std::string problem) {
        v.intact = false;
        v.first_broken_seq = seq;
        v.problem = std::move(problem);
        return v;
    };
    if (!anchor_path.empty()) v.anchor = readAnchor(anchor_path);
    std::string prev = kAuditGenesis;
    std::int64_t expected_seq = 1;
    std::optional<std::string> mac_at_anchor;
    auto& st = db.prepare(kSelectAll);
    while (st.step()) {
        const std::int64_t seq = st.int64(0);
        const core::AuditRecord r = readRecord(st);
        const std::string stored_prev = st.text(7), stored_mac = st.text(8);
        std::string problem;
        if (seq != expected_seq)
            problem = seq > expected_seq ? "entry " + std::to_string(expected_seq) + " is missing (next is " +
                                               std::to_string(seq) + "): rows were deleted"
                                         : "entry " + std::to_string(seq) + " is out of order";
        else if (stored_prev != prev)
            problem = "entry " + std::to_string(seq) + " does not follow entry " + std::to_string(seq - 1) +
                      " (rows were deleted, inserted or reordered)";
        else if (auditMac(keys.audit, prev, seq, r) != stored_mac)
            problem = "entry " + std::to_string(seq) +
                      " does not match its MAC (the row was changed, or written without the data key)";
        if (!problem.empty()) {
            st.reset();
            return fail(seq, problem);
        }
        if (v.anchor && seq == v.anchor->seq) mac_at_anchor = stored_mac;
        prev = stored_mac;
        ++expected_seq;
        ++v.entries;
    }
    if (anchor_path.empty()) return v;
    if (!v.anchor) {
        if (v.entries > 0)
            return fail(std::nullopt, "the audit anchor " + anchor_path + " is missing, so a log cut short would not show (" +
                                          std::to_string(v.entries) + " entries); an administrator re-anchors after "
                                          "checking: `kiosk audit reanchor`");
        return v;
    }
    if (v.entries < v.anchor->seq)
        return fail(v.entries + 1, "the audit log ends at entry " + std::to_string(v.entries) + " but the anchor says " +
                                       std::to_string(v.anchor->seq) + " (entries were deleted or lost)");
    if (v.anchor->seq > 0 && mac_at_anchor != v.anchor->mac)
        return fail(v.anchor->seq, "entry " + std::to_string(v.anchor->seq) +
                                       " does not match the anchor (the log was rewritten or replaced)");
    v.anchor_behind = v.entries > v.anchor->seq;
    return v;
}

void rechainAudit(Database& db, const MacKey& key, bool from_legacy) {
    if (db.autocommit()) throw DatabaseError("rechaining the audit log needs a transaction");
    struct Row {
        std::int64_t seq;
        core::AuditRecord r;
        std::string prev, mac;
    };
    std::vector<Row> rows;
    {
        auto& st = db.prepare(kSelectAll);
        while (st.step()) rows.push_back({st.int64(0), readRecord(st), st.text(7), st.text(8)});
    }
    std::string prev_old = kAuditGenesis, prev_new = kAuditGenesis;
    std::int64_t expected = 1;
    const IntegrityKeys* current = db.integrity();
    for (auto& row : rows) {
        // The chain being replaced must be whole: a rechain never launders a broken log.
        const std::string check =
            from_legacy ? legacyAuditHash(prev_old, row.seq, row.r)
                        : (current ? auditMac(current->audit, prev_old, row.seq, row.r) : std::string());
        if (row.seq != expected || row.prev != prev_old || check != row.mac)
            throw IntegrityError("the audit log is broken at entry " + std::to_string(row.seq) +
                                 ": it was not rechained; investigate before upgrading or rotating");
        prev_old = row.mac;
        row.prev = prev_new;
        row.mac = auditMac(key, prev_new, row.seq, row.r);
        prev_new = row.mac;
        ++expected;
    }
    db.exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;");
    auto& up = db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?");
    for (const auto& row : rows) {
        up.bind(1, row.prev).bind(2, row.mac).bind(3, row.seq);
        up.run();
    }
    db.exec(kTriggers);
    db.noteAuditAppended();  // the anchor must follow the new MACs
}

}  // namespace store
