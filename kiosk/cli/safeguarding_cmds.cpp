// The safeguarding lead's commands:
//   kiosk incidents [--open] --officer U     kiosk welfare --prisoner ID --details TEXT --officer USER
//   kiosk reviews [--open] --officer U       kiosk review complete --id ID --outcome O --officer USER
//   kiosk review open --incident ID | --arrangement ID [--trigger schedule|new_information]
//   kiosk review complete --id ID --outcome varied --vary CHILD=visits,phone [--vary ...]
//   kiosk review inform --id ID --officer U
//   kiosk appeal lodge --review ID --lodged D --grounds T | appeal decide --id ID --outcome upheld|dismissed
//   kiosk appeals [--review ID]
//   (notifications, recipients and the outbox: notify_cmds.cpp)
//   kiosk overdue --officer U                (notices, three-yearly reviews, stale approved images)
// Who may run which is core's table (kiosk/core/permissions.hpp); a refusal exits 2.
#include <cstdio>
#include <set>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/core/rules.hpp"

namespace kiosk::cli {
namespace {

struct ListArgs {
    RecordsOptions o;
    bool filter = false;
    OfficerOptions officer;
};

struct ActArgs {
    RecordsOptions o;
    core::Id id = 0;
    std::string outcome, details, trigger = "schedule", date, station = "command line";
    OfficerOptions officer;
    ChildChoice child;
    core::Id prisoner = 0, booking = 0, arrangement = 0;
    std::vector<std::string> vary;  // CHILD=type,type
};

// --vary CHILD=visits,phone (CHILD an id or reference; an empty list allows no contact).
core::ReviewVariation variationFrom(core::Records& records, const core::User& by, const std::vector<std::string>& items) {
    core::ReviewVariation v;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            throw core::InputError("--vary '" + item + "' is not CHILD=TYPES (e.g. CS-1002=visits,phone)");
        std::set<core::ContactType> types;
        std::string rest = item.substr(eq + 1);
        for (std::size_t pos = 0; pos < rest.size();) {
            const auto comma = rest.find(',', pos);
            const std::string word = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            const auto t = core::parse<core::ContactType>(word);
            if (!t) throw core::InputError("contact type '" + word + "' is not visits, video_calls, phone or letters");
            types.insert(*t);
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        v.allowed[childIdFrom(records, by, item.substr(0, eq))] = types;
    }
    return v;
}

int listIncidents(const ListArgs& a) {
    auto s = openRecords(a.o);
    const auto list = s->records.incidents(signIn(*s, a.officer), a.filter);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& i : list) j.push_back(toJson(i));
        printJson({{"incidents", j}});
    } else {
        for (const auto& i : list) {
            std::printf("%5lld  %-15s prisoner %lld  %s  %s  %s\n", static_cast<long long>(i.id),
                        std::string(core::name(i.kind)).c_str(), static_cast<long long>(i.prisoner_id),
                        shown(i.raised_at).c_str(), i.open ? "open" : "closed", shown(i.details).c_str());
            // The picture itself is for the safeguarding station's screen, not a terminal.
            if (i.snapshot_bytes > 0)
                std::printf("       in-call monitor snapshot: %lld bytes (encrypted)\n", static_cast<long long>(i.snapshot_bytes));
        }
    }
    return kOk;
}

int listReviews(const ListArgs& a) {
    auto s = openRecords(a.o);
    const auto list = s->records.reviews(signIn(*s, a.officer), a.filter);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& r : list) j.push_back(toJson(r));
        printJson({{"reviews", j}});
    } else {
        for (const auto& r : list)
            std::printf("%5lld  prisoner %lld  %s  %s%s\n", static_cast<long long>(r.id),
                        static_cast<long long>(r.prisoner_id), std::string(core::name(r.status)).c_str(),
                        r.outcome ? std::string(core::name(*r.outcome)).c_str() : "",
                        r.inform_by ? (" inform prisoner by " + r.inform_by->iso()).c_str() : "");
    }
    return kOk;
}

int printReview(const RecordsOptions& o, const core::Review& r, const char* what) {
    if (o.json) printJson(toJson(r));
    else std::printf("review %lld %s\n", static_cast<long long>(r.id), what);
    return kOk;
}

