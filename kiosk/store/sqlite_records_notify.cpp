// SqliteRecords: recipients, the outbox and the establishment's settings (issue 13). Every write
// is sealed (row MAC) in the caller's transaction; what a sender reads to send, and the
// recipients a notice is composed for, are read with their MACs checked, so a message or an
// address edited outside the kiosk is never sent.
#include "kiosk/store/integrity.hpp"
#include "kiosk/store/row_helpers.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "kiosk/store/sqlite_records.hpp"

namespace store {

using namespace core;
using detail::all;
using detail::enumFrom;
using detail::one;

// --- recipients -----------------------------------------------------------------------------------

namespace {
constexpr const char* kRecipientCols =
    "SELECT id, role, name, email, added_by, added_at, removed_at, removed_by FROM recipients ";
Recipient readRecipient(Statement& s) {
    Recipient r;
    r.id = s.int64(0);
    r.role = enumFrom<RecipientRole>(s.text(1), "recipient role");
    r.name = s.text(2);
    r.email = s.text(3);
    r.added_by = s.int64(4);
    r.added_at = s.text(5);
    r.removed_at = s.optText(6);
    r.removed_by = s.optInt64(7);
    return r;
}
}  // namespace

Id SqliteRecords::addRecipient(const Recipient& r) {
    auto& st = db_.prepare("INSERT INTO recipients (role, name, email, added_by, added_at) VALUES (?,?,?,?,?)");
    st.bind(1, name(r.role)).bind(2, r.name).bind(3, r.email).bind(4, r.added_by).bind(5, r.added_at);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "recipients", id);
    return id;
}

std::optional<Recipient> SqliteRecords::recipient(Id id) {
    auto& st = db_.prepare(std::string(kRecipientCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<Recipient>(st, readRecipient);
}

std::vector<Recipient> SqliteRecords::recipients(bool active_only) {
    if (active_only) verifyRowsWhere(db_, "recipients", "removed_at IS NULL AND id > ?", 0);
    auto& st = db_.prepare(std::string(kRecipientCols) + (active_only ? "WHERE removed_at IS NULL " : "") +
                           "ORDER BY CASE role WHEN 'safeguarding_lead' THEN 0 WHEN 'duty_governor' THEN 1 ELSE 2 END, "
                           "name, id");
    return all<Recipient>(st, readRecipient);
}

void SqliteRecords::removeRecipient(Id id, Id by, const std::string& at) {
    auto& st = db_.prepare("UPDATE recipients SET removed_at = ?, removed_by = ? WHERE id = ?");
    st.bind(1, at).bind(2, by).bind(3, id);
    st.run();
    sealRow(db_, "recipients", id);
}

// --- the outbox -----------------------------------------------------------------------------------

namespace {
constexpr const char* kOutboxCols =
    "SELECT id, notification_id, recipient_id, address, subject, body, message_key, state, attempts, queued_at, "
    "next_attempt_at, claimed_at, sent_at, last_reply FROM outbox ";
OutboxMessage readOutbox(Statement& s) {
    OutboxMessage m;
    m.id = s.int64(0);
    m.notification_id = s.int64(1);
    m.recipient_id = s.int64(2);
    m.address = s.text(3);
    m.subject = s.text(4);
    m.body = s.text(5);
    m.message_key = s.text(6);
    m.state = enumFrom<DeliveryState>(s.text(7), "delivery state");
    m.attempts = static_cast<int>(s.int64(8));
    m.queued_at = s.text(9);
    m.next_attempt_at = s.text(10);
    m.claimed_at = s.optText(11);
    m.sent_at = s.optText(12);
    m.last_reply = s.text(13);
    return m;
}
}  // namespace

Id SqliteRecords::addOutboxMessage(const OutboxMessage& m) {
    auto& st = db_.prepare(
        "INSERT INTO outbox (notification_id, recipient_id, address, subject, body, message_key, state, attempts, "
        "queued_at, next_attempt_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, m.notification_id).bind(2, m.recipient_id).bind(3, m.address).bind(4, m.subject).bind(5, m.body);
    st.bind(6, m.message_key).bind(7, name(m.state)).bind(8, m.attempts).bind(9, m.queued_at).bind(10, m.next_attempt_at);
    st.run();
    const Id id = db_.lastInsertId();
    sealRow(db_, "outbox", id);
    return id;
}

std::optional<OutboxMessage> SqliteRecords::outboxMessage(Id id) {
    verifyRow(db_, "outbox", id);
    auto& st = db_.prepare(std::string(kOutboxCols) + "WHERE id = ?");
    st.bind(1, id);
    return one<OutboxMessage>(st, readOutbox);
}

std::vector<OutboxMessage> SqliteRecords::outboxOf(Id notification_id) {
    auto& st = db_.prepare(std::string(kOutboxCols) + "WHERE notification_id = ? ORDER BY id");
    st.bind(1, notification_id);
    return all<OutboxMessage>(st, readOutbox);
}

std::vector<OutboxMessage> SqliteRecords::dueOutbox(const std::string& now, int limit) {
    auto& st = db_.prepare(std::string(kOutboxCols) +
                           "WHERE state IN ('queued','retrying') AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
                           "LIMIT ?");
    st.bind(1, now).bind(2, limit);
    auto due = all<OutboxMessage>(st, readOutbox);
    for (const auto& m : due) verifyRow(db_, "outbox", m.id);  // never send what was edited behind the kiosk
    return due;
}

std::vector<OutboxMessage> SqliteRecords::outboxInState(DeliveryState state) {
    auto& st = db_.prepare(std::string(kOutboxCols) + "WHERE state = ? ORDER BY id");
    st.bind(1, name(state));
    return all<OutboxMessage>(st, readOutbox);
}

void SqliteRecords::updateOutboxMessage(const OutboxMessage& m) {
    auto& st = db_.prepare(
        "UPDATE outbox SET message_key = ?, state = ?, attempts = ?, next_attempt_at = ?, claimed_at = ?, sent_at = ?, "
        "last_reply = ? WHERE id = ?");
    st.bind(1, m.message_key).bind(2, name(m.state)).bind(3, m.attempts).bind(4, m.next_attempt_at);
    st.bind(5, m.claimed_at).bind(6, m.sent_at).bind(7, m.last_reply).bind(8, m.id);
    st.run();
    sealRow(db_, "outbox", m.id);
}

// --- settings -------------------------------------------------------------------------------------

std::optional<std::string> SqliteRecords::setting(const std::string& key) { return store::setting(db_, key); }

void SqliteRecords::setSetting(const std::string& key, const std::string& value) {
    inTransaction([&] { store::setSetting(db_, key, value); });
}

}  // namespace store
