// SqliteRecords: contact sessions, every attempt at a child's check, and appeals (migration 0006).
#include "kiosk/store/row_helpers.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "kiosk/store/sqlite_records.hpp"

namespace store {
using namespace core;
using detail::dateFrom;
using detail::enumFrom;
using detail::one;
using detail::all;

// --- attempts ---------------------------------------------------------------------------------------

Id SqliteRecords::addAbandonedAttempt(const CheckAttempt& a) {
    auto& st = db_.prepare(
        "INSERT INTO abandoned_attempts (booking_id, child_id, station, officer_id, at, band, best_distance, distances, "
        "faces, quality_ok, quality_issues, attempt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, a.booking_id).bind(2, a.child_id).bind(3, a.station).bind(4, a.officer_id).bind(5, a.at);
    st.bind(6, name(a.evidence.band)).bind(7, a.evidence.best_distance).bind(8, detail::distancesJson(a.evidence.distances));
    st.bind(9, a.evidence.faces).bind(10, a.evidence.quality_ok ? 1 : 0).bind(11, detail::issuesJson(a.evidence.quality_issues));
    st.bind(12, a.attempt);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "abandoned_attempts", id);
    return id;
}

std::vector<CheckAttempt> SqliteRecords::attemptsOf(Id booking_id) {
    // The children's statuses decide whether the visit or call may start: edited rows fail closed.
    verifyRowsWhere(db_, "identity_checks", "booking_id = ?", booking_id);
    verifyRowsWhere(db_, "abandoned_attempts", "booking_id = ?", booking_id);
    // Both kinds in the order they happened: by time, then by the child's attempt number (two
    // attempts can share a second).
    auto& st = db_.prepare(
        "SELECT id, 0, booking_id, child_id, station, officer_id, at, band, best_distance, distances, faces, quality_ok, "
        "quality_issues, decision, reason, coalesce(attempt, 0) FROM identity_checks WHERE booking_id = ?1 "
        "UNION ALL "
        "SELECT id, 1, booking_id, child_id, station, officer_id, at, band, best_distance, distances, faces, quality_ok, "
        "quality_issues, NULL, '', attempt FROM abandoned_attempts WHERE booking_id = ?1 "
        "ORDER BY 7, 16, 1");
    st.bind(1, booking_id);
    return all<CheckAttempt>(st, [](Statement& s) {
        CheckAttempt a;
        a.id = s.int64(0);
        a.abandoned = s.int64(1) != 0;
        a.booking_id = s.int64(2);
        a.child_id = s.int64(3);
        a.station = s.text(4);
        a.officer_id = s.int64(5);
        a.at = s.text(6);
        if (!s.isNull(7)) a.evidence.band = enumFrom<Band>(s.text(7), "band");
        if (!s.isNull(8)) a.evidence.best_distance = s.real(8);
        a.evidence.distances = detail::distancesFrom(s.text(9));
        a.evidence.faces = static_cast<int>(s.int64(10));
        a.evidence.quality_ok = s.int64(11) != 0;
        a.evidence.quality_issues = detail::issuesFrom(s.text(12));
        if (!s.isNull(13)) a.decision = enumFrom<Decision>(s.text(13), "decision");
        a.reason = s.text(14);
        a.attempt = static_cast<int>(s.int64(15));
        return a;
    });
}

// --- sessions ---------------------------------------------------------------------------------------

std::optional<SessionRecord> SqliteRecords::session(Id booking_id) {
    verifyRow(db_, "contact_sessions", booking_id);
    auto& st = db_.prepare("SELECT id, started_at, started_by, ended_at, ended_by FROM contact_sessions WHERE id = ?");
    st.bind(1, booking_id);
    return one<SessionRecord>(st, [](Statement& s) {
        return SessionRecord{s.int64(0), s.text(1), s.int64(2), s.optText(3), s.optInt64(4)};
    });
}

void SqliteRecords::startSession(Id booking_id, Id by, const std::string& at) {
    auto& st = db_.prepare("INSERT INTO contact_sessions (id, started_at, started_by) VALUES (?,?,?)");
    st.bind(1, booking_id).bind(2, at).bind(3, by);
    st.run();
    sealRow(db_, "contact_sessions", booking_id);
}

void SqliteRecords::endSession(Id booking_id, Id by, const std::string& at) {
    auto& st = db_.prepare("UPDATE contact_sessions SET ended_at = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL");
    st.bind(1, at).bind(2, by).bind(3, booking_id);
    st.run();
    sealRow(db_, "contact_sessions", booking_id);
}

// --- appeals ----------------------------------------------------------------------------------------

Id SqliteRecords::addAppeal(const Appeal& a) {
    auto& st = db_.prepare(
        "INSERT INTO appeals (review_id, lodged_on, recorded_by, recorded_at, grounds, notes) VALUES (?,?,?,?,?,?)");
    st.bind(1, a.review_id).bind(2, a.lodged_on.iso()).bind(3, a.recorded_by).bind(4, a.recorded_at);
    st.bind(5, a.grounds).bind(6, a.notes);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "appeals", id);
    return id;
}

namespace {
constexpr const char* kAppealCols =
    "SELECT id, review_id, lodged_on, recorded_by, recorded_at, grounds, outcome, decided_on, decided_by, notes "
    "FROM appeals ";
Appeal readAppeal(Statement& s) {
    Appeal a;
    a.id = s.int64(0);
    a.review_id = s.int64(1);
    a.lodged_on = dateFrom(s.text(2));
    a.recorded_by = s.int64(3);
    a.recorded_at = s.text(4);
    a.grounds = s.text(5);
    if (!s.isNull(6)) a.outcome = enumFrom<AppealOutcome>(s.text(6), "appeal outcome");
    if (!s.isNull(7)) a.decided_on = dateFrom(s.text(7));
    a.decided_by = s.optInt64(8);
    a.notes = s.text(9);
    return a;
}
}  // namespace

std::optional<Appeal> SqliteRecords::appeal(Id id) {
    auto& st = db_.prepare(std::string(kAppealCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Appeal>(st, readAppeal);
}

std::vector<Appeal> SqliteRecords::appeals(std::optional<Id> review_id) {
    auto& st = db_.prepare(std::string(kAppealCols) + "WHERE ?1 IS NULL OR review_id = ?1 ORDER BY id");
    st.bind(1, review_id);
    return all<Appeal>(st, readAppeal);
}

void SqliteRecords::updateAppeal(const Appeal& a) {
    auto& st = db_.prepare("UPDATE appeals SET outcome = ?, decided_on = ?, decided_by = ?, notes = ? WHERE id = ?");
    if (a.outcome) st.bind(1, name(*a.outcome));
    else st.bindNull(1);
    if (a.decided_on) st.bind(2, a.decided_on->iso());
    else st.bindNull(2);
    st.bind(3, a.decided_by).bind(4, a.notes).bind(5, a.id);
    st.run();
    sealRow(db_, "appeals", a.id);
}

}  // namespace store