int completeReview(const ActArgs& a) {
    const auto outcome = core::parse<core::ReviewOutcome>(a.outcome);
    if (!outcome) throw core::InputError("outcome '" + a.outcome + "' is not unchanged, varied, suspended or ended");
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    const auto r = s->records.completeReview(by, a.id, *outcome, a.details, variationFrom(s->records, by, a.vary));
    std::string what = "completed: " + a.outcome + (r.variation.empty() ? "" : " (" + r.variation + ")") +
                       "; tell the prisoner by " + r.inform_by->iso();
    return printReview(a.o, r, what.c_str());
}

int openReview(const ActArgs& a) {
    if ((a.id != 0) == (a.arrangement != 0)) throw core::InputError("give one of --incident ID or --arrangement ID");
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    if (a.id != 0) {
        const core::Id id = s->records.openReviewForIncident(by, a.id, a.details);
        return printReview(a.o, *s->records.review(by, id),
                           "opened: the prisoner's contact with children is blocked until it is completed");
    }
    const auto trigger = core::parse<core::ReviewTrigger>(a.trigger);
    if (!trigger) throw core::InputError("trigger '" + a.trigger + "' is not schedule or new_information");
    const core::Id id = s->records.openArrangementReview(by, a.arrangement, *trigger, a.details);
    return printReview(a.o, *s->records.review(by, id), "opened: contact continues while the arrangement is reviewed");
}

int informReview(const ActArgs& a) {
    auto s = openRecords(a.o);
    return printReview(a.o, s->records.recordPrisonerInformed(signIn(*s, a.officer), a.id),
                       "prisoner informed");
}

int printAppeal(const RecordsOptions& o, const core::Appeal& a, const std::string& what) {
    if (o.json) printJson(toJson(a));
    else std::printf("appeal %lld against review %lld %s\n", static_cast<long long>(a.id),
                     static_cast<long long>(a.review_id), what.c_str());
    return kOk;
}

int lodgeAppeal(const ActArgs& a) {
    auto s = openRecords(a.o);
    const auto day = a.date.empty() ? s->records.today() : core::Date::parse(a.date).value_or(core::Date{0, 0, 0});
    if (day.year == 0) throw core::InputError("lodged date '" + a.date + "' is not YYYY-MM-DD");
    return printAppeal(a.o, s->records.lodgeAppeal(signIn(*s, a.officer), a.id, day, a.details),
                       "lodged " + day.iso());
}

int decideAppeal(const ActArgs& a) {
    const auto outcome = core::parse<core::AppealOutcome>(a.outcome);
    if (!outcome) throw core::InputError("outcome '" + a.outcome + "' is not upheld or dismissed");
    auto s = openRecords(a.o);
    const auto ap = s->records.decideAppeal(signIn(*s, a.officer), a.id, *outcome, a.details);
    return printAppeal(a.o, ap, a.outcome + (*outcome == core::AppealOutcome::Upheld
                                                 ? ": review the arrangements again (kiosk review open --arrangement ID "
                                                   "--trigger new_information)"
                                                 : ""));
}

int listAppeals(const ActArgs& a) {
    auto s = openRecords(a.o);
    const auto list = s->records.appeals(signIn(*s, a.officer),
                                         a.id ? std::optional<core::Id>(a.id) : std::nullopt);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& ap : list) j.push_back(toJson(ap));
        printJson({{"appeals", j}});
    } else {
        for (const auto& ap : list)
            std::printf("%5lld  review %lld  lodged %s  %s  %s\n", static_cast<long long>(ap.id),
                        static_cast<long long>(ap.review_id), ap.lodged_on.iso().c_str(),
                        ap.outcome ? std::string(core::name(*ap.outcome)).c_str() : "to be decided", shown(ap.grounds).c_str());
    }
    return kOk;
}

int welfare(const ActArgs& a) {
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    std::optional<core::Id> child, booking;
    child = chosenChild(s->records, by, a.child);
    if (a.booking) booking = a.booking;
    const auto id = s->records.raiseWelfareConcern(by, a.prisoner, booking, child, a.details, a.station);
    // Who was notified follows from the rules; the notifications themselves are the lead's to read.
    const auto notified = core::recipientsFor(core::IncidentKind::WelfareConcern);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto r : notified) j.push_back({{"recipient_role", std::string(core::name(r))}});
        printJson({{"incident_id", id}, {"notifications", j}});
    } else {
        std::printf("welfare concern %lld raised; notified:", static_cast<long long>(id));
        for (const auto r : notified) std::printf(" %s", std::string(core::name(r)).c_str());
        std::printf("\n");
    }
    return kOk;
}

