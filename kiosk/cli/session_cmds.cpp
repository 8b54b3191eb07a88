// A booking's contact session and what contact a prisoner may have, headless:
//   kiosk session status|start|end --booking ID --officer U      (the visit or call itself)
//   kiosk session suspend --booking ID --reason TEXT --officer U (a video call, before or during it)
//   kiosk attempts --booking ID --officer U                      (every check attempt, abandoned too)
//   kiosk arrangements --prisoner P --officer U                  (per child and contact type)
// The rules are core's (kiosk/core/contact_session.hpp); a refusal is exit 1 with its sentence.
#include <cstdio>
#include <map>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {
namespace {

struct SessionArgs {
    RecordsOptions o;
    core::Id booking = 0;
    std::string reason, station = "kiosk", prisoner;
    OfficerOptions officer;
};

nlohmann::json toJson(const core::SessionView& v) {
    nlohmann::json children = nlohmann::json::array();
    for (const auto& c : v.children)
        children.push_back({{"child_id", c.child_id},
                            {"name", c.name},
                            {"status", std::string(core::name(c.status))},
                            {"attempts", c.attempts},
                            {"may_be_checked", c.eligibility.allowed},
                            {"why_not", c.eligibility.allowed ? nlohmann::json(nullptr) : nlohmann::json(c.eligibility.reason)}});
    auto opt = [](const auto& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); };
    return {{"booking_id", v.booking.id},
            {"kind", std::string(core::name(v.booking.kind))},
            {"prisoner", v.prison_number},
            {"prisoner_name", v.prisoner_name},
            {"date", v.booking.date.iso()},
            {"time", v.booking.time},
            {"state", std::string(core::name(v.state))},
            {"children", children},
            {"started_at", v.record ? nlohmann::json(v.record->started_at) : nlohmann::json(nullptr)},
            {"ended_at", v.record ? opt(v.record->ended_at) : nlohmann::json(nullptr)},
            {"blocking_review", opt(v.blocking_review)}};
}

std::string stateWords(core::SessionState s) {
    switch (s) {
    case core::SessionState::Booked: return "booked: no child checked yet";
    case core::SessionState::Checking: return "checking the children";
    case core::SessionState::Cleared: return "every child confirmed: it may start";
    case core::SessionState::InProgress: return "under way";
    case core::SessionState::Ended: return "ended";
    case core::SessionState::Refused: return "refused";
    case core::SessionState::Suspended: return "suspended";
    case core::SessionState::Cancelled: return "cancelled";
    }
    return "";
}

int printSession(const RecordsOptions& o, const core::SessionView& v) {
    if (o.json) {
        printJson(toJson(v));
        return kOk;
    }
    std::printf("%s %s at %s with %s (%s): %s\n", core::contactWords(v.booking.kind).c_str(), v.booking.date.iso().c_str(),
                shown(v.booking.time).c_str(), shown(v.prisoner_name).c_str(), shown(v.prison_number).c_str(),
                stateWords(v.state).c_str());
    for (const auto& c : v.children) {
        std::printf("  %-24s %-13s %d attempt%s", shown(c.name).c_str(), std::string(core::name(c.status)).c_str(), c.attempts,
                    c.attempts == 1 ? "" : "s");
        if (!c.eligibility.allowed) std::printf("  (%s)", shown(c.eligibility.reason).c_str());
        std::printf("\n");
    }
    return kOk;
}

int status(const SessionArgs& a) {
    auto s = openRecords(a.o);
    return printSession(a.o, s->records.session(signIn(*s, a.officer), a.booking));
}

int start(const SessionArgs& a) {
    auto s = openRecords(a.o);
    return printSession(a.o, s->records.startSession(signIn(*s, a.officer), a.booking));
}

int end(const SessionArgs& a) {
    auto s = openRecords(a.o);
    return printSession(a.o, s->records.endSession(signIn(*s, a.officer), a.booking));
}

int suspend(const SessionArgs& a) {
    auto s = openRecords(a.o);
    const auto r = s->records.suspendCall(signIn(*s, a.officer), a.booking, a.station, a.reason);
    auto opt = [](const std::optional<core::Id>& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); };
    if (a.o.json)
        printJson({{"refused", r.refused}, {"reason", r.refused ? nlohmann::json(r.refusal) : nlohmann::json(nullptr)},
                   {"incident_id", opt(r.incident_id)}, {"review_id", opt(r.review_id)},
                   {"notification_ids", r.notification_ids}});
    if (r.refused) {
        std::fprintf(stderr, "kiosk session suspend: refused: %s\n", shown(r.refusal).c_str());
        return kFailure;
    }
    if (!a.o.json)
        std::printf("video call suspended: incident %lld; review %lld open: the prisoner's visits, calls, phone and "
                    "letters with children are blocked until it is completed\n",
                    static_cast<long long>(r.incident_id.value_or(0)), static_cast<long long>(r.review_id.value_or(0)));
    return kOk;
}

