// Notifications that reach people (issue 13): who is told of an incident, what their e-mail says,
// when a failed delivery is tried again, who acknowledges what, what each notified role may see,
// and the establishment's settings for all of it. Pure functions over domain values: the store
// keeps the rows, kiosk/app sends the mail, core::Records applies these inside its transactions.
// Thread safety: pure functions and constant tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.hpp"

namespace core {

// --- who --------------------------------------------------------------------------------------
// The recipient role a user's role signs in for (the lead, the duty governor, an OMU manager).
std::optional<RecipientRole> recipientRoleOf(Role role);
// A user may acknowledge a notification only when it was sent to their own role: the lead no
// longer acknowledges on the duty governor's or the OMU managers' behalf.
bool mayAcknowledge(Role role, RecipientRole recipient);
// "the safeguarding lead", "the duty governor", "the probation OMU managers"
std::string recipientWords(RecipientRole r);

// What of an incident's evidence a notified role sees. The lead reviews everything. The duty
// governor acts on the establishment's safety at once: the facts, the check's scores and the
// in-call monitor's snapshot of who joined a call, not the child's photographs. OMU managers
// manage the prisoner's risk: the facts and the scores, no pictures at all.
struct EvidenceAccess {
    bool child_name = false;
    bool check_scores = false;      // band, distances, the officer's reason
    bool evidence_crop = false;     // the child's face as captured at the check
    bool approved_images = false;   // the child's approved photographs
    bool monitor_snapshot = false;  // the in-call monitor's snapshot of an unknown face
};
EvidenceAccess evidenceFor(Role role);

// A plausible address: local@domain.tld, no spaces, no control characters, no '<>,;' (nothing
// that could add a header or a second recipient to the SMTP envelope).
bool validEmail(std::string_view address);

// --- what --------------------------------------------------------------------------------------
// The facts a notification's e-mail may carry. child_name is read only when the establishment's
// notify.include_child_name setting is on.
struct NoticeFacts {
    Id incident_id = 0;
    IncidentKind kind = IncidentKind::WelfareConcern;
    std::string raised_at;  // 'YYYY-MM-DDTHH:MM:SS'
    std::string station;
    std::string prison_number;
    std::string establishment;
    RecipientRole to = RecipientRole::SafeguardingLead;
    std::optional<std::string> child_name;
};
struct NoticeText {
    std::string subject;
    std::string body;  // plain text, CRLF-free (the sender frames it)
};
// The minimum: what happened, when (in words), where, the prisoner number and the incident number;
// no image, and the child's name only when `include_child_name`.
NoticeText composeNotice(const NoticeFacts& facts, bool include_child_name);
// "Tue 1 Dec 2026, 10:32" from 'YYYY-MM-DDTHH:MM:SS' (the input as it is when unreadable).
std::string whenWords(const std::string& iso);
// "10:32" today, else as whenWords; for lists a person scans.
std::string whenWordsShort(const std::string& iso, const std::string& now_iso);
// The Message-ID's left part for an outbox row: the same on every try of that row, different for
// every row, so a recipient's mail system recognises a duplicate.
std::string messageKeyFor(Id outbox_id, Id notification_id, const std::string& queued_at);

// --- when ---------------------------------------------------------------------------------------
// A try that failed: with a permanent reply (SMTP 5xx) it fails for good; otherwise it is tried
// again after 1, 2, 4 ... minutes (at most an hour apart) until kMaxDeliveryAttempts.
inline constexpr int kMaxDeliveryAttempts = 8;
// A message claimed for sending longer ago than this was interrupted (the sender stopped between
// handing it to the server and recording the answer). It is not resent by itself.
inline constexpr long kSendingLeaseSeconds = 10 * 60;
struct RetryDecision {
    DeliveryState state = DeliveryState::Retrying;
    std::optional<long> retry_in_seconds;  // when Retrying
};
RetryDecision afterFailedAttempt(int attempts_so_far, bool permanent);
// The reply recorded for a message interrupted while sending.
std::string interruptedReply();

// --- settings -----------------------------------------------------------------------------------
// The establishment's settings the admin may change (`kiosk settings set NAME VALUE`): the mail
// server and what a message may include. Stored with the database's own facts (kiosk_settings).
struct SettingRule {
    std::string_view name;
    std::string_view what;
    std::string_view default_value;  // "" when unset means off / none
};
const std::vector<SettingRule>& settingRules();
// Throws InputError naming what is wrong (unknown name, a value that is not allowed).
void checkSetting(const std::string& name, const std::string& value);

// The mail settings as read from the records (no password: that is never in the database).
struct MailSettings {
    std::string url;              // smtp://host:port or smtps://host:port; empty: not configured
    std::string from;             // envelope and header From
    std::string username;         // empty: no authentication
    std::string password_file;    // a 0600 file holding the password; else $KIOSK_SMTP_PASSWORD
    bool starttls = false;        // smtp:// upgraded with STARTTLS, and required
    std::string ca_file;          // extra CA bundle for the server's certificate
    bool configured() const { return !url.empty() && !from.empty(); }
};

}  // namespace core
