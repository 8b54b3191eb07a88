#include "kiosk/store/integrity.hpp"

#include <filesystem>

#include "kiosk/store/data_key.hpp"
#include "kiosk/store/errors.hpp"

namespace store {

std::optional<std::string> setting(Database& db, const std::string& name) {
    auto& has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kiosk_settings'");
    if (!has.step()) return std::nullopt;
    has.reset();
    auto& st = db.prepare("SELECT value FROM kiosk_settings WHERE name = ?");
    st.bind(1, name);
    std::optional<std::string> v;
    if (st.step()) v = st.text(0);
    st.reset();
    return v;
}

void setSetting(Database& db, const std::string& name, const std::string& value) {
    auto& st = db.prepare("INSERT OR REPLACE INTO kiosk_settings (name, value) VALUES (?, ?)");
    st.bind(1, name).bind(2, value);
    st.run();
}

bool isDemoDatabase(Database& db) { return setting(db, "demo") == "1"; }

bool isEmptyDatabase(Database& db) {
    auto& st = db.prepare("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM audit_log)");
    const bool empty = st.step() && st.int64(0) == 0;
    st.reset();
    return empty;
}

std::string storeNow(Database& db) {
    auto& st = db.prepare("SELECT strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')");
    st.step();
    const std::string now = st.text(0);
    st.reset();
    return now;
}

std::string IntegrityReport::firstProblem() const {
    if (!audit.intact) return audit.problem;
    if (!rows.empty()) return rows.front().table + " row " + std::to_string(rows.front().id) + " " + rows.front().problem;
    return {};
}

IntegrityReport verifyRecords(Database& db) {
    IntegrityReport r;
    r.audit = verifyAuditChain(db);
    if (r.audit.intact && r.audit.entries == 0 && !isEmptyDatabase(db)) {
        // Every user was added through an audited step: users without a single entry mean the log
        // (and, with it, its anchor) was removed.
        r.audit.intact = false;
        r.audit.first_broken_seq = 1;
        r.audit.problem = "the database holds users but its audit log is empty (the log was deleted)";
    }
    r.rows = checkAllRows(db);
    return r;
}

void requireIntact(Database& db) {
    const auto r = verifyRecords(db);
    if (!r.intact()) throw IntegrityError(r.firstProblem());
    // A crash between a commit and its anchor leaves the anchor behind a chain that verifies.
    if (r.audit.anchor_behind)
        if (const auto latest = latestAuditEntry(db)) writeAnchor(anchorPathFor(db.path()), *latest, false);
}

void installAuditedCommitHook(Database& db) {
    if (db.path().empty() || db.path() == ":memory:") return;
    db.setAfterAuditedCommit([&db] {
        // PASSIVE: copies what it can without waiting for other stations' readers.
        db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        if (const auto latest = latestAuditEntry(db)) writeAnchor(anchorPathFor(db.path()), *latest, false);
    });
}

UpgradeResult upgradeDatabase(Database& db, const std::string& key_path, const std::string& actor) {
    UpgradeResult r;
    if (setting(db, "integrity") == "v1") {
        if (!databaseKeyId(db))
            throw IntegrityError("the data key check row of " + db.path() +
                                 " is missing although the database was upgraded: it was tampered with; "
                                 "restore it from backup");
        r.already_current = true;
        r.key_id = *databaseKeyId(db);
        return r;
    }
    const bool had_key = databaseKeyId(db).has_value();
    if (!had_key && !std::filesystem::exists(key_path)) {
        writeKeyFile(key_path, {DataKey::generate()}, true);
        r.key_created = true;
    }
    const auto ring = readKeyFile(key_path);
    installAuditedCommitHook(db);
    Transaction tx(db);
    if (!had_key) installKeyCheck(db, BlobCodec(ring));
    const BlobCodec codec = unlockDatabase(db, ring, key_path);
    const auto keys = std::make_shared<const IntegrityKeys>(IntegrityKeys::derive(codec.sealingKey()));
    r.key_id = codec.sealingKey().id;
    rechainAudit(db, keys->audit, /*from_legacy=*/true);
    // Plaintext (from before encryption) and version-1 blobs are sealed here, explicitly, never on
    // an ordinary open.
    r.blobs = resealAllBlobs(db, [&](BlobKind kind, const BlobBinding& at, const std::vector<std::uint8_t>& b) {
        if (BlobCodec::isLegacySealed(b)) return codec.decodeLegacy(kind, b);
        if (BlobCodec::isSealed(b)) return codec.decode(at, b);
        return b;
    }, codec);
    db.setIntegrity(keys);
    r.rows = sealAllRows(db);
    setSetting(db, "integrity", "v1");
    r.audit_entries = latestAuditEntry(db).value_or(Anchor{}).seq;
    appendAudit(db, {storeNow(db), actor, "db.upgrade", "data_key", 1,
                     std::string(had_key ? "" : "data key " + r.key_id + " installed; ") + std::to_string(r.blobs) +
                         " blobs bound to their rows, " + std::to_string(r.rows) + " rows MAC'd, " +
                         std::to_string(r.audit_entries) + " audit entries rechained under the key"});
    tx.commit();
    return r;
}

Anchor reanchor(Database& db, const std::string& actor, const std::string& reason) {
    if (reason.size() < 10) throw std::invalid_argument("say what the investigation found (--reason, 10 characters or more)");
    const auto v = verifyAuditChain(db, "");  // the chain itself, under the key, without the anchor
    if (!v.intact)
        throw IntegrityError("the audit chain itself is broken (" + v.problem +
                             "): re-anchoring cannot make it whole; restore the database from backup");
    const auto old = readAnchor(anchorPathFor(db.path()));
    {
        Transaction tx(db);
        appendAudit(db, {storeNow(db), actor, "audit.reanchor", "audit_log", std::nullopt,
                         "anchor was " + (old ? "entry " + std::to_string(old->seq) : std::string("missing")) +
                             ", chain had " + std::to_string(v.entries) + " entries; reason: " + reason});
        tx.commit();
    }
    const Anchor a = *latestAuditEntry(db);
    writeAnchor(anchorPathFor(db.path()), a, /*force=*/true);
    return a;
}

}  // namespace store
