#include "kiosk/cli/records_common.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "kiosk/cli/paths.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {

std::string defaultDatabasePath() {
    if (const char* env = std::getenv("KIOSK_DB"); env && *env) return env;
    return (projectRoot() / "data" / "demo" / "kiosk.db").string();
}

std::string keyPathFor(const std::string& db, const std::string& key) {
    if (!key.empty()) return key;
    if (const char* env = std::getenv("KIOSK_KEY"); env && *env) return env;
    return store::keyPathFor(db);
}

std::string RecordsOptions::keyPath() const { return keyPathFor(db, key); }

void addRecordsOptions(CLI::App* cmd, RecordsOptions& o) {
    o.db = defaultDatabasePath();
    cmd->add_option("--db", o.db, "Kiosk database file")->capture_default_str()->envname("KIOSK_DB");
    cmd->add_option("--key", o.key, "Data key file (default: $KIOSK_KEY, else the database path + .key)");
    cmd->add_flag("--json", o.json, "Print one JSON document instead of text");
}

RecordsSession::RecordsSession(const std::string& db_path, const std::string& key_path, store::OpenMode mode)
    : store(db_path, key_path, mode), db(store.db), repo(store.repo), records(repo) {}

std::unique_ptr<RecordsSession> openRecords(const RecordsOptions& o, store::OpenMode mode) {
    if (o.db != ":memory:" && !std::filesystem::exists(o.db))
        throw core::InputError("no database at " + o.db + ": create one with `kiosk db init --db " + o.db +
                               "` or `kiosk demo seed --db " + o.db + "`");
    return std::make_unique<RecordsSession>(o.db, o.keyPath(), mode);
}

// --- who runs the command ---------------------------------------------------------------------------

namespace {
constexpr const char* kCommandLine = "command line";  // the station named in the sign-in's audit row

struct ServiceToken {
    std::string user, secret;
};

ServiceToken readServiceToken(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) throw core::InputError("no token file at " + path);
    if (!S_ISREG(st.st_mode)) throw core::InputError("the token path " + path + " is not a file");
    if (st.st_uid != ::geteuid())
        throw core::PermissionError("the token file " + path + " belongs to another account: refusing to use it");
    if (st.st_mode & 077)
        throw core::PermissionError("the token file " + path + " can be read by other users: refusing to use it; run `chmod 600 " +
                                    path + "` and issue a new token (the old one may have been copied)");
    std::ifstream in(path);
    ServiceToken t;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("user ", 0) == 0) t.user = line.substr(5);
        else if (line.rfind("secret ", 0) == 0) t.secret = line.substr(7);
    }
    if (t.user.empty() || t.secret.size() != 64) throw core::InputError("the token file " + path + " is damaged: issue a new one");
    return t;
}

// Reads a line from the terminal with echo off.
std::string promptHidden(const std::string& prompt) {
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) throw core::InputError("cannot open the terminal to ask for the PIN");
    termios old{};
    const bool term = ::tcgetattr(tty, &old) == 0;
    if (term) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    (void)!::write(tty, prompt.data(), prompt.size());
    std::string pin;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n' && pin.size() < 64) pin += c;
    if (term) ::tcsetattr(tty, TCSAFLUSH, &old);
    (void)!::write(tty, "\n", 1);
    ::close(tty);
    return pin;
}
}  // namespace

void addOfficerOptions(CLI::App* cmd, OfficerOptions& o, const std::string& help) {
    cmd->add_option("--officer", o.officer, help + "; signs in with the PIN from $KIOSK_PIN or a prompt");
    cmd->add_option("--pin-env", o.pin_env, "Environment variable holding the officer's PIN (else a prompt at a terminal)")
        ->capture_default_str();
    cmd->add_option("--token-file", o.token_file, "The booking system's token file (mode 0600), instead of a PIN");
}

