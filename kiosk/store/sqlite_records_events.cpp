// SqliteRecords: bookings, identity checks, incidents, reviews and notifications.
#include <nlohmann/json.hpp>

#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/row_helpers.hpp"
#include "kiosk/store/row_seal.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "kiosk/store/sqlite_records.hpp"

namespace store {
using namespace core;
using detail::dateFrom;
using detail::enumFrom;
using detail::one;
using detail::all;

namespace {
std::optional<Date> optDate(const std::optional<std::string>& s) {
    return s ? std::optional<Date>(dateFrom(*s)) : std::nullopt;
}
}  // namespace

// --- bookings -------------------------------------------------------------------------------------

Id SqliteRecords::addBooking(const Booking& b) {
    auto& st = db_.prepare("INSERT INTO bookings (ref, kind, prisoner_id, date, time, status) VALUES (?,?,?,?,?,?)");
    if (b.ref.empty()) st.bindNull(1);
    else st.bind(1, b.ref);
    st.bind(2, name(b.kind)).bind(3, b.prisoner_id).bind(4, b.date.iso()).bind(5, b.time).bind(6, name(b.status));
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "bookings", id);
    auto& child = db_.prepare("INSERT OR IGNORE INTO booking_children (booking_id, child_id) VALUES (?,?)");
    for (const Id c : b.children) {
        child.bind(1, id).bind(2, c);
        child.run();
    }
    return id;
}

