#include "kiosk/core/notify.hpp"

#include <algorithm>
#include <cstdio>

#include "kiosk/core/calendar.hpp"
#include "kiosk/core/errors.hpp"

namespace core {

std::optional<RecipientRole> recipientRoleOf(Role role) {
    switch (role) {
    case Role::SafeguardingLead: return RecipientRole::SafeguardingLead;
    case Role::DutyGovernor: return RecipientRole::DutyGovernor;
    case Role::OmuManager: return RecipientRole::ProbationOmuManager;
    default: return std::nullopt;
    }
}

bool mayAcknowledge(Role role, RecipientRole recipient) { return recipientRoleOf(role) == recipient; }

std::string recipientWords(RecipientRole r) {
    switch (r) {
    case RecipientRole::SafeguardingLead: return "the safeguarding lead";
    case RecipientRole::DutyGovernor: return "the duty governor";
    case RecipientRole::ProbationOmuManager: return "the probation OMU managers";
    }
    return "";
}

EvidenceAccess evidenceFor(Role role) {
    switch (role) {
    case Role::SafeguardingLead: return {true, true, true, true, true};
    case Role::DutyGovernor: return {true, true, false, false, true};
    case Role::OmuManager: return {true, true, false, false, false};
    default: return {};
    }
}

bool validEmail(std::string_view a) {
    if (a.size() < 6 || a.size() > 254) return false;
    for (const char c : a) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '(' || c == ')' ||
            c == '[' || c == ']' || c == '\\')
            return false;
    }
    const auto at = a.find('@');
    if (at == std::string_view::npos || at == 0 || a.find('@', at + 1) != std::string_view::npos) return false;
    const auto domain = a.substr(at + 1);
    const auto dot = domain.rfind('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() && domain.front() != '.' &&
           domain.find("..") == std::string_view::npos;
}

namespace {

const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string happened(IncidentKind k) {
    switch (k) {
    case IncidentKind::VisitRefused: return "A visit was refused: staff were not confident of a child's identity";
    case IncidentKind::CallSuspended: return "A video call was suspended";
    case IncidentKind::WelfareConcern: return "A member of staff raised a concern for a child's safety or welfare";
    case IncidentKind::Override: return "An officer overrode the identity check of a child";
    }
    return "An incident was recorded";
}

std::string shortKind(IncidentKind k) {
    switch (k) {
    case IncidentKind::VisitRefused: return "visit refused";
    case IncidentKind::CallSuspended: return "video call suspended";
    case IncidentKind::WelfareConcern: return "welfare concern";
    case IncidentKind::Override: return "identity check overridden";
    }
    return "incident";
}

}  // namespace

std::string whenWords(const std::string& iso) {
    const auto d = Date::parse(iso.substr(0, 10));
    if (!d || iso.size() < 16 || iso[10] != 'T') return iso;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %d %s %d, %s", kWeekdays[d->weekday()], d->day, kMonths[d->month - 1], d->year,
                  iso.substr(11, 5).c_str());
    return buf;
}

std::string whenWordsShort(const std::string& iso, const std::string& now_iso) {
    if (iso.size() >= 16 && now_iso.size() >= 10 && iso.compare(0, 10, now_iso, 0, 10) == 0)
        return "today " + iso.substr(11, 5);
    return whenWords(iso);
}

NoticeText composeNotice(const NoticeFacts& f, bool include_child_name) {
    NoticeText t;
    t.subject = "Safeguarding notification: " + shortKind(f.kind) + ", incident " + std::to_string(f.incident_id) +
                " (prisoner " + f.prison_number + ")";
    std::string b;
    b += "This is a notification to " + recipientWords(f.to) + " from the visits identity-check kiosk.\n\n";
    b += "What happened: " + happened(f.kind) + ".\n";
    b += "When: " + whenWords(f.raised_at) + "\n";
    b += "Where: " + (f.establishment.empty() ? std::string() : f.establishment + ", ") + "station " + f.station + "\n";
    b += "Prisoner number: " + f.prison_number + "\n";
    b += "Incident number: " + std::to_string(f.incident_id) + "\n";
    const bool named = include_child_name && f.child_name;
    if (named) b += "Child: " + *f.child_name + "\n";
    b += "\nSign in at the kiosk to see the incident and acknowledge this notification.\n";
    b += named ? "This message carries no images; the establishment includes the child's name.\n"
               : "This message deliberately carries no images and no child's details.\n";
    t.body = std::move(b);
    return t;
}

