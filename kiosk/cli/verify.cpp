// kiosk verify PROBE --ref IMG [--ref IMG...] [--json]
// One probe image against one or more approved images (DESIGN.md §6), with the calibrated band,
// the band's false-match wording (strong/possible only), face-quality components, the photo/screen
// check, image-age and look-alike warnings.
// JSON: `best_distance` and each ref's `distance` are the *fused* score the bands use (lower is more
// alike; docs/CONFIDENCE.md); `dlib_distance` (euclidean) and `fr_distance` (cosine) are each
// network's own distance, as evidence.
#include <cstdio>
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/common.hpp"
#include "kiosk/cli/face_adapter.hpp"
#include "kiosk/core/image_age.hpp"
#include "kiosk/core/records.hpp"
#include "vision/image_io.hpp"

namespace kiosk::cli {
namespace {

struct VerifyArgs {
    std::string probe;
    std::vector<std::string> refs;
    std::vector<std::string> ref_dates;
    std::vector<std::string> others;
    std::string dob;
    std::string today;
    std::string calibration;
    bool json = false;
};

core::Date dateArg(const std::string& flag, const std::string& text) {
    const auto d = core::Date::parse(text);
    if (!d) throw std::invalid_argument(flag + " '" + text + "' is not a date (expected YYYY-MM-DD)");
    return *d;
}

// Per approved image: its age against the policy, when the image's date and the child's are known.
using RefAges = std::vector<std::optional<core::ImageAge>>;

nlohmann::json toJson(const vision::VerifyResult& r, const RefAges& ages, const VerifyArgs& args,
                      const vision::Calibration& cal) {
    nlohmann::json refs = nlohmann::json::array();
    bool stale = false;
    for (std::size_t i = 0; i < r.refs.size(); ++i) {
        const auto& s = r.refs[i];
        nlohmann::json ref = {{"path", s.label}, {"distance", nullptr}, {"dlib_distance", nullptr}, {"fr_distance", nullptr}};
        if (s.distance) ref["distance"] = *s.distance;
        if (s.dlib_distance) ref["dlib_distance"] = *s.dlib_distance;
        if (s.fr_distance) ref["fr_distance"] = *s.fr_distance;
        if (!s.problem.empty()) ref["problem"] = s.problem;
        if (const auto& a = ages[i]) {
            ref["age"] = {{"months", a->age_months}, {"child_age_at_taken", a->child_age_at_taken},
                          {"limit_months", a->limit_months}, {"stale", a->stale}, {"message", a->message}};
            stale = stale || a->stale;
        }
        refs.push_back(ref);
    }
    nlohmann::json components = nlohmann::json::array();
    for (const auto& c : r.quality.components)
        components.push_back({{"name", c.name}, {"value", c.value}, {"threshold", c.threshold}, {"ok", c.ok},
                              {"prompt", c.prompt}});
    nlohmann::json lookalikes = nlohmann::json::array();
    for (const auto& l : r.lookalikes)
        lookalikes.push_back({{"label", l.label}, {"distance", l.distance}, {"closer_than_approved", l.closer_than_approved}});
    nlohmann::json j = {
        {"probe", args.probe},
        {"band", std::string(vision::bandName(r.band))},
        {"reason", r.reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.reason)},
        {"score", "fused"},
        {"best_distance", nullptr},
        {"best_dlib_distance", nullptr},
        {"best_fr_distance", nullptr},
        {"live_score", nullptr},
        {"rotation", r.rotation},
        {"fmr_estimate", nullptr},
        {"refs", refs},
        {"faces", r.faces},
        {"quality", {{"ok", r.quality.ok}, {"issues", r.quality.issues}, {"components", components}}},
        {"lookalikes", lookalikes},
        {"stale_refs", stale},
        {"thresholds", {{"strong_below", cal.bands.strong_below}, {"possible_below", cal.bands.possible_below}}},
        {"timings_ms",
         {{"detect", r.timings.detect_ms}, {"landmarks", r.timings.landmarks_ms}, {"chip", r.timings.chip_ms},
          {"embed", r.timings.embed_ms}, {"fr", r.timings.fr_ms}, {"liveness", r.timings.liveness_ms}}},
    };
    if (r.best_distance) j["best_distance"] = *r.best_distance;
    if (r.best_dlib_distance) j["best_dlib_distance"] = *r.best_dlib_distance;
    if (r.best_fr_distance) j["best_fr_distance"] = *r.best_fr_distance;
    if (r.live_score) j["live_score"] = *r.live_score;
    if (r.fmr)
        j["fmr_estimate"] = r.fmr->fmr, j["fmr_upper_bound"] = r.fmr->upper_bound,
        j["fmr_text"] = vision::describeFmr(*r.fmr);
    return j;
}

std::string upper(std::string_view band) {
    std::string s(band);
    for (auto& c : s) c = (c == '_') ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

void printText(const vision::VerifyResult& r, const RefAges& ages, const VerifyArgs& args,
               const vision::Calibration& cal) {
    std::printf("Probe   %s  (%d face%s)\n", shown(args.probe).c_str(), r.faces, r.faces == 1 ? "" : "s");
    std::printf("Result  %s", upper(vision::bandName(r.band)).c_str());
    if (r.best_distance) std::printf("  best score %.3f", *r.best_distance);
    std::printf("   [fused score: strong < %.3f, possible < %.3f]\n", cal.bands.strong_below, cal.bands.possible_below);
    if (!r.reason.empty()) std::printf("        %s\n", r.reason.c_str());
    if (r.fmr) std::printf("        %s\n", vision::describeFmr(*r.fmr).c_str());
    if (r.live_score) std::printf("        photo/screen check: live score %.4f\n", *r.live_score);
    for (std::size_t i = 0; i < r.refs.size(); ++i) {
        const auto& s = r.refs[i];
        if (s.distance)
            std::printf("  %7.3f  (dlib %.3f, fr %.3f)  %s\n", *s.distance, s.dlib_distance.value_or(0),
                        s.fr_distance.value_or(0), shown(s.label).c_str());
        else
            std::printf("    -    %s  (%s)\n", shown(s.label).c_str(), s.problem.empty() ? "not compared" : shown(s.problem).c_str());
        if (ages[i]) std::printf("         %s\n", ages[i]->message.c_str());
    }
    for (const auto& l : r.lookalikes)
        std::printf("LOOK-ALIKE  %s at %.3f%s\n", shown(l.label).c_str(), l.distance,
                    l.closer_than_approved ? " (closer than the approved child!)" : " (nearly as close as the approved child)");
    if (r.quality.ok) {
        std::printf("Quality ok\n");
    } else {
        for (const auto& issue : r.quality.issues) std::printf("Quality %s\n", issue.c_str());
    }
    std::printf("The machine advises; the officer decides.\n");
}

int run(const VerifyArgs& args, const GlobalOptions& global) {
    // The kiosk's own FaceService: its calibration, enrolment path and look-alike search.
    app::FaceServiceOptions options = faceServiceOptions(global);
    if (!args.calibration.empty()) options.calibration_file = args.calibration;
    app::FaceService faces(options);
    if (!args.ref_dates.empty() && args.ref_dates.size() != args.refs.size())
        throw std::invalid_argument("give one --ref-date per --ref (" + std::to_string(args.refs.size()) + " refs, " +
                                    std::to_string(args.ref_dates.size()) + " dates)");
    if (!args.ref_dates.empty() && args.dob.empty())
        throw std::invalid_argument("--ref-date needs the child's --dob to apply the image-age policy");
    RefAges ages(args.refs.size());
    if (!args.dob.empty()) {
        const core::Date dob = dateArg("--dob", args.dob);
        const core::Date today = dateArg("--today", args.today.empty() ? core::systemNow().substr(0, 10) : args.today);
        for (std::size_t i = 0; i < args.ref_dates.size(); ++i) {
            const core::Date taken = dateArg("--ref-date", args.ref_dates[i]);
            ages[i] = core::assessImageAge(dob, taken, today);
            if (!ages[i])
                throw std::invalid_argument("--ref-date " + args.ref_dates[i] + " is before --dob or after the check date");
        }
    }
    // Load every image before the models: a bad file is reported without waiting for dlib.
    const cv::Mat probe = vision::loadImage(args.probe);
    std::vector<cv::Mat> ref_images, other_images;
    for (const auto& ref : args.refs) ref_images.push_back(vision::loadImage(ref));
    for (const auto& other : args.others) other_images.push_back(vision::loadImage(other));

    // Approved and other children's images go through the enrolment path `kiosk enrol` stores.
    app::FaceReferences refs;
    for (std::size_t i = 0; i < args.refs.size(); ++i) refs.addApproved(faces.analyseForApproval(ref_images[i], args.refs[i]).image);
    for (std::size_t i = 0; i < args.others.size(); ++i)
        if (const auto e = faces.analyseForApproval(other_images[i], args.others[i]).image; e.descriptor)
            refs.addOther(args.others[i], *e.descriptor);
    vision::VerifyResult result;
    faces.compare(probe, refs, /*live=*/false, result);

    if (args.json)
        printJson(toJson(result, ages, args, faces.calibration()));
    else
        printText(result, ages, args, faces.calibration());
    return kOk;
}

}  // namespace

void registerVerify(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto args = std::make_shared<VerifyArgs>();
    auto* cmd = app.add_subcommand("verify", "Compare a probe image with one or more approved images");
    cmd->add_option("probe", args->probe, "Image of the person at the kiosk (the probe path)")->required();
    cmd->add_option("--ref", args->refs, "An approved image (repeat for several)")->required();
    cmd->add_option("--ref-date", args->ref_dates, "Date each approved image was taken, YYYY-MM-DD, in --ref order");
    cmd->add_option("--dob", args->dob, "The child's date of birth, YYYY-MM-DD (enables image-age warnings)");
    cmd->add_option("--today", args->today, "Date of the check (default: today)");
    cmd->add_option("--other", args->others, "An image of another child on file (look-alike check; repeat)");
    cmd->add_option("--calibration", args->calibration, "Calibration JSON (default: models/calibration.json)");
    cmd->add_flag("--json", args->json, "Print one JSON document instead of text");
    cmd->footer(
        "Exit status: 0 a result was produced (whatever the band), 2 bad input or usage, 3 models or calibration "
        "missing.");
    cmd->callback([args, &global, &exit_code] { exit_code = guarded("verify", [&] { return run(*args, global); }); });
}

}  // namespace kiosk::cli
