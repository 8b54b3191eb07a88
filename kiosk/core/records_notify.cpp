// Records: recipients, the establishment's settings, the outbox and its delivery states, and the
// notifications as the lead and the notified roles see them (notify.hpp holds the rules).
#include <algorithm>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/records.hpp"

namespace core {
namespace {

bool blankText(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

// --- recipients -----------------------------------------------------------------------------------

Id Records::addRecipient(const User& by, RecipientRole role, const std::string& person, const std::string& email) {
    authorise(by, Operation::ManageRecipients);
    if (blankText(person) || person.size() > 120) throw InputError("a recipient needs a name (at most 120 characters)");
    for (const char c : person)
        if (static_cast<unsigned char>(c) < 0x20) throw InputError("a recipient's name cannot hold control characters");
    if (!validEmail(email)) throw InputError("'" + email + "' is not an e-mail address like name@example.gov.uk");
    for (const auto& r : repo_.recipients(true))
        if (r.role == role && lower(r.email) == lower(email))
            throw InputError(email + " is already a recipient for " + recipientWords(role) + " (recipient " +
                             std::to_string(r.id) + ")");
    Recipient r;
    r.role = role;
    r.name = person;
    r.email = email;
    r.added_by = by.id;
    r.added_at = now();
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addRecipient(r);
        audit(by.username, "recipient.add", "recipients", id, std::string(name(role)) + ": " + person + " <" + email + ">");
    });
    return id;
}

void Records::removeRecipient(const User& by, Id recipient_id) {
    authorise(by, Operation::ManageRecipients);
    const auto r = repo_.recipient(recipient_id);
    if (!r) throw NotFoundError("no recipient " + std::to_string(recipient_id));
    if (!r->active()) throw InputError("recipient " + std::to_string(recipient_id) + " was already removed on " +
                                       whenWords(*r->removed_at));
    repo_.inTransaction([&] {
        repo_.removeRecipient(recipient_id, by.id, now());
        audit(by.username, "recipient.remove", "recipients", recipient_id, std::string(name(r->role)) + ": " + r->name);
    });
}

std::vector<Recipient> Records::recipients(const User& by, bool include_removed) {
    authorise(by, Operation::ViewRecipients);
    return repo_.recipients(!include_removed);
}

// --- settings -------------------------------------------------------------------------------------

std::vector<Records::SettingValue> Records::settings(const User& by) {
    authorise(by, Operation::ManageSettings);
    std::vector<SettingValue> out;
    for (const auto& rule : settingRules()) {
        const auto v = repo_.setting(std::string(rule.name));
        out.push_back({std::string(rule.name), v.value_or(std::string(rule.default_value)), std::string(rule.what), !v});
    }
    return out;
}

void Records::setSetting(const User& by, const std::string& setting_name, const std::string& value) {
    authorise(by, Operation::ManageSettings);
    checkSetting(setting_name, value);
    repo_.inTransaction([&] {
        repo_.setSetting(setting_name, value);
        audit(by.username, "settings.set", "kiosk_settings", std::nullopt, setting_name + " = " + value);
    });
}

MailSettings Records::mailSettings() {
    const auto get = [&](const char* key) { return repo_.setting(key).value_or(""); };
    MailSettings m;
    m.url = get("smtp.url");
    m.from = get("smtp.from");
    m.username = get("smtp.username");
    m.password_file = get("smtp.password_file");
    m.starttls = get("smtp.starttls") == "on";
    m.ca_file = get("smtp.ca_file");
    return m;
}

// --- the outbox -----------------------------------------------------------------------------------

void Records::queueNotice(const User& by, const Incident& inc, const Notification& n, const std::string& station) {
    std::vector<Recipient> people = repo_.recipients(true);
    std::erase_if(people, [&](const Recipient& r) { return r.role != n.recipient; });
    if (people.empty()) return;  // the dashboard says nobody of that role was on file to e-mail
    NoticeFacts f;
    f.incident_id = inc.id;
    f.kind = inc.kind;
    f.raised_at = inc.raised_at;
    f.station = station.empty() ? std::string("not recorded") : station;
    f.to = n.recipient;
    if (const auto p = repo_.prisoner(inc.prisoner_id)) {
        f.prison_number = p->prison_number;
        f.establishment = p->establishment;
    }
    if (inc.child_id)
        if (const auto c = repo_.child(*inc.child_id)) f.child_name = c->fullName();
    const NoticeText text = composeNotice(f, repo_.setting("notify.include_child_name") == "on");
    for (const auto& r : people) {
        OutboxMessage m;
        m.notification_id = n.id;
        m.recipient_id = r.id;
        m.address = r.email;
        m.subject = text.subject;
        m.body = text.body;
        m.state = DeliveryState::Queued;
        m.queued_at = now();
        m.next_attempt_at = m.queued_at;
        m.id = repo_.addOutboxMessage(m);
        m.message_key = messageKeyFor(m.id, n.id, m.queued_at);
        repo_.updateOutboxMessage(m);
        audit(by.username, "outbox.queue", "outbox", m.id,
              "notification " + std::to_string(n.id) + " to recipient " + std::to_string(r.id) + " (" +
                  std::string(name(r.role)) + ")");
    }
}

std::string Records::deliveryActor(const std::optional<User>& by) {
    if (!by) return "system";
    authorise(*by, Operation::DeliverNotifications);
    return by->username;
}

Records::DeliveryClaim Records::claimDeliveries(const std::optional<User>& by, int limit) {
    const std::string actor = deliveryActor(by);
    DeliveryClaim claim;
    repo_.inTransaction([&] {
        const std::string at = now();
        // A claim older than the lease: the sender stopped between handing the message to the
        // server and recording its answer. It may have arrived; sending it again could send it
        // twice, so it fails here for a person to decide (resend keeps the Message-ID).
        for (auto m : repo_.outboxInState(DeliveryState::Sending)) {
            if (!m.claimed_at || addSeconds(*m.claimed_at, kSendingLeaseSeconds) > at) continue;
            m.state = DeliveryState::Failed;
            m.last_reply = interruptedReply();
            repo_.updateOutboxMessage(m);
            audit(actor, "outbox.interrupted", "outbox", m.id, "claimed " + *m.claimed_at + ", no answer recorded");
            ++claim.interrupted;
        }
        for (auto m : repo_.dueOutbox(at, limit)) {
            m.state = DeliveryState::Sending;
            m.claimed_at = at;
            ++m.attempts;
            repo_.updateOutboxMessage(m);
            audit(actor, "outbox.claim", "outbox", m.id, "attempt " + std::to_string(m.attempts));
            claim.messages.push_back(std::move(m));
        }
    });
    return claim;
}

namespace {
OutboxMessage requireSending(RecordsRepository& repo, Id id) {
    auto m = repo.outboxMessage(id);
    if (!m) throw NotFoundError("no outbox message " + std::to_string(id));
    if (m->state != DeliveryState::Sending)
        throw RuleRefusal("outbox message " + std::to_string(id) + " is " + std::string(name(m->state)) +
                          ", not being sent: its answer is not recorded twice");
    return *m;
}
}  // namespace

void Records::recordSent(const std::optional<User>& by, Id outbox_id, const std::string& reply) {
    const std::string actor = deliveryActor(by);
    repo_.inTransaction([&] {
        OutboxMessage m = requireSending(repo_, outbox_id);
        m.state = DeliveryState::Sent;
        m.sent_at = now();
        m.last_reply = reply;
        repo_.updateOutboxMessage(m);
        audit(actor, "outbox.sent", "outbox", outbox_id, "attempt " + std::to_string(m.attempts) + ": " + reply);
    });
}

OutboxMessage Records::recordFailure(const std::optional<User>& by, Id outbox_id, const std::string& reply, bool permanent) {
    const std::string actor = deliveryActor(by);
    OutboxMessage m;
    repo_.inTransaction([&] {
        m = requireSending(repo_, outbox_id);
        const RetryDecision next = afterFailedAttempt(m.attempts, permanent);
        m.state = next.state;
        m.last_reply = reply.empty() ? std::string("no reply") : reply;
        if (next.retry_in_seconds) m.next_attempt_at = addSeconds(now(), *next.retry_in_seconds);
        repo_.updateOutboxMessage(m);
        audit(actor, next.state == DeliveryState::Failed ? "outbox.failed" : "outbox.retry", "outbox", outbox_id,
              "attempt " + std::to_string(m.attempts) + ": " + m.last_reply +
                  (next.retry_in_seconds ? "; next try " + m.next_attempt_at : ""));
    });
    return m;
}

OutboxMessage Records::resend(const User& by, Id outbox_id) {
    authorise(by, Operation::DeliverNotifications);
    auto m = repo_.outboxMessage(outbox_id);
    if (!m) throw NotFoundError("no outbox message " + std::to_string(outbox_id));
    if (m->state != DeliveryState::Failed)
        throw InputError("outbox message " + std::to_string(outbox_id) + " is " + std::string(name(m->state)) +
                         ": only a failed message is sent again");
    const int before = m->attempts;
    m->state = DeliveryState::Queued;
    m->attempts = 0;  // a fresh run of tries; the audit keeps the earlier ones
    m->next_attempt_at = now();
    repo_.inTransaction([&] {
        repo_.updateOutboxMessage(*m);
        audit(by.username, "outbox.resend", "outbox", outbox_id,
              "after " + std::to_string(before) + " attempts, same Message-ID " + m->message_key);
    });
    return *m;
}

// --- what the lead and the notified roles see -------------------------------------------------------

NotificationView Records::notificationView(const Notification& n, const std::optional<Role>& viewer) {
    NotificationView v;
    v.notification = n;
    for (auto& m : repo_.outboxOf(n.id)) {
        const auto r = repo_.recipient(m.recipient_id);
        v.deliveries.push_back({std::move(m), r ? r->name : std::string("a removed recipient")});
    }
    if (n.acknowledged_by)
        if (const auto u = repo_.user(*n.acknowledged_by)) v.acknowledged_by = u->display_name;
    v.may_acknowledge = viewer && !n.acknowledged_at && mayAcknowledge(*viewer, n.recipient);
    return v;
}

std::vector<NotificationView> Records::notificationViews(const User& by, bool unacknowledged_only) {
    const auto list = notifications(by, unacknowledged_only);  // ViewNotifications, the viewer's own
    const auto stored = repo_.user(by.id);
    std::vector<NotificationView> out;
    for (const auto& n : list) out.push_back(notificationView(n, stored ? std::optional<Role>(stored->role) : std::nullopt));
    return out;
}

}  // namespace core
