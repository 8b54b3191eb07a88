// kiosk image list --child ID|REF [--db] [--json]            a child's approved images and their age
// kiosk image retire IMAGE_ID --reason TEXT --officer USER    take an approved image out of use
// kiosk user pin USERNAME [--new-pin-env VAR] --officer USER  reset a user's PIN (read from the environment)
// kiosk user deactivate USERNAME --officer USER               stop a user signing in
// The rules (never yourself, never the last admin, a reason for retiring) are core's.
#include <cstdio>
#include <cstdlib>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {
namespace {

struct AdminArgs {
    RecordsOptions o;
    std::string target, reason;
    std::string new_pin_env = "KIOSK_NEW_PIN";
    OfficerOptions officer;
    ChildChoice child;
    long long image_id = 0;
};

int runImageList(const AdminArgs& a) {
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    const core::Id child_id = *chosenChild(s->records, by, a.child);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [img, age] : s->records.imagesWithAge(by, child_id, false)) {
        if (a.o.json) {
            out.push_back({{"id", img.id}, {"date_taken", img.date_taken.iso()}, {"provided_by", img.provided_by},
                           {"identity_verified_by", img.identity_verified_by}, {"source", img.source_name},
                           {"stale", age && age->stale}, {"age", age ? age->message : ""},
                           {"descriptor_model", img.descriptor_model}});
        } else {
            std::printf("%lld  taken %s  %s  (%s)\n", static_cast<long long>(img.id), img.date_taken.iso().c_str(),
                        age ? shown(age->message).c_str() : "", shown(img.source_name).c_str());
        }
    }
    if (a.o.json) printJson({{"child_id", child_id}, {"images", out}});
    return kOk;
}

int runImageRetire(const AdminArgs& a) {
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    s->records.retireImage(by, a.image_id, a.reason);
    if (a.o.json) printJson({{"image_id", a.image_id}, {"retired", true}});
    else std::printf("image %lld retired\n", a.image_id);
    return kOk;
}

int runUserPin(const AdminArgs& a) {
    const std::string pin = newPinFrom(a.new_pin_env);
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    const core::User who = s->records.requireUser(a.target);
    s->records.resetPinTo(by, who.id, pin);
    if (a.o.json) printJson({{"user_id", who.id}, {"username", who.username}, {"pin_reset", true}});
    else std::printf("PIN reset for %s\n", shown(who.username).c_str());
    return kOk;
}

int runUserDeactivate(const AdminArgs& a) {
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    const core::User who = s->records.requireUser(a.target);
    s->records.deactivateUser(by, who.id);
    if (a.o.json) printJson({{"user_id", who.id}, {"username", who.username}, {"active", false}});
    else std::printf("%s can no longer sign in\n", shown(who.username).c_str());
    return kOk;
}

CLI::App* command(CLI::App* parent, const char* name, const char* help, AdminArgs& a, int& exit_code,
                  int (*run)(const AdminArgs&), std::shared_ptr<AdminArgs> keep) {
    auto* cmd = parent->add_subcommand(name, help);
    addRecordsOptions(cmd, a.o);
    const std::string what = parent->get_name() + " " + name;
    cmd->callback([keep, run, what, &exit_code] { exit_code = guarded(what, [&] { return run(*keep); }); });
    return cmd;
}

}  // namespace

void registerAdmin(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto* image = app.add_subcommand("image", "Approved images of children");
    image->require_subcommand(1);
    auto list = std::make_shared<AdminArgs>();
    auto* cmd = command(image, "list", "A child's approved images, with their age under the policy", *list, exit_code,
                        runImageList, list);
    addChildOptions(cmd, list->child, true);
    addOfficerOptions(cmd, list->officer, "Who is looking");
    auto retire = std::make_shared<AdminArgs>();
    cmd = command(image, "retire", "Take an approved image out of use (kept on file, audited)", *retire, exit_code,
                  runImageRetire, retire);
    cmd->add_option("image", retire->image_id, "Approved image id")->required()->check(idRange());
    cmd->add_option("--reason", retire->reason, "Why it is retired")->required();
    addOfficerOptions(cmd, retire->officer, "Admin retiring it");

    // `kiosk user` is created by registerDb (user add).
    CLI::App* user = app.get_subcommand("user");
    auto pin = std::make_shared<AdminArgs>();
    cmd = command(user, "pin", "Reset a user's PIN; the new PIN is read from an environment variable, never argv", *pin,
                  exit_code, runUserPin, pin);
    cmd->add_option("username", pin->target, "Login name")->required();
    cmd->add_option("--new-pin-env", pin->new_pin_env, "Environment variable holding the new PIN")->capture_default_str();
    addOfficerOptions(cmd, pin->officer, "Admin resetting it");
    auto off = std::make_shared<AdminArgs>();
    cmd = command(user, "deactivate", "Stop a user signing in (never yourself, never the last admin)", *off, exit_code,
                  runUserDeactivate, off);
    cmd->add_option("username", off->target, "Login name")->required();
    addOfficerOptions(cmd, off->officer, "Admin deactivating them");
}

}  // namespace kiosk::cli