std::string messageKeyFor(Id outbox_id, Id notification_id, const std::string& queued_at) {
    std::string stamp;
    for (const char c : queued_at)
        if (c >= '0' && c <= '9') stamp += c;
    return "kiosk-outbox-" + std::to_string(outbox_id) + ".n" + std::to_string(notification_id) + "." + stamp;
}

RetryDecision afterFailedAttempt(int attempts_so_far, bool permanent) {
    if (permanent || attempts_so_far >= kMaxDeliveryAttempts) return {DeliveryState::Failed, std::nullopt};
    long wait = 60;
    for (int i = 1; i < attempts_so_far && wait < 3600; ++i) wait *= 2;
    return {DeliveryState::Retrying, std::min(wait, 3600L)};
}

std::string interruptedReply() {
    return "interrupted while sending: the sender stopped before the server's answer was recorded, so it may or may "
           "not have arrived. Not sent again by itself (a notification is never sent twice); resend it with "
           "`kiosk outbox retry` (same Message-ID) once you have asked the recipient";
}

const std::vector<SettingRule>& settingRules() {
    static const std::vector<SettingRule> rules = {
        {"smtp.url", "the mail server: smtp://HOST:PORT or smtps://HOST:PORT", ""},
        {"smtp.from", "the sender's address (From)", ""},
        {"smtp.username", "the account to authenticate as (empty: no authentication)", ""},
        {"smtp.password_file", "a file (mode 0600) holding the password; else $KIOSK_SMTP_PASSWORD", ""},
        {"smtp.starttls", "on: upgrade smtp:// with STARTTLS and refuse to send without it", "off"},
        {"smtp.ca_file", "a CA bundle for the mail server's certificate (empty: the system's)", ""},
        {"notify.include_child_name", "on: e-mails name the child (off: they never do)", "off"},
    };
    return rules;
}

void checkSetting(const std::string& name, const std::string& value) {
    const auto& rules = settingRules();
    const auto rule = std::find_if(rules.begin(), rules.end(), [&](const SettingRule& r) { return r.name == name; });
    if (rule == rules.end()) {
        std::string known;
        for (const auto& r : rules) known += (known.empty() ? "" : ", ") + std::string(r.name);
        throw InputError("no setting '" + name + "' (settings: " + known + ")");
    }
    for (const char c : value)
        if (static_cast<unsigned char>(c) < 0x20) throw InputError("setting " + name + ": the value has a control character");
    if (name == "smtp.url" && !value.empty()) {
        const bool scheme = value.rfind("smtp://", 0) == 0 || value.rfind("smtps://", 0) == 0;
        const auto host = value.substr(value.find("://") == std::string::npos ? 0 : value.find("://") + 3);
        if (!scheme || host.empty() || host.find(' ') != std::string::npos || host.find('@') != std::string::npos)
            throw InputError("smtp.url '" + value + "' is not smtp://HOST[:PORT] or smtps://HOST[:PORT] "
                             "(no user or password in it: use smtp.username and smtp.password_file)");
    }
    if (name == "smtp.from" && !value.empty() && !validEmail(value))
        throw InputError("smtp.from '" + value + "' is not an e-mail address");
    if ((name == "smtp.starttls" || name == "notify.include_child_name") && value != "on" && value != "off")
        throw InputError(name + " is on or off, not '" + value + "'");
    if (name == "smtp.password_file" && !value.empty() && value.front() != '/')
        throw InputError("smtp.password_file must be an absolute path (the kiosk and `kiosk outbox flush` may start "
                         "in different folders)");
}

}  // namespace core
