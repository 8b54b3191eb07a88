// kiosk reembed --officer USER [--db] [--json]
// After a change of face model: every approved image whose descriptor today's model did not make
// is described again from the stored, sealed image and its new descriptor sealed in place
// (kiosk/app/reembed.hpp). Audited per image and per run; resumable (a stopped run is simply run
// again: images already re-embedded are skipped). Progress on stderr.
#include <cstdio>
#include <iostream>

#include "kiosk/app/reembed.hpp"
#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/face_adapter.hpp"
#include "kiosk/cli/records_common.hpp"
#include "vision/face_template.hpp"

namespace kiosk::cli {
namespace {

struct ReembedArgs {
    RecordsOptions o;
    std::string officer;
    bool quiet = false;
};

int run(const ReembedArgs& a, const GlobalOptions& global) {
    auto s = openRecords(a.o);
    const core::User by = s->records.requireUser(a.officer);
    s->records.authorise(by, core::Operation::EnrolImage);  // before the models load
    app::FaceService faces(faceServiceOptions(global));
    app::JobProgress progress;
    const auto report = app::reembedApprovedImages(
        s->records, by, faces, &progress, [&](const app::ReembedReport& r, const std::string& child) {
            if (!a.quiet)
                std::cerr << "re-embedding " << progress.done << " / " << progress.total << "  (" << child << ", "
                          << r.failures.size() << " failed so far)\n";
        });
    if (a.o.json) {
        nlohmann::json failures = nlohmann::json::array();
        for (const auto& f : report.failures)
            failures.push_back({{"image_id", f.image_id}, {"child", f.child_name}, {"message", f.message}});
        printJson({{"images", report.images},
                   {"already_current", report.already_current},
                   {"reembedded", report.reembedded},
                   {"failed", failures},
                   {"cancelled", report.cancelled},
                   {"model", vision::kCurrentModelName}});
    } else {
        std::printf("%s\n", report.summary().c_str());
        for (const auto& f : report.failures)
            std::printf("  image %lld (%s): %s\n", static_cast<long long>(f.image_id), f.child_name.c_str(),
                        f.message.c_str());
    }
    // Images left on another model: the children concerned get cannot_assess on them.
    return report.failures.empty() ? kOk : kBadInput;
}

}  // namespace

void registerReembed(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto a = std::make_shared<ReembedArgs>();
    auto* cmd = app.add_subcommand(
        "reembed", "Re-describe approved images made by an older face model, from the stored images (audited, resumable)");
    addRecordsOptions(cmd, a->o);
    cmd->add_option("--officer", a->officer, "Admin user doing it")->required();
    cmd->add_flag("--quiet", a->quiet, "No progress lines on stderr");
    cmd->footer("Exit status: 0 every image is on today's model, 2 some could not be re-embedded (listed: re-enrol them), "
                "3 models missing.");
    cmd->callback([a, &global, &exit_code] { exit_code = guarded("reembed", [&] { return run(*a, global); }); });
}

}  // namespace kiosk::cli