int overdue(const ListArgs& args) {
    const RecordsOptions& o = args.o;
    auto s = openRecords(o);
    const auto r = s->records.overdue(signIn(*s, args.officer));
    nlohmann::json notices = nlohmann::json::array(), arrangements = nlohmann::json::array(),
                   images = nlohmann::json::array(), open = nlohmann::json::array();
    for (const auto& v : r.notices) notices.push_back(toJson(v));
    for (const auto& v : r.open_reviews) open.push_back(toJson(v));
    for (const auto& a : r.arrangements)
        arrangements.push_back({{"arrangement_id", a.id}, {"prisoner_id", a.prisoner_id}, {"child_id", a.child_id},
                                {"next_review_due", a.next_review_due.iso()}});
    for (const auto& i : r.stale_images)
        images.push_back({{"image_id", i.entry.image.id}, {"child_id", i.entry.child.id},
                          {"child", i.entry.child.fullName()}, {"date_taken", i.entry.image.date_taken.iso()},
                          {"child_age_at_taken", i.age.child_age_at_taken},
                          {"age_months", i.age.age_months}, {"max_age_months", i.age.limit_months}});
    if (o.json) {
        printJson({{"overdue_notices", notices}, {"overdue_arrangement_reviews", arrangements},
                   {"stale_images", images}, {"open_reviews", open}});
    } else {
        std::printf("open reviews blocking contact: %zu\nprisoner not told in time: %zu\n"
                    "arrangement reviews overdue: %zu\nstale approved images: %zu\n",
                    r.open_reviews.size(), r.notices.size(), r.arrangements.size(), r.stale_images.size());
        for (const auto& i : r.stale_images)
            std::printf("  image %lld of %s, taken %s: %s\n", static_cast<long long>(i.entry.image.id),
                        shown(i.entry.child.fullName()).c_str(), i.entry.image.date_taken.iso().c_str(),
                        shown(i.age.message).c_str());
    }
    return kOk;
}

template <typename Args, typename Fn>
void wire(CLI::App* cmd, const char* label, std::shared_ptr<Args> a, Fn fn, int& exit_code) {
    cmd->callback([a, fn, label, &exit_code] { exit_code = guarded(label, [&] { return fn(*a); }); });
}

}  // namespace