std::string officerPin(const OfficerOptions& o) {
    if (const char* pin = std::getenv(o.pin_env.c_str()); pin && *pin) return pin;
    if (::isatty(STDIN_FILENO)) return promptHidden("PIN for " + o.officer + ": ");
    throw core::InputError("the officer's PIN is needed: put it in $" + o.pin_env +
                           " (or name another variable with --pin-env), or run the command at a terminal to be asked");
}

std::string newPinFrom(const std::string& var) {
    const char* pin = std::getenv(var.c_str());
    if (!pin || !*pin) throw core::InputError("set the new PIN (" + std::to_string(core::kMinPinDigits) + " to " +
                                              std::to_string(core::kMaxPinDigits) + " digits) in $" + var);
    return pin;
}

core::User signIn(RecordsSession& s, const OfficerOptions& o) {
    std::string username = o.officer, credential;
    if (!o.token_file.empty()) {
        ServiceToken t = readServiceToken(o.token_file);
        if (!username.empty() && username != t.user)
            throw core::InputError("--officer names " + username + " but the token file is " + t.user + "'s");
        username = t.user;
        credential = std::move(t.secret);
    } else {
        if (username.empty())
            throw core::InputError("say who runs this: --officer USERNAME (the booking system: --token-file FILE)");
        if (username.find_first_not_of("0123456789") == std::string::npos)  // a user id
            if (const auto u = s.repo.user(std::stoll(username))) username = u->username;
        credential = officerPin(o);
    }
    const core::SignInResult r = s.records.signIn(username, credential, kCommandLine);
    sodium_memzero(credential.data(), credential.size());
    if (r) {
        if (!o.token_file.empty() && r.user->role != core::Role::BookingSystem)
            throw core::PermissionError("a token file signs in the booking system only, not " + username);
        return *r.user;
    }
    if (r.until_reset)
        throw core::PermissionError(username + " is locked out after too many wrong PINs: an administrator must reset the PIN");
    if (r.locked_until)
        throw core::PermissionError(username + " is locked out after too many wrong PINs: try again at " + r.try_again_at);
    throw core::PermissionError("sign-in refused for '" + username + "': wrong PIN, or not an active user");
}

core::Id issueServiceToken(RecordsSession& s, const core::User& by, const core::User& user, const std::string& path) {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    const std::string secret(hex);
    sodium_memzero(hex, sizeof hex);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw core::InputError("cannot create the token file " + path + ": " + std::strerror(errno) +
                                       " (an existing file is never replaced)");
    const std::string text = "# Kiosk service token for " + user.username +
                             ": the booking system signs in with it (kiosk import ... --token-file FILE). Keep it 0600.\n"
                             "user " + user.username + "\nsecret " + secret + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    try {
        if (!written) throw core::InputError("cannot write the token file " + path);
        return s.records.createUser(by, user, s.repo.hashPin(secret));
    } catch (...) {
        ::unlink(path.c_str());
        throw;
    }
}

core::Id childIdFrom(core::Records& records, const core::User& by, const std::string& text) {
    if (!text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos) {
        const core::Id id = std::stoll(text);
        if (const auto other = records.childByRef(by, text); other && other->id != id)
            throw core::InputError("'" + text + "' is ambiguous: it is child " + text + "'s id and the reference of child " +
                                   std::to_string(other->id) + ": say --child-ref " + text +
                                   " for the reference, or name the other child by its reference");
        return id;
    }
    const auto c = records.childByRef(by, text);
    if (!c) throw core::NotFoundError("no child with id or reference '" + text + "'");
    return c->id;
}

void addChildOptions(CLI::App* cmd, ChildChoice& choice, bool required) {
    auto* any = cmd->add_option("--child", choice.id_or_ref, "Child id or reference");
    auto* ref = cmd->add_option("--child-ref", choice.ref, "Child reference (even one of digits only)");
    any->excludes(ref);
    if (required) {
        auto* group = cmd->add_option_group("child", "The child (one of)");
        group->add_option(any);
        group->add_option(ref);
        group->require_option(1);
    }
}