int attempts(const SessionArgs& a) {
    auto s = openRecords(a.o);
    const auto list = s->records.attempts(signIn(*s, a.officer), a.booking);
    std::map<core::Id, int> per_child;
    nlohmann::json j = nlohmann::json::array();
    for (const auto& at : list) {
        const int n = ++per_child[at.child_id];
        auto opt = [](const auto& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); };
        j.push_back({{"id", at.id},
                     {"abandoned", at.abandoned},
                     {"child_id", at.child_id},
                     {"attempt", n},
                     {"at", at.at},
                     {"station", at.station},
                     {"officer_id", at.officer_id},
                     {"band", std::string(core::name(at.evidence.band))},
                     {"best_distance", opt(at.evidence.best_distance)},
                     {"faces", at.evidence.faces},
                     {"quality", {{"ok", at.evidence.quality_ok}, {"issues", at.evidence.quality_issues}}},
                     {"decision", at.decision ? nlohmann::json(std::string(core::name(*at.decision))) : nlohmann::json(nullptr)},
                     {"reason", at.reason}});
        if (!a.o.json)
            std::printf("%s  child %lld attempt %d  %-14s %s\n", shown(at.at).c_str(), static_cast<long long>(at.child_id), n,
                        std::string(core::name(at.evidence.band)).c_str(),
                        at.decision ? std::string(core::name(*at.decision)).c_str() : "left without a decision");
    }
    if (a.o.json) printJson({{"booking_id", a.booking}, {"attempts", j}});
    return kOk;
}

int arrangements(const SessionArgs& a) {
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    const auto rows = s->records.contactArrangements(by, s->records.prisonerIdFrom(a.prisoner));
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
        nlohmann::json contact = nlohmann::json::object();
        for (const auto& [type, st] : r.status) contact[std::string(core::name(type))] = std::string(core::name(st));
        j.push_back({{"arrangement_id", r.arrangement.id},
                     {"child_id", r.child.id},
                     {"child", r.child.fullName()},
                     {"arrangement_status", std::string(core::name(r.arrangement.status))},
                     {"next_review_due", r.arrangement.next_review_due.iso()},
                     {"conditions", r.arrangement.conditions},
                     {"contact", contact},
                     {"blocking_review", r.blocking_review ? nlohmann::json(*r.blocking_review) : nlohmann::json(nullptr)}});
        if (!a.o.json) {
            std::printf("%-24s", shown(r.child.fullName()).c_str());
            for (const auto& [type, st] : r.status)
                std::printf("  %s: %s", std::string(core::name(type)).c_str(), std::string(core::name(st)).c_str());
            std::printf("\n");
        }
    }
    if (a.o.json) printJson({{"prisoner", a.prisoner}, {"arrangements", j}});
    return kOk;
}

// One subcommand over SessionArgs: --db/--key/--json, --officer, and the callback.
CLI::App* command(CLI::App* parent, const char* name, const char* help, const char* label,
                  int (*fn)(const SessionArgs&), std::shared_ptr<SessionArgs> a, int& exit_code) {
    auto* c = parent->add_subcommand(name, help);
    addRecordsOptions(c, a->o);
    addOfficerOptions(c, a->officer, "Who acts (username or id)");
    c->callback([a, fn, label, &exit_code] { exit_code = guarded(label, [&] { return fn(*a); }); });
    return c;
}

}  // namespace

void registerSessions(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto* session = app.add_subcommand("session", "A booking's visit or video call: status, start, end, suspend");
    session->require_subcommand(1);
    session->footer("Exit status: 0 done, 1 refused by the rules (e.g. a child not confirmed), 2 bad input.");
    struct Sub { const char* name; const char* help; const char* label; int (*fn)(const SessionArgs&); };
    const Sub subs[] = {
        {"status", "Where the booking stands: each child's status and attempts", "session status", status},
        {"start", "Start the visit or call: only once every child is confirmed (or overridden)", "session start", start},
        {"end", "End the visit or call", "session end", end},
        {"suspend", "Suspend a video call (before or during it): incident, review, all contact blocked",
         "session suspend", suspend}};
    for (const auto& sub : subs) {
        auto a = std::make_shared<SessionArgs>();
        auto* c = command(session, sub.name, sub.help, sub.label, sub.fn, a, exit_code);
        c->add_option("--booking", a->booking, "Booking id")->required()->check(idRange());
        if (sub.fn == suspend) {
            c->add_option("--reason", a->reason, "What was seen or heard")->required();
            c->add_option("--station", a->station, "Station name")->capture_default_str();
        }
    }
    auto at = std::make_shared<SessionArgs>();
    command(&app, "attempts", "Every attempt at a booking's checks, abandoned ones too", "attempts", attempts, at, exit_code)
        ->add_option("--booking", at->booking, "Booking id")
        ->required()
        ->check(idRange());
    auto ar = std::make_shared<SessionArgs>();
    command(&app, "arrangements", "A prisoner's contact arrangements per child and contact type", "arrangements",
            arrangements, ar, exit_code)
        ->add_option("--prisoner", ar->prisoner, "Prison number (A1234BC) or prisoner id")
        ->required();
}

}  // namespace kiosk::cli
