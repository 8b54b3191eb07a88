// kiosk verify PROBE --ref IMG [--ref IMG...] [--json]
// One probe image against one or more approved images (DESIGN.md §6).
#include <cstdio>
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/common.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/verifier.hpp"

namespace kiosk::cli {
namespace {

struct VerifyArgs {
    std::string probe;
    std::vector<std::string> refs;
    bool json = false;
};

nlohmann::json toJson(const vision::VerifyResult& r, const VerifyArgs& args, const vision::BandThresholds& t) {
    nlohmann::json refs = nlohmann::json::array();
    for (const auto& s : r.refs) {
        nlohmann::json ref = {{"path", s.label}, {"distance", nullptr}};
        if (s.distance) ref["distance"] = *s.distance;
        if (!s.problem.empty()) ref["problem"] = s.problem;
        refs.push_back(ref);
    }
    nlohmann::json j = {
        {"probe", args.probe},
        {"band", std::string(vision::bandName(r.band))},
        {"best_distance", nullptr},
        {"refs", refs},
        {"faces", r.faces},
        {"quality", {{"ok", r.quality.ok}, {"issues", r.quality.issues}}},
        {"thresholds", {{"strong_below", t.strong_below}, {"possible_below", t.possible_below}}},
        {"timings_ms",
         {{"detect", r.timings.detect_ms}, {"landmarks", r.timings.landmarks_ms}, {"chip", r.timings.chip_ms},
          {"embed", r.timings.embed_ms}}},
    };
    if (r.best_distance) j["best_distance"] = *r.best_distance;
    return j;
}

std::string upper(std::string_view band) {
    std::string s(band);
    for (auto& c : s) c = (c == '_') ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

void printText(const vision::VerifyResult& r, const VerifyArgs& args, const vision::BandThresholds& t) {
    std::printf("Probe   %s  (%d face%s)\n", args.probe.c_str(), r.faces, r.faces == 1 ? "" : "s");
    std::printf("Result  %s", upper(vision::bandName(r.band)).c_str());
    if (r.best_distance) std::printf("  best distance %.3f", *r.best_distance);
    std::printf("   [strong < %.2f, possible < %.2f]\n", t.strong_below, t.possible_below);
    for (const auto& s : r.refs) {
        if (s.distance)
            std::printf("  %.3f  %s\n", *s.distance, s.label.c_str());
        else
            std::printf("    -    %s  (%s)\n", s.label.c_str(), s.problem.empty() ? "not compared" : s.problem.c_str());
    }
    if (r.quality.ok) {
        std::printf("Quality ok\n");
    } else {
        for (const auto& issue : r.quality.issues) std::printf("Quality %s\n", issue.c_str());
    }
    std::printf("The machine advises; the officer decides.\n");
}

int run(const VerifyArgs& args, const GlobalOptions& global) {
    const auto models = vision::ModelPaths::locate(global.models_dir);
    models.require();
    // Load every image before the models: a bad file is reported without waiting for dlib.
    const cv::Mat probe = vision::loadImage(args.probe);
    std::vector<cv::Mat> ref_images;
    for (const auto& ref : args.refs) ref_images.push_back(vision::loadImage(ref));

    vision::FaceAnalyzer analyzer(models);
    vision::Verifier verifier(analyzer);
    std::vector<vision::EnrolledImage> enrolled;
    for (std::size_t i = 0; i < args.refs.size(); ++i) enrolled.push_back(verifier.enrol(ref_images[i], args.refs[i]));
    const auto result = verifier.verify(probe, enrolled);

    if (args.json)
        printJson(toJson(result, args, verifier.thresholds()));
    else
        printText(result, args, verifier.thresholds());
    return kOk;
}

}  // namespace

void registerVerify(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto args = std::make_shared<VerifyArgs>();
    auto* cmd = app.add_subcommand("verify", "Compare a probe image with one or more approved images");
    cmd->add_option("probe", args->probe, "Image of the person at the kiosk (the live/probe path)")->required();
    cmd->add_option("--ref", args->refs, "An approved image (repeat for several)")->required();
    cmd->add_flag("--json", args->json, "Print one JSON document instead of text");
    cmd->footer(
        "Exit status: 0 a result was produced (whatever the band), 2 bad input or usage, 3 models missing.");
    cmd->callback([args, &global, &exit_code] { exit_code = guarded("verify", [&] { return run(*args, global); }); });
}

}  // namespace kiosk::cli