std::optional<core::Id> chosenChild(core::Records& records, const core::User& by, const ChildChoice& choice) {
    if (!choice.ref.empty()) {
        const auto c = records.childByRef(by, choice.ref);
        if (!c) throw core::NotFoundError("no child with reference '" + choice.ref + "'");
        return c->id;
    }
    if (choice.id_or_ref.empty()) return std::nullopt;
    return childIdFrom(records, by, choice.id_or_ref);
}

namespace {
template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json toJson(const core::BookingRow& r) {
    return {{"id", r.booking.id},
            {"ref", r.booking.ref},
            {"prisoner", r.prison_number},
            {"prisoner_id", r.booking.prisoner_id},
            {"prisoner_name", r.prisoner_name},
            {"kind", std::string(core::name(r.booking.kind))},
            {"date", r.booking.date.iso()},
            {"time", r.booking.time},
            {"children", r.booking.children},
            {"status", std::string(core::name(r.shown_status))},
            {"session", std::string(core::name(r.session))},
            {"blocking_review", opt(r.open_review_id)}};
}

nlohmann::json toJson(const core::Incident& i) {
    return {{"id", i.id},
            {"kind", std::string(core::name(i.kind))},
            {"prisoner_id", i.prisoner_id},
            {"booking_id", opt(i.booking_id)},
            {"child_id", opt(i.child_id)},
            {"check_id", opt(i.check_id)},
            {"raised_by", i.raised_by},
            {"raised_at", i.raised_at},
            {"details", i.details},
            {"review_id", opt(i.review_id)},
            {"status", i.open ? "open" : "closed"},
            {"closed_at", opt(i.closed_at)},
            {"snapshot_bytes", i.snapshot_bytes}};  // the in-call monitor's snapshot, as stored (encrypted)
}

nlohmann::json toJson(const core::Review& r) {
    return {{"id", r.id},
            {"prisoner_id", r.prisoner_id},
            {"opened_by", std::string(core::name(r.opened_by))},
            {"opened_incident_id", opt(r.opened_incident_id)},
            {"opened_at", r.opened_at},
            {"status", std::string(core::name(r.status))},
            {"outcome", r.outcome ? nlohmann::json(std::string(core::name(*r.outcome))) : nlohmann::json(nullptr)},
            {"decided_by", opt(r.decided_by)},
            {"decided_at", opt(r.decided_at)},
            {"inform_by", r.inform_by ? nlohmann::json(r.inform_by->iso()) : nlohmann::json(nullptr)},
            {"informed_at", opt(r.informed_at)},
            {"blocks_contact", r.blocks_contact},
            {"arrangement_id", opt(r.arrangement_id)},
            {"variation", r.variation},
            {"notes", r.notes}};
}

nlohmann::json toJson(const core::Appeal& a) {
    return {{"id", a.id},
            {"review_id", a.review_id},
            {"lodged_on", a.lodged_on.iso()},
            {"recorded_by", a.recorded_by},
            {"recorded_at", a.recorded_at},
            {"grounds", a.grounds},
            {"outcome", a.outcome ? nlohmann::json(std::string(core::name(*a.outcome))) : nlohmann::json(nullptr)},
            {"decided_on", a.decided_on ? nlohmann::json(a.decided_on->iso()) : nlohmann::json(nullptr)},
            {"decided_by", opt(a.decided_by)},
            {"notes", a.notes}};
}

nlohmann::json toJson(const core::Notification& n) {
    return {{"id", n.id},
            {"incident_id", n.incident_id},
            {"recipient_role", std::string(core::name(n.recipient))},
            {"created_at", n.created_at},
            {"acknowledged_by", opt(n.acknowledged_by)},
            {"acknowledged_at", opt(n.acknowledged_at)}};
}

}  // namespace kiosk::cli
