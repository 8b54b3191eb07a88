#include "kiosk/app/smtp_sender.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kiosk::app {
namespace {

// A header value on one line: a CR or LF in a subject or address could add a header of its own.
std::string oneLine(const std::string& s) {
    std::string out;
    for (const char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
    return out;
}

std::string rfc5322Now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S %z", &tm);
    return buf;
}

struct Upload {
    const std::string* data;
    std::size_t pos = 0;
};

std::size_t readChunk(char* buffer, std::size_t size, std::size_t nitems, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t room = size * nitems;
    const std::size_t n = std::min(room, up->data->size() - up->pos);
    std::memcpy(buffer, up->data->data() + up->pos, n);
    up->pos += n;
    return n;
}

// The server's replies that matter (CURLINFO_HEADER_IN carries SMTP responses): the last refusal
// (4xx/5xx), and the last final 250 (the DATA answer, "250 2.0.0 Ok: queued as ..."). The 221 to
// QUIT that follows a refusal is not the reason.
struct Replies {
    std::string refusal, accepted;
};
int onDebug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    if (type != CURLINFO_HEADER_IN) return 0;
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    auto* r = static_cast<Replies*>(user);
    if (line.size() >= 4 && (line[0] == '4' || line[0] == '5')) r->refusal = line;
    else if (line.rfind("250 ", 0) == 0) r->accepted = line;
    return 0;
}

void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string smtpPassword(const core::MailSettings& s) {
    if (const char* env = std::getenv("KIOSK_SMTP_PASSWORD"); env && *env) return env;
    if (s.password_file.empty()) return {};
    struct stat st {};
    if (::stat(s.password_file.c_str(), &st) != 0)
        throw std::runtime_error("the SMTP password file " + s.password_file + " cannot be read: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw std::runtime_error("the SMTP password file " + s.password_file + " is not a file");
    if (st.st_uid != ::geteuid())
        throw std::runtime_error("the SMTP password file " + s.password_file + " belongs to another account");
    if (st.st_mode & 077)
        throw std::runtime_error("the SMTP password file " + s.password_file +
                                 " can be read or written by others: chmod 600 " + s.password_file +
                                 " (and change the password if anyone could have copied it)");
    std::ifstream in(s.password_file);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    if (line.empty()) throw std::runtime_error("the SMTP password file " + s.password_file + " is empty");
    return line;
}

std::string messageIdFor(const std::string& message_key, const std::string& from) {
    const auto at = from.find('@');
    const std::string domain = at == std::string::npos ? "kiosk.invalid" : from.substr(at + 1);
    return "<" + message_key + "@" + domain + ">";
}

std::string formatMail(const OutgoingMail& m, const std::string& from) {
    std::string out;
    out += "Date: " + (m.date_header.empty() ? rfc5322Now() : oneLine(m.date_header)) + "\r\n";
    out += "From: Visits kiosk <" + oneLine(from) + ">\r\n";
    out += "To: <" + oneLine(m.to) + ">\r\n";
    out += "Subject: " + oneLine(m.subject) + "\r\n";
    out += "Message-ID: " + oneLine(m.message_id) + "\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: 8bit\r\n\r\n";
    for (const char c : m.body) {
        if (c == '\r') continue;
        if (c == '\n') out += "\r\n";
        else out += c;
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

SendResult sendMail(const SmtpConfig& config, const OutgoingMail& mail) {
    initCurlOnce();
    const core::MailSettings& s = config.settings;
    SendResult result;
    CURL* curl = curl_easy_init();
    if (!curl) return {false, false, "could not start libcurl"};
    const std::string payload = formatMail(mail, s.from);
    Upload up{&payload};
    Replies replies;
    char errbuf[CURL_ERROR_SIZE] = {};
    const std::string from = "<" + s.from + ">";
    const std::string to = "<" + mail.to + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readChunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // a worker thread: no SIGALRM for DNS timeouts
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, config.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // the debug callback sees the server's replies
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, onDebug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &replies);
    if (s.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!s.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s.ca_file.c_str());
    if (!s.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, config.password.c_str());
    }
    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) {
        result.ok = true;
        result.reply = replies.accepted.empty() ? "accepted" : replies.accepted;
        return result;
    }
    // A reply in the 500s is the server's final word (RFC 5321 4.2.1); anything else (no
    // connection, a 4xx, a timeout) may pass on a later try.
    result.permanent = code >= 500 && code < 600;
    const std::string why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    result.reply = !replies.refusal.empty() ? replies.refusal + " (" + why + ")" : why;
    return result;
}

}  // namespace kiosk::app
