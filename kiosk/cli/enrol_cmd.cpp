// kiosk enrol --child ID IMAGE... --date-taken D --provided-by WHO --verified-by WHO --carer-consent
//             --officer USER [--waive-quality REASON] [--db] [--json]
// Approves images of a child with their provenance. Every image is checked first (exactly one face,
// the face-quality check unless waived with a reason);
// if any is refused, none is stored.
#include <cstdio>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/face_adapter.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {
namespace {

struct EnrolArgs {
    RecordsOptions o;
    ChildChoice child;
    std::string date_taken, provided_by, verified_by, waive_quality, confirm_not;
    OfficerOptions officer;
    std::vector<std::string> images;
    bool consent = false;
};

int run(const EnrolArgs& a, const GlobalOptions& global) {
    const auto taken = core::Date::parse(a.date_taken);
    if (!taken) throw core::InputError("--date-taken '" + a.date_taken + "' is not YYYY-MM-DD");
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    s->records.authorise(by, core::Operation::EnrolImage);  // before the slow face work
    const core::Id child = *chosenChild(s->records, by, a.child);
    const core::Provenance prov{*taken, a.provided_by, a.verified_by, a.consent, a.waive_quality, a.confirm_not};
    app::FaceService faces(faceServiceOptions(global));
    std::vector<core::EnrolmentEvidence> evidence;
    for (const auto& img : a.images) evidence.push_back(app::enrolAgainstFile(faces, s->records, by, child, img));
    std::vector<core::Id> ids;
    s->records.inTransaction([&] {
        for (std::size_t i = 0; i < a.images.size(); ++i)
            ids.push_back(s->records.enrolImage(by, child, a.images[i], evidence[i], prov));
    });
    if (a.o.json) {
        printJson({{"child_id", child}, {"image_ids", ids}});
    } else {
        for (std::size_t i = 0; i < ids.size(); ++i)
            std::printf("approved image %lld: %s\n", static_cast<long long>(ids[i]), shown(a.images[i]).c_str());
    }
    return kOk;
}

}  // namespace

void registerEnrol(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto a = std::make_shared<EnrolArgs>();
    auto* cmd = app.add_subcommand("enrol", "Approve images of a child, with provenance (all or none)");
    addRecordsOptions(cmd, a->o);
    addChildOptions(cmd, a->child, true);
    cmd->add_option("images", a->images, "Approved image files")->required();
    cmd->add_option("--date-taken", a->date_taken, "When the photos were taken (YYYY-MM-DD)")->required();
    cmd->add_option("--provided-by", a->provided_by, "Who provided them (e.g. carer, children's services)")->required();
    cmd->add_option("--verified-by", a->verified_by, "Who verified the child's identity")->required();
    cmd->add_flag("--carer-consent", a->consent, "The carer's consent is recorded");
    addOfficerOptions(cmd, a->officer, "User approving the images");
    cmd->add_option("--waive-quality", a->waive_quality,
                    "Approve images that fail the face-quality check (framing, sharpness, pose, light), "
                    "giving the reason; audited");
    cmd->add_option("--confirm-not", a->confirm_not,
                    "A photo that looks more like another child on file is approved only when you name that "
                    "child here, confirming it is not them (audited)");
    cmd->footer("Exit status: 0 stored, 1 refused (the photo looks more like another child on file: check, then --confirm-not NAME), 2 bad input (no face, several faces, failed quality check without --waive-quality, missing provenance: nothing stored), 3 models missing.");
    cmd->callback([a, &global, &exit_code] { exit_code = guarded("enrol", [&] { return run(*a, global); }); });
}

}  // namespace kiosk::cli
