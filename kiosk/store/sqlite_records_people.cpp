// SqliteRecords: transactions, users, prisoners, children, arrangements, approved images, bank
// holidays and the audit log.
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/row_helpers.hpp"
#include "kiosk/store/sqlite_records.hpp"

#include "kiosk/core/errors.hpp"
#include "kiosk/store/errors.hpp"
#include "kiosk/store/integrity.hpp"
#include "kiosk/store/pin_hash.hpp"
#include "kiosk/store/row_seal.hpp"
#include "kiosk/store/sqlite_integrity.hpp"

namespace store {
using namespace core;
using detail::dateFrom;
using detail::enumFrom;
using detail::one;
using detail::all;
using detail::str;

void SqliteRecords::inTransaction(const std::function<void()>& body) {
    if (depth_ > 0) {
        body();
        return;
    }
    try {
        runOutermost(body);
    } catch (...) {
        writeDeferredAudits();  // a refusal's audit row stands though the refused work rolled back
        throw;
    }
    writeDeferredAudits();
}

std::int64_t SqliteRecords::writeStamp() {
    // data_version moves when another connection commits; total_changes counts this connection's.
    auto& st = db_.prepare("PRAGMA data_version");
    if (!st.step()) throw DatabaseError("PRAGMA data_version returned nothing");
    const std::int64_t version = st.int64(0);
    st.reset();  // a statement left active holds the connection's read and later writes fail (SQLITE_LOCKED)
    return (version << 32) + db_.totalChanges();
}

void SqliteRecords::runOutermost(const std::function<void()>& body) {
    Transaction tx(db_);
    ++depth_;
    try {
        body();
    } catch (...) {
        --depth_;
        throw;  // ~Transaction rolls back
    }
    --depth_;
    tx.commit();
}

void SqliteRecords::appendAuditCommitted(const AuditRecord& record) {
    deferred_audits_.push_back(record);
    if (depth_ == 0) writeDeferredAudits();
}

void SqliteRecords::writeDeferredAudits() {
    if (deferred_audits_.empty()) return;
    const auto pending = std::move(deferred_audits_);
    deferred_audits_.clear();
    Transaction tx(db_);
    requireCurrentKey();
    for (const auto& r : pending) store::appendAudit(db_, r);
    tx.commit();
}

// --- users ---------------------------------------------------------------------------------------

Id SqliteRecords::addUser(const User& u, const std::string& pin_hash) {
    auto& st = db_.prepare(
        "INSERT INTO users (username, display_name, role, pin_hash, active, created_at) "
        "VALUES (?,?,?,?,?,strftime('%Y-%m-%dT%H:%M:%S','now','localtime'))");
    st.bind(1, u.username).bind(2, u.display_name).bind(3, name(u.role)).bind(4, pin_hash).bind(5, u.active ? 1 : 0);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "users", id);
    return id;
}

namespace {
constexpr const char* kUserCols = "SELECT id, username, display_name, role, active FROM users ";
User readUser(Statement& st) {
    return {st.int64(0), st.text(1), st.text(2), enumFrom<Role>(st.text(3), "role"), st.int64(4) != 0};
}
}  // namespace

// A user's role and standing decide what they may do (core's authorise reads user(id)): both
// reads check the row's MAC, so a role raised with sqlite3 fails closed.
std::optional<User> SqliteRecords::userByName(std::string_view username) {
    auto& st = db_.prepare(std::string(kUserCols) + "WHERE username = ?");
    st.bind(1, username);
    auto u = one<User>(st, readUser);
    if (u) verifyRow(db_, "users", u->id);
    return u;
}

std::optional<User> SqliteRecords::user(Id id) {
    auto& st = db_.prepare(std::string(kUserCols) + "WHERE id = ?");
    st.bind(1, id);
    auto u = one<User>(st, readUser);
    if (u) verifyRow(db_, "users", id);
    return u;
}

void SqliteRecords::setPinHash(Id user_id, const std::string& pin_hash) {
    auto& st = db_.prepare("UPDATE users SET pin_hash = ? WHERE id = ?");
    st.bind(1, pin_hash).bind(2, user_id);
    st.run();
    sealRow(db_, "users", user_id);
}

