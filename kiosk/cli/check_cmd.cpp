// kiosk check --booking ID --child ID --probe IMAGE --officer USER --decision D [--reason TEXT]
// Runs the real face pipeline on the probe against the child's approved images, records the check
// and applies the rules (incident, review, notifications) through core::Records.
#include <cstdio>
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/face_adapter.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {
namespace {

struct CheckArgs {
    RecordsOptions o;
    core::Id booking = 0;
    ChildChoice child;
    std::string probe, decision, reason, station = "kiosk";
    OfficerOptions officer;
};

int run(const CheckArgs& a, const GlobalOptions& global) {
    const auto decision = core::parse<core::Decision>(a.decision);
    if (!decision) throw core::InputError("decision '" + a.decision + "' is not confirmed, not_confident or override");
    auto s = openRecords(a.o);
    const core::User officer = signIn(*s, a.officer);
    core::CheckRequest req;
    req.booking_id = a.booking;
    req.child_id = *chosenChild(s->records, officer, a.child);
    req.probe_path = a.probe;
    req.station = a.station;
    req.decision = *decision;
    req.reason = a.reason;
    app::FaceService faces(faceServiceOptions(global));
    const core::CheckResult r = s->records.check(officer, req, faces);

    auto opt = [](const std::optional<core::Id>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    if (r.refused) {
        if (a.o.json)
            printJson({{"refused", true}, {"reason", r.refusal}, {"blocking_review", opt(r.blocking_review)},
                       {"check_id", nullptr}});
        else
            std::printf("REFUSED  %s\n", shown(r.refusal).c_str());
        std::cerr << "kiosk check: refused: " << shown(r.refusal) << "\n";
        return kFailure;
    }
    nlohmann::json distances = nlohmann::json::array();
    for (const auto& d : r.evidence.distances)
        distances.push_back({{"image_id", d.image_id}, {"distance", d.distance ? nlohmann::json(*d.distance) : nullptr}});
    if (a.o.json) {
        printJson({{"refused", false},
                   {"check_id", r.check_id},
                   {"band", std::string(core::name(r.evidence.band))},
                   {"best_distance", r.evidence.best_distance ? nlohmann::json(*r.evidence.best_distance) : nullptr},
                   {"distances", distances},
                   {"faces", r.evidence.faces},
                   {"quality", {{"ok", r.evidence.quality_ok}, {"issues", r.evidence.quality_issues}}},
                   {"decision", std::string(core::name(r.decision))},
                   {"incident_id", opt(r.incident_id)},
                   {"review_id", opt(r.review_id)},
                   {"notification_ids", r.notification_ids}});
    } else {
        std::printf("Check %lld  band %s", static_cast<long long>(r.check_id), std::string(core::name(r.evidence.band)).c_str());
        if (r.evidence.best_distance) std::printf("  best distance %.3f", *r.evidence.best_distance);
        std::printf("\nDecision %s\n", std::string(core::name(r.decision)).c_str());
        for (const auto& issue : r.evidence.quality_issues) std::printf("Quality  %s\n", shown(issue).c_str());
        if (r.incident_id) std::printf("Incident %lld raised\n", static_cast<long long>(*r.incident_id));
        if (r.review_id)
            std::printf("Review   %lld open: the prisoner's visits and video calls with children are blocked until it is completed\n",
                        static_cast<long long>(*r.review_id));
    }
    return kOk;
}

}  // namespace

void registerCheck(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto a = std::make_shared<CheckArgs>();
    auto* cmd = app.add_subcommand("check", "Identity check of a child for a booking; records the officer's decision");
    addRecordsOptions(cmd, a->o);
    cmd->add_option("--booking", a->booking, "Booking id")->required()->check(idRange());
    addChildOptions(cmd, a->child, true);
    cmd->add_option("--probe", a->probe, "Image of the child now (camera frame)")->required();
    addOfficerOptions(cmd, a->officer, "Officer's username or user id");
    cmd->add_option("--decision", a->decision, "confirmed | not_confident | override")->required();
    cmd->add_option("--reason", a->reason, "Why (required for override)");
    cmd->add_option("--station", a->station, "Kiosk or video-call station name")->capture_default_str();
    cmd->footer("Exit status: 0 recorded, 1 refused (child not eligible or prisoner blocked), 2 bad input, 3 models missing.");
    cmd->callback([a, &global, &exit_code] { exit_code = guarded("check", [&] { return run(*a, global); }); });
}

}  // namespace kiosk::cli