namespace {
Booking readBooking(Statement& st) {
    Booking b;
    b.id = st.int64(0);
    b.ref = st.text(1);
    b.kind = enumFrom<BookingKind>(st.text(2), "booking kind");
    b.prisoner_id = st.int64(3);
    b.date = dateFrom(st.text(4));
    b.time = st.text(5);
    b.status = enumFrom<BookingStatus>(st.text(6), "booking status");
    return b;
}
std::vector<Id> parseIdList(const std::string& csv) {
    std::vector<Id> ids;
    std::size_t pos = 0;
    while (pos < csv.size()) {
        const auto comma = csv.find(',', pos);
        ids.push_back(std::stoll(csv.substr(pos, comma - pos)));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return ids;
}
}  // namespace

std::optional<Booking> SqliteRecords::booking(Id id) {
    verifyRow(db_, "bookings", id);  // eligibility starts from the booking's kind, prisoner and status
    auto& st = db_.prepare("SELECT id, ref, kind, prisoner_id, date, time, status FROM bookings WHERE id = ?");
    st.bind(1, id);
    auto b = one<Booking>(st, readBooking);
    if (b) {
        auto& ch = db_.prepare("SELECT child_id FROM booking_children WHERE booking_id = ? ORDER BY child_id");
        ch.bind(1, id);
        while (ch.step()) b->children.push_back(ch.int64(0));
    }
    return b;
}

std::optional<Booking> SqliteRecords::bookingByRef(const std::string& ref) {
    auto& st = db_.prepare("SELECT id FROM bookings WHERE ref = ?");
    st.bind(1, ref);
    const auto id = one<Id>(st, [](Statement& s) { return s.int64(0); });
    return id ? booking(*id) : std::nullopt;
}

std::vector<BookingRow> SqliteRecords::bookingsOn(const Date& day) {
    // One query for the whole day: children aggregated, the prisoner's open review joined, so a
    // day of 2,000 bookings is one index range scan rather than thousands of round trips.
    auto& st = db_.prepare(
        "SELECT b.id, b.ref, b.kind, b.prisoner_id, b.date, b.time, b.status, p.prison_number, "
        "p.first_name || ' ' || p.last_name, "
        "(SELECT min(r.id) FROM reviews r WHERE r.prisoner_id = b.prisoner_id AND r.status = 'open' "
        "   AND r.blocks_contact = 1), "
        "(SELECT group_concat(child_id) FROM (SELECT child_id FROM booking_children bc "
        "   WHERE bc.booking_id = b.id ORDER BY child_id)) "
        "FROM bookings b JOIN prisoners p ON p.id = b.prisoner_id WHERE b.date = ? ORDER BY b.time, b.id");
    st.bind(1, day.iso());
    std::vector<BookingRow> rows;
    while (st.step()) {
        BookingRow r;
        r.booking = readBooking(st);
        r.prison_number = st.text(7);
        r.prisoner_name = st.text(8);
        r.open_review_id = st.optInt64(9);
        r.booking.children = parseIdList(st.text(10));
        r.shown_status = r.booking.status;
        rows.push_back(std::move(r));
    }
    return rows;
}

void SqliteRecords::setBookingStatus(Id booking_id, BookingStatus status) {
    auto& st = db_.prepare("UPDATE bookings SET status = ? WHERE id = ?");
    st.bind(1, name(status)).bind(2, booking_id);
    st.run();
    sealRow(db_, "bookings", booking_id);
}

// --- identity checks ------------------------------------------------------------------------------

Id SqliteRecords::addCheck(const IdentityCheck& c) {
    if (!c.evidence.evidence_jpeg.empty()) requireCurrentKey();
    Id id = 0;
    // The evidence crop is bound to the check's row id: insert, then seal in place, in one transaction.
    inTransaction([&] {
        auto& st = db_.prepare(
            "INSERT INTO identity_checks (booking_id, child_id, station, officer_id, at, band, best_distance, "
            "distances, faces, quality_ok, quality_issues, decision, reason, attempt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        st.bind(1, c.booking_id).bind(2, c.child_id).bind(3, c.station).bind(4, c.officer_id).bind(5, c.at);
        st.bind(6, name(c.evidence.band)).bind(7, c.evidence.best_distance).bind(8, detail::distancesJson(c.evidence.distances));
        st.bind(9, c.evidence.faces).bind(10, c.evidence.quality_ok ? 1 : 0).bind(11, detail::issuesJson(c.evidence.quality_issues));
        st.bind(12, name(c.decision)).bind(13, c.reason).bind(14, c.attempt);
        st.run();
        id = db_.lastInsertId();
        if (!c.evidence.evidence_jpeg.empty()) {
            auto& crop = db_.prepare("UPDATE identity_checks SET evidence_crop = ? WHERE id = ?");
            crop.bindBlob(1, codec_.encode(bindingFor(BlobKind::EvidenceCrop, id, c.child_id), c.evidence.evidence_jpeg));
            crop.bind(2, id);
            crop.run();
        }
        sealRow(db_, "identity_checks", id);
    });
    return id;
}

std::optional<IdentityCheck> SqliteRecords::check(Id id) {
    verifyRow(db_, "identity_checks", id);  // a refusal turned into a confirmation shows here
    auto& st = db_.prepare(
        "SELECT id, booking_id, child_id, station, officer_id, at, band, best_distance, distances, faces, quality_ok, "
        "quality_issues, decision, reason, evidence_crop, coalesce(attempt, 0) FROM identity_checks WHERE id = ?");
    st.bind(1, id);
    return one<IdentityCheck>(st, [this](Statement& s) {
        IdentityCheck c;
        c.id = s.int64(0);
        c.booking_id = s.int64(1);
        c.child_id = s.int64(2);
        c.station = s.text(3);
        c.officer_id = s.int64(4);
        c.at = s.text(5);
        c.evidence.band = enumFrom<Band>(s.text(6), "band");
        if (!s.isNull(7)) c.evidence.best_distance = s.real(7);
        c.evidence.distances = detail::distancesFrom(s.text(8));
        c.evidence.faces = static_cast<int>(s.int64(9));
        c.evidence.quality_ok = s.int64(10) != 0;
        c.evidence.quality_issues = detail::issuesFrom(s.text(11));
        c.decision = enumFrom<Decision>(s.text(12), "decision");
        c.reason = s.text(13);
        if (!s.isNull(14))
            c.evidence.evidence_jpeg = codec_.decode(bindingFor(BlobKind::EvidenceCrop, c.id, c.child_id), s.blob(14));
        c.attempt = static_cast<int>(s.int64(15));
        return c;
    });
}

// --- incidents ------------------------------------------------------------------------------------

Id SqliteRecords::addIncident(const Incident& i) {
    auto& st = db_.prepare(
        "INSERT INTO incidents (kind, prisoner_id, booking_id, child_id, check_id, raised_by, raised_at, details, "
        "review_id, status) VALUES (?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, name(i.kind)).bind(2, i.prisoner_id).bind(3, i.booking_id).bind(4, i.child_id).bind(5, i.check_id);
    st.bind(6, i.raised_by).bind(7, i.raised_at).bind(8, i.details).bind(9, i.review_id).bind(10, i.open ? "open" : "closed");
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "incidents", id);
    return id;
}

namespace {
constexpr const char* kIncidentCols =
    "SELECT id, kind, prisoner_id, booking_id, child_id, check_id, raised_by, raised_at, details, review_id, status, "
    "closed_at, coalesce(length(evidence_snapshot), 0) FROM incidents ";
Incident readIncident(Statement& s) {
    Incident i;
    i.id = s.int64(0);
    i.kind = enumFrom<IncidentKind>(s.text(1), "incident kind");
    i.prisoner_id = s.int64(2);
    i.booking_id = s.optInt64(3);
    i.child_id = s.optInt64(4);
    i.check_id = s.optInt64(5);
    i.raised_by = s.int64(6);
    i.raised_at = s.text(7);
    i.details = s.text(8);
    i.review_id = s.optInt64(9);
    i.open = s.text(10) == "open";
    i.closed_at = s.optText(11);
    i.snapshot_bytes = s.int64(12);
    return i;
}
}  // namespace

std::optional<Incident> SqliteRecords::incident(Id id) {
    verifyRow(db_, "incidents", id);
    auto& st = db_.prepare(std::string(kIncidentCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Incident>(st, readIncident);
}

std::vector<Incident> SqliteRecords::incidents(bool open_only) {
    auto& st = db_.prepare(std::string(kIncidentCols) + (open_only ? "WHERE status = 'open' " : "") + "ORDER BY id");
    return all<Incident>(st, readIncident);
}

void SqliteRecords::setIncidentReview(Id incident_id, Id review_id) {
    auto& st = db_.prepare("UPDATE incidents SET review_id = ? WHERE id = ?");
    st.bind(1, review_id).bind(2, incident_id);
    st.run();
    sealRow(db_, "incidents", incident_id);
}

void SqliteRecords::setIncidentSnapshot(Id incident_id, const std::vector<std::uint8_t>& jpeg) {
    auto& st = db_.prepare("UPDATE incidents SET evidence_snapshot = ? WHERE id = ?");
    if (jpeg.empty()) st.bindNull(1);
    else st.bindBlob(1, codec_.encode(bindingFor(BlobKind::IncidentSnapshot, incident_id, incident_id), jpeg));
    st.bind(2, incident_id);
    st.run();
}

std::vector<std::uint8_t> SqliteRecords::incidentSnapshot(Id incident_id) {
    auto& st = db_.prepare("SELECT evidence_snapshot FROM incidents WHERE id = ?");
    st.bind(1, incident_id);
    std::vector<std::uint8_t> jpeg;
    if (st.step() && !st.isNull(0))
        jpeg = codec_.decode(bindingFor(BlobKind::IncidentSnapshot, incident_id, incident_id), st.blob(0));
    st.reset();
    return jpeg;
}

void SqliteRecords::closeIncident(Id incident_id, const std::string& at) {
    auto& st = db_.prepare("UPDATE incidents SET status = 'closed', closed_at = ? WHERE id = ?");
    st.bind(1, at).bind(2, incident_id);
    st.run();
    sealRow(db_, "incidents", incident_id);
}

// --- reviews --------------------------------------------------------------------------------------

Id SqliteRecords::addReview(const Review& r) {
    auto& st = db_.prepare(
        "INSERT INTO reviews (prisoner_id, opened_by, opened_incident_id, opened_at, status, notes, blocks_contact, "
        "arrangement_id) VALUES (?,?,?,?,?,?,?,?)");
    st.bind(1, r.prisoner_id).bind(2, name(r.opened_by)).bind(3, r.opened_incident_id).bind(4, r.opened_at);
    st.bind(5, name(r.status)).bind(6, r.notes).bind(7, r.blocks_contact ? 1 : 0).bind(8, r.arrangement_id);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "reviews", id);
    return id;
}

namespace {
constexpr const char* kReviewCols =
    "SELECT id, prisoner_id, opened_by, opened_incident_id, opened_at, status, outcome, decided_by, decided_at, notes, "
    "inform_by, informed_at, informed_by, appeal_lodged_at, appeal_outcome, blocks_contact, arrangement_id, variation "
    "FROM reviews ";
Review readReview(Statement& s) {
    Review r;
    r.id = s.int64(0);
    r.prisoner_id = s.int64(1);
    r.opened_by = enumFrom<ReviewTrigger>(s.text(2), "review trigger");
    r.opened_incident_id = s.optInt64(3);
    r.opened_at = s.text(4);
    r.status = enumFrom<ReviewStatus>(s.text(5), "review status");
    if (!s.isNull(6)) r.outcome = enumFrom<ReviewOutcome>(s.text(6), "review outcome");
    r.decided_by = s.optInt64(7);
    r.decided_at = s.optText(8);
    r.notes = s.text(9);
    r.inform_by = optDate(s.optText(10));
    r.informed_at = s.optText(11);
    r.informed_by = s.optInt64(12);
    r.appeal_lodged_at = s.optText(13);
    r.appeal_outcome = s.optText(14);
    r.blocks_contact = s.int64(15) != 0;
    r.arrangement_id = s.optInt64(16);
    r.variation = s.text(17);
    return r;
}
}  // namespace

std::optional<Review> SqliteRecords::review(Id id) {
    verifyRow(db_, "reviews", id);
    auto& st = db_.prepare(std::string(kReviewCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Review>(st, readReview);
}

std::optional<Review> SqliteRecords::openReviewOf(Id prisoner_id) {
    // Every review of the prisoner, not only the open ones: a review marked "completed" with
    // sqlite3 would otherwise drop out of this query unchecked and unblock the prisoner.
    verifyRowsWhere(db_, "reviews", "prisoner_id = ?", prisoner_id);
    auto& st = db_.prepare(std::string(kReviewCols) + "WHERE prisoner_id = ? AND status = 'open' ORDER BY id LIMIT 1");
    st.bind(1, prisoner_id);
    return one<Review>(st, readReview);
}

std::vector<Review> SqliteRecords::reviews(bool open_only) {
    auto& st = db_.prepare(std::string(kReviewCols) + (open_only ? "WHERE status = 'open' " : "") + "ORDER BY id");
    return all<Review>(st, readReview);
}

void SqliteRecords::updateReview(const Review& r) {
    auto& st = db_.prepare(
        "UPDATE reviews SET status = ?, outcome = ?, decided_by = ?, decided_at = ?, notes = ?, inform_by = ?, "
        "informed_at = ?, informed_by = ?, appeal_lodged_at = ?, appeal_outcome = ?, blocks_contact = ?, variation = ? "
        "WHERE id = ?");
    st.bind(1, name(r.status));
    if (r.outcome) st.bind(2, name(*r.outcome));
    else st.bindNull(2);
    st.bind(3, r.decided_by).bind(4, r.decided_at).bind(5, r.notes);
    if (r.inform_by) st.bind(6, r.inform_by->iso());
    else st.bindNull(6);
    st.bind(7, r.informed_at).bind(8, r.informed_by).bind(9, r.appeal_lodged_at).bind(10, r.appeal_outcome);
    st.bind(11, r.blocks_contact ? 1 : 0).bind(12, r.variation).bind(13, r.id);
    st.run();
    sealRow(db_, "reviews", r.id);
}

// --- notifications --------------------------------------------------------------------------------

Id SqliteRecords::addNotification(const Notification& n) {
    auto& st = db_.prepare("INSERT INTO notifications (incident_id, recipient_role, created_at) VALUES (?,?,?)");
    st.bind(1, n.incident_id).bind(2, name(n.recipient)).bind(3, n.created_at);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "notifications", id);
    return id;
}

namespace {
constexpr const char* kNotificationCols =
    "SELECT id, incident_id, recipient_role, created_at, acknowledged_by, acknowledged_at FROM notifications ";
Notification readNotification(Statement& s) {
    return {s.int64(0), s.int64(1), enumFrom<RecipientRole>(s.text(2), "recipient role"), s.text(3), s.optInt64(4),
            s.optText(5)};
}
}  // namespace

std::optional<Notification> SqliteRecords::notification(Id id) {
    auto& st = db_.prepare(std::string(kNotificationCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Notification>(st, readNotification);
}

std::vector<Notification> SqliteRecords::notifications(bool unacknowledged_only) {
    auto& st = db_.prepare(std::string(kNotificationCols) +
                           (unacknowledged_only ? "WHERE acknowledged_at IS NULL " : "") + "ORDER BY id");
    return all<Notification>(st, readNotification);
}

std::vector<Notification> SqliteRecords::notificationsOf(Id incident_id) {
    auto& st = db_.prepare(std::string(kNotificationCols) + "WHERE incident_id = ? ORDER BY id");
    st.bind(1, incident_id);
    return all<Notification>(st, readNotification);
}

void SqliteRecords::acknowledgeNotification(Id id, Id user_id, const std::string& at) {
    auto& st = db_.prepare("UPDATE notifications SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?");
    st.bind(1, user_id).bind(2, at).bind(3, id);
    st.run();
    sealRow(db_, "notifications", id);
}

// --- retention ----------------------------------------------------------------------------------

std::vector<StoredCapture> SqliteRecords::capturesWithEvidence() {
    auto& st = db_.prepare(
        "SELECT c.id, c.booking_id, c.child_id, c.at, length(c.evidence_crop), "
        "EXISTS (SELECT 1 FROM incidents i WHERE i.check_id = c.id) "
        "FROM identity_checks c WHERE c.evidence_crop IS NOT NULL ORDER BY c.id");
    return all<StoredCapture>(st, [](Statement& s) {
        return StoredCapture{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.int64(4), s.int64(5) != 0};
    });
}

void SqliteRecords::dropEvidence(Id check_id) {
    // secure_delete (set on every connection) zeroes the freed pages.
    auto& st = db_.prepare("UPDATE identity_checks SET evidence_crop = NULL WHERE id = ?");
    st.bind(1, check_id);
    st.run();
}

}  // namespace store