void SqliteRecords::setUserActive(Id user_id, bool active) {
    auto& st = db_.prepare("UPDATE users SET active = ? WHERE id = ?");
    st.bind(1, active ? 1 : 0).bind(2, user_id);
    st.run();
    sealRow(db_, "users", user_id);
}

std::vector<User> SqliteRecords::activeUsers() {
    auto& st = db_.prepare(std::string(kUserCols) + "WHERE active = 1 ORDER BY display_name");
    return all<User>(st, readUser);
}

namespace {
std::optional<std::string> storedPinHash(Database& db, Id user_id) {
    verifyRow(db, "users", user_id);  // a PIN hash swapped for a known one must not sign in
    auto& st = db.prepare("SELECT pin_hash FROM users WHERE id = ?");
    st.bind(1, user_id);
    return one<std::string>(st, [](Statement& s) { return s.text(0); });
}
}  // namespace

bool SqliteRecords::pinMatches(Id user_id, const std::string& pin) {
    const auto hash = storedPinHash(db_, user_id);
    return hash && verifyPin(*hash, pin, pepper_);
}

bool SqliteRecords::pinHashOutdated(Id user_id) {
    const auto hash = storedPinHash(db_, user_id);
    return hash && !isPeppered(*hash);
}

std::string SqliteRecords::hashPin(const std::string& pin) { return store::hashPin(pin, pepper_, pin_cost_); }

bool SqliteRecords::demoRecords() { return isDemoDatabase(db_); }

SignInAttempts SqliteRecords::signInAttempts(Id user_id) {
    verifyRow(db_, "users", user_id);  // a lockout reset with sqlite3 must not give more guesses
    auto& st = db_.prepare("SELECT failed_pins, locked_until FROM users WHERE id = ?");
    st.bind(1, user_id);
    const auto a = one<SignInAttempts>(st, [](Statement& s) {
        return SignInAttempts{static_cast<int>(s.int64(0)), s.optText(1)};
    });
    return a.value_or(SignInAttempts{});
}

void SqliteRecords::setSignInAttempts(Id user_id, const SignInAttempts& a) {
    auto& st = db_.prepare("UPDATE users SET failed_pins = ?, locked_until = ? WHERE id = ?");
    st.bind(1, a.failures).bind(2, a.locked_until).bind(3, user_id);
    st.run();
    sealRow(db_, "users", user_id);
}

// --- prisoners and children -----------------------------------------------------------------------

Id SqliteRecords::addPrisoner(const Prisoner& p) {
    auto& st = db_.prepare(
        "INSERT INTO prisoners (prison_number, first_name, last_name, pprc_status, establishment) VALUES (?,?,?,?,?)");
    st.bind(1, p.prison_number).bind(2, p.first_name).bind(3, p.last_name).bind(4, p.pprc_status).bind(5, p.establishment);
    st.run();
    return db_.lastInsertId();
}

namespace {
constexpr const char* kPrisonerCols =
    "SELECT id, prison_number, first_name, last_name, pprc_status, establishment FROM prisoners ";
Prisoner readPrisoner(Statement& st) {
    return {st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)};
}
constexpr const char* kChildCols = "SELECT id, ref, first_name, last_name, date_of_birth, carer_name FROM children ";
Child readChild(Statement& st) {
    return {st.int64(0), st.text(1), st.text(2), st.text(3), dateFrom(st.text(4)), st.text(5)};
}
}  // namespace

