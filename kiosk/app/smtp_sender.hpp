// One e-mail over SMTP with libcurl: smtp:// (upgraded with STARTTLS when configured, and then
// required) or smtps://, with authentication when a username is set. The server's last reply is
// kept, so the outbox records why a message failed ("550 5.1.1 mailbox unavailable", or "couldn't
// connect to server"). No GL, no records: kiosk/app/delivery.hpp drives it.
// Thread safety: send() may run on any thread; each call uses its own curl handle.
#pragma once

#include <string>

#include "kiosk/core/notify.hpp"

namespace kiosk::app {

// The mail settings with the password resolved (never stored in the database).
struct SmtpConfig {
    core::MailSettings settings;
    std::string password;  // empty: none
    long timeout_seconds = 60;  // well inside core::kSendingLeaseSeconds
};

// The password for `s`: $KIOSK_SMTP_PASSWORD when set, else the first line of
// s.password_file, which must be a regular file of this account that only it can read or write
// (mode 0600 or stricter). Empty when there is neither. Throws std::runtime_error saying what to
// fix (chmod 600 FILE, ...) otherwise.
std::string smtpPassword(const core::MailSettings& s);

struct OutgoingMail {
    std::string to;
    std::string subject;
    std::string body;         // plain text; lines end in \n (sent as CRLF)
    std::string message_id;   // "<key@domain>"
    std::string date_header;  // RFC 5322 date; empty: now
};

struct SendResult {
    bool ok = false;
    bool permanent = false;  // the server refused it for good (5xx): no point trying again
    std::string reply;       // the server's last reply line, or the transport's error
};

// The Message-ID for an outbox row's key, under the From address's domain.
std::string messageIdFor(const std::string& message_key, const std::string& from);
// The whole message as sent (headers, blank line, CRLF body): what the server receives.
std::string formatMail(const OutgoingMail& mail, const std::string& from);

SendResult sendMail(const SmtpConfig& config, const OutgoingMail& mail);

}  // namespace kiosk::app
