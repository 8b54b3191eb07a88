#include "kiosk/cli/records_common.hpp"

#include <cstdlib>
#include <filesystem>

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