std::optional<Prisoner> SqliteRecords::prisoner(Id id) {
    auto& st = db_.prepare(std::string(kPrisonerCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Prisoner>(st, readPrisoner);
}

std::optional<Prisoner> SqliteRecords::prisonerByNumber(std::string_view number) {
    auto& st = db_.prepare(std::string(kPrisonerCols) + "WHERE prison_number = ?");
    st.bind(1, number);
    return one<Prisoner>(st, readPrisoner);
}

Id SqliteRecords::addChild(const Child& c) {
    auto& st = db_.prepare(
        "INSERT INTO children (ref, first_name, last_name, date_of_birth, carer_name) VALUES (?,?,?,?,?)");
    st.bind(1, c.ref).bind(2, c.first_name).bind(3, c.last_name).bind(4, c.date_of_birth.iso()).bind(5, c.carer_name);
    st.run();
    return db_.lastInsertId();
}

std::optional<Child> SqliteRecords::child(Id id) {
    auto& st = db_.prepare(std::string(kChildCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Child>(st, readChild);
}

std::vector<Child> SqliteRecords::children() {
    auto& st = db_.prepare(std::string(kChildCols) + "ORDER BY last_name, first_name, id");
    return all<Child>(st, readChild);
}

std::optional<Child> SqliteRecords::childByRef(std::string_view ref) {
    auto& st = db_.prepare(std::string(kChildCols) + "WHERE ref = ?");
    st.bind(1, ref);
    return one<Child>(st, readChild);
}

// --- arrangements ---------------------------------------------------------------------------------

Id SqliteRecords::addArrangement(const Arrangement& a) {
    auto& st = db_.prepare(
        "INSERT INTO arrangements (prisoner_id, child_id, allow_visits, allow_video_calls, allow_phone, allow_letters, "
        "decision_date, next_review_due, status, conditions) VALUES (?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, a.prisoner_id).bind(2, a.child_id);
    st.bind(3, a.allowed.contains(ContactType::Visit) ? 1 : 0).bind(4, a.allowed.contains(ContactType::VideoCall) ? 1 : 0);
    st.bind(5, a.allowed.contains(ContactType::Phone) ? 1 : 0).bind(6, a.allowed.contains(ContactType::Letter) ? 1 : 0);
    st.bind(7, a.decision_date.iso()).bind(8, a.next_review_due.iso()).bind(9, name(a.status)).bind(10, a.conditions);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "arrangements", id);
    return id;
}

namespace {
constexpr const char* kArrangementCols =
    "SELECT id, prisoner_id, child_id, allow_visits, allow_video_calls, allow_phone, allow_letters, decision_date, "
    "next_review_due, status, conditions FROM arrangements ";
Arrangement readArrangement(Statement& st) {
    Arrangement a;
    a.id = st.int64(0);
    a.prisoner_id = st.int64(1);
    a.child_id = st.int64(2);
    const ContactType types[] = {ContactType::Visit, ContactType::VideoCall, ContactType::Phone, ContactType::Letter};
    for (int i = 0; i < 4; ++i)
        if (st.int64(3 + i)) a.allowed.insert(types[i]);
    a.decision_date = dateFrom(st.text(7));
    a.next_review_due = dateFrom(st.text(8));
    a.status = enumFrom<ArrangementStatus>(st.text(9), "arrangement status");
    a.conditions = st.text(10);
    return a;
}
}  // namespace

std::vector<Arrangement> SqliteRecords::arrangementsOfPrisoner(Id prisoner_id) {
    verifyRowsWhere(db_, "arrangements", "prisoner_id = ?", prisoner_id);  // eligibility reads these
    auto& st = db_.prepare(std::string(kArrangementCols) + "WHERE prisoner_id = ? ORDER BY id");
    st.bind(1, prisoner_id);
    return all<Arrangement>(st, readArrangement);
}

std::optional<Arrangement> SqliteRecords::arrangement(Id id) {
    verifyRow(db_, "arrangements", id);
    auto& st = db_.prepare(std::string(kArrangementCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Arrangement>(st, readArrangement);
}

void SqliteRecords::setArrangementAllowed(Id id, const std::set<ContactType>& allowed) {
    auto& st = db_.prepare(
        "UPDATE arrangements SET allow_visits = ?, allow_video_calls = ?, allow_phone = ?, allow_letters = ? WHERE id = ?");
    st.bind(1, allowed.contains(ContactType::Visit) ? 1 : 0).bind(2, allowed.contains(ContactType::VideoCall) ? 1 : 0);
    st.bind(3, allowed.contains(ContactType::Phone) ? 1 : 0).bind(4, allowed.contains(ContactType::Letter) ? 1 : 0);
    st.bind(5, id);
    st.run();
    sealRow(db_, "arrangements", id);
}

std::vector<Arrangement> SqliteRecords::allArrangements() {
    auto& st = db_.prepare(std::string(kArrangementCols) + "ORDER BY id");
    return all<Arrangement>(st, readArrangement);
}

void SqliteRecords::applyReviewToArrangements(Id prisoner_id, ArrangementStatus status, const Date& decided,
                                              const Date& next_due) {
    auto& st = db_.prepare(
        "UPDATE arrangements SET status = ?, decision_date = ?, next_review_due = ? "
        "WHERE prisoner_id = ? AND status <> 'ended'");
    st.bind(1, name(status)).bind(2, decided.iso()).bind(3, next_due.iso()).bind(4, prisoner_id);
    st.run();
    sealRowsWhere(db_, "arrangements", "prisoner_id = ?", prisoner_id);
}

// --- approved images ------------------------------------------------------------------------------

void SqliteRecords::requireCurrentKey() {
    auto& st = db_.prepare("SELECT key_id FROM data_key WHERE id = 1");
    const std::string id = st.step() ? st.text(0) : std::string();
    st.reset();
    if (id != codec_.sealingKey().id)
        throw WrongKeyError("the data key of " + db_.path() + " was rotated since this program opened it (now " + id +
                            ", was " + codec_.sealingKey().id + "): nothing was written; restart it to use the new key");
}

// The blobs are bound to their row id, which exists only once the row does: the row goes in with
// empty blobs and is sealed in place, inside one transaction (so no half-written row is ever seen).
Id SqliteRecords::addApprovedImage(const ApprovedImage& img) {
    Id id = 0;
    inTransaction([&] {
        requireCurrentKey();
        auto& st = db_.prepare(
            "INSERT INTO approved_images (child_id, source_name, image, chip, descriptor, date_taken, provided_by, "
            "identity_verified_by, carer_consent, approved_by, approved_at, descriptor_model) "
            "VALUES (?,?,x'',NULL,x'',?,?,?,?,?,?,?)");
        st.bind(1, img.child_id).bind(2, img.source_name);
        st.bind(3, img.date_taken.iso()).bind(4, img.provided_by).bind(5, img.identity_verified_by);
        st.bind(6, img.carer_consent ? 1 : 0).bind(7, img.approved_by).bind(8, img.approved_at);
        if (img.descriptor_model.empty()) st.bindNull(9);
        else st.bind(9, img.descriptor_model);
        st.run();
        id = db_.lastInsertId();
        auto& seal = db_.prepare("UPDATE approved_images SET image = ?, chip = ?, descriptor = ? WHERE id = ?");
        seal.bindBlob(1, codec_.encode(bindingFor(BlobKind::ApprovedImage, id, img.child_id), img.image));
        if (img.chip_jpeg.empty()) seal.bindNull(2);
        else seal.bindBlob(2, codec_.encode(bindingFor(BlobKind::FaceChip, id, img.child_id), img.chip_jpeg));
        seal.bindBlob(3, codec_.encodeDescriptor(bindingFor(BlobKind::Descriptor, id, img.child_id), img.descriptor));
        seal.bind(4, id);
        seal.run();
    });
    return id;
}

namespace {
ApprovedImage readImage(Statement& st, bool with_bytes, const BlobCodec& codec) {
    ApprovedImage img;
    img.id = st.int64(0);
    img.child_id = st.int64(1);
    img.source_name = st.text(2);
    img.descriptor = codec.decodeDescriptor(bindingFor(BlobKind::Descriptor, img.id, img.child_id), st.blob(3));
    img.date_taken = dateFrom(st.text(4));
    img.provided_by = st.text(5);
    img.identity_verified_by = st.text(6);
    img.carer_consent = st.int64(7) != 0;
    img.approved_by = st.int64(8);
    img.approved_at = st.text(9);
    img.retired_at = st.optText(10);
    img.descriptor_model = st.optText(11).value_or("");
    if (with_bytes) {
        img.image = codec.decode(bindingFor(BlobKind::ApprovedImage, img.id, img.child_id), st.blob(12));
        if (!st.isNull(13)) img.chip_jpeg = codec.decode(bindingFor(BlobKind::FaceChip, img.id, img.child_id), st.blob(13));
    }
    return img;
}
constexpr const char* kImageCols =
    "SELECT i.id, i.child_id, i.source_name, i.descriptor, i.date_taken, i.provided_by, i.identity_verified_by, "
    "i.carer_consent, i.approved_by, i.approved_at, i.retired_at, i.descriptor_model";
}  // namespace

std::vector<ApprovedImage> SqliteRecords::approvedImages(Id child_id, bool with_bytes) {
    // Image bytes are only read when asked: a check needs descriptors, not megabytes of JPEG.
    auto& st = db_.prepare(std::string(kImageCols) + (with_bytes ? ", i.image, i.chip" : "") +
                           " FROM approved_images i WHERE i.child_id = ? AND i.retired_at IS NULL ORDER BY i.id");
    st.bind(1, child_id);
    std::vector<ApprovedImage> out;
    try {
        while (st.step()) out.push_back(readImage(st, with_bytes, codec_));
    } catch (const SealedBlobError& e) {
        st.reset();
        auditBlobFailure(e);
        throw;
    }
    return out;
}

void SqliteRecords::auditBlobFailure(const SealedBlobError& e) {
    // Recorded though the check's own transaction rolls back: someone moved or altered an image.
    appendAuditCommitted({storeNow(db_), "kiosk", "image.integrity_failed", "approved_images", e.rowId(),
                          "child " + std::to_string(e.ownerId()) + ": " + e.what()});
}

std::optional<ApprovedImage> SqliteRecords::approvedImage(Id id) {
    auto& st = db_.prepare(std::string(kImageCols) + " FROM approved_images i WHERE i.id = ?");
    st.bind(1, id);
    return one<ApprovedImage>(st, [this](Statement& s) { return readImage(s, false, codec_); });
}

void SqliteRecords::retireImage(Id image_id, Id by, const std::string& at) {
    auto& st = db_.prepare("UPDATE approved_images SET retired_at = ?, retired_by = ? WHERE id = ? AND retired_at IS NULL");
    st.bind(1, at).bind(2, by).bind(3, image_id);
    st.run();
}

// Sealed in place under the same binding (table, column, row, child, key) as at approval.
void SqliteRecords::replaceDescriptor(Id image_id, Id child_id, const std::vector<float>& descriptor,
                                      const std::string& descriptor_model) {
    inTransaction([&] {
        requireCurrentKey();
        auto& st = db_.prepare(
            "UPDATE approved_images SET descriptor = ?, descriptor_model = ? WHERE id = ? AND child_id = ?");
        st.bindBlob(1, codec_.encodeDescriptor(bindingFor(BlobKind::Descriptor, image_id, child_id), descriptor));
        st.bind(2, descriptor_model).bind(3, image_id).bind(4, child_id);
        st.run();
        if (db_.changes() != 1)
            throw core::NotFoundError("no approved image " + std::to_string(image_id) + " of child " +
                                      std::to_string(child_id));
    });
}

std::vector<ImageOfChild> SqliteRecords::allActiveImages() {
    auto& st = db_.prepare(std::string(kImageCols) +
                           ", c.id, c.ref, c.first_name, c.last_name, c.date_of_birth, c.carer_name "
                           "FROM approved_images i JOIN children c ON c.id = i.child_id "
                           "WHERE i.retired_at IS NULL ORDER BY i.id");
    std::vector<ImageOfChild> out;
    try {
        while (st.step()) {
            ImageOfChild e;
            e.image = readImage(st, false, codec_);
            e.child = {st.int64(12), st.text(13), st.text(14), st.text(15), dateFrom(st.text(16)), st.text(17)};
            out.push_back(std::move(e));
        }
    } catch (const SealedBlobError& e) {
        st.reset();
        auditBlobFailure(e);
        throw;
    }
    return out;
}

// --- audit ---------------------------------------------------------------------------------------

void SqliteRecords::appendAudit(const AuditRecord& record) {
    // An entry MAC'd under a key rotated away by another process would break the chain.
    requireCurrentKey();
    store::appendAudit(db_, record);
}

}  // namespace store