void registerSafeguarding(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto inc = std::make_shared<ListArgs>();
    auto* c = app.add_subcommand("incidents", "Incidents (visit refused, call suspended, welfare concern, override)");
    addRecordsOptions(c, inc->o);
    c->add_flag("--open", inc->filter, "Only open incidents");
    addOfficerOptions(c, inc->officer, "Who is looking (safeguarding lead)");
    wire(c, "incidents", inc, listIncidents, exit_code);

    auto rev = std::make_shared<ListArgs>();
    c = app.add_subcommand("reviews", "Contact-arrangement reviews");
    addRecordsOptions(c, rev->o);
    c->add_flag("--open", rev->filter, "Only open reviews");
    addOfficerOptions(c, rev->officer, "Who is looking (safeguarding lead)");
    wire(c, "reviews", rev, listReviews, exit_code);

    auto* review = app.add_subcommand("review", "Act on a contact-arrangement review");
    review->require_subcommand(1);
    auto opening = std::make_shared<ActArgs>();
    c = review->add_subcommand("open", "Open a review: for an incident that has none (welfare concern, override), "
                                       "or a scheduled / new-information review of an arrangement");
    addRecordsOptions(c, opening->o);
    auto* by_incident = c->add_option("--incident", opening->id, "Incident id")->check(idRange());
    auto* by_arrangement = c->add_option("--arrangement", opening->arrangement, "Arrangement id (kiosk overdue lists them)")->check(idRange());
    by_incident->excludes(by_arrangement);
    c->add_option("--trigger", opening->trigger, "With --arrangement: schedule | new_information")->capture_default_str();
    addOfficerOptions(c, opening->officer, "Safeguarding lead opening it");
    c->add_option("--notes", opening->details, "Why a review is needed");
    wire(c, "review open", opening, openReview, exit_code);
    auto done = std::make_shared<ActArgs>();
    c = review->add_subcommand("complete", "Complete a review: records the outcome and unblocks contact");
    addRecordsOptions(c, done->o);
    c->add_option("--id", done->id, "Review id")->required()->check(idRange());
    c->add_option("--outcome", done->outcome, "unchanged | varied | suspended | ended")->required();
    addOfficerOptions(c, done->officer, "Safeguarding lead deciding");
    c->add_option("--notes", done->details, "Decision notes");
    c->add_option("--vary", done->vary, "With --outcome varied: CHILD=TYPES, the contact types the child's arrangement "
                                        "now allows (visits, video_calls, phone, letters); repeat per child");
    wire(c, "review complete", done, completeReview, exit_code);
    auto inform = std::make_shared<ActArgs>();
    c = review->add_subcommand("inform", "Record that the prisoner was told of the decision");
    addRecordsOptions(c, inform->o);
    c->add_option("--id", inform->id, "Review id")->required()->check(idRange());
    addOfficerOptions(c, inform->officer, "Officer who told the prisoner");
    wire(c, "review inform", inform, informReview, exit_code);

    auto* appeal = app.add_subcommand("appeal", "The prisoner's appeal against a review's decision");
    appeal->require_subcommand(1);
    auto lodge = std::make_shared<ActArgs>();
    c = appeal->add_subcommand("lodge", "Record an appeal against a completed review");
    addRecordsOptions(c, lodge->o);
    c->add_option("--review", lodge->id, "Review id")->required()->check(idRange());
    c->add_option("--grounds", lodge->details, "The prisoner's grounds, in brief")->required();
    c->add_option("--lodged", lodge->date, "Date lodged, YYYY-MM-DD (default today)");
    addOfficerOptions(c, lodge->officer, "Safeguarding lead recording it");
    wire(c, "appeal lodge", lodge, lodgeAppeal, exit_code);
    auto decide = std::make_shared<ActArgs>();
    c = appeal->add_subcommand("decide", "Record an appeal's outcome");
    addRecordsOptions(c, decide->o);
    c->add_option("--id", decide->id, "Appeal id")->required()->check(idRange());
    c->add_option("--outcome", decide->outcome, "upheld | dismissed")->required();
    c->add_option("--notes", decide->details, "Reasons");
    addOfficerOptions(c, decide->officer, "Safeguarding lead recording it");
    wire(c, "appeal decide", decide, decideAppeal, exit_code);
    auto appeals = std::make_shared<ActArgs>();
    c = app.add_subcommand("appeals", "Appeals against review decisions");
    addRecordsOptions(c, appeals->o);
    c->add_option("--review", appeals->id, "Only this review's appeals")->check(idRange());
    addOfficerOptions(c, appeals->officer, "Who is looking (safeguarding lead)");
    wire(c, "appeals", appeals, listAppeals, exit_code);

    auto wel = std::make_shared<ActArgs>();
    c = app.add_subcommand("welfare", "Raise an immediate concern for a child's safety or welfare");
    addRecordsOptions(c, wel->o);
    c->add_option("--prisoner", wel->prisoner, "Prisoner id")->required()->check(idRange());
    c->add_option("--booking", wel->booking, "Booking id")->check(idRange());
    addChildOptions(c, wel->child, false);
    c->add_option("--details", wel->details, "What was seen or heard")->required();
    addOfficerOptions(c, wel->officer, "Who raises it");
    c->add_option("--station", wel->station, "Where it was seen (named in the notifications' e-mails)")->capture_default_str();
    wire(c, "welfare", wel, welfare, exit_code);

    auto od = std::make_shared<ListArgs>();
    c = app.add_subcommand("overdue", "Open reviews, late notices, overdue three-yearly reviews, stale images");
    addRecordsOptions(c, od->o);
    addOfficerOptions(c, od->officer, "Who is looking (safeguarding lead or admin)");
    wire(c, "overdue", od, overdue, exit_code);
}

}  // namespace kiosk::cli
