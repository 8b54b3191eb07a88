// Records: administration — the child list, retiring approved images, PINs and deactivating
// users. Each write runs in one transaction with its audit row.
#include <algorithm>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/permissions.hpp"
#include "kiosk/core/records.hpp"

namespace core {
namespace {
bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }
}  // namespace

std::vector<Child> Records::children(const User& by) {
    authorise(by, Operation::EnrolImage);  // the admin picks the child to enrol or retire images for
    return repo_.children();
}

void Records::retireImage(const User& by, Id image_id, const std::string& reason) {
    authorise(by, Operation::RetireImage);
    const auto img = repo_.approvedImage(image_id);
    if (!img) throw NotFoundError("no approved image " + std::to_string(image_id));
    if (img->retired_at) throw InputError("image " + std::to_string(image_id) + " was already retired on " + *img->retired_at);
    if (blank(reason)) throw InputError("say why the image is retired (e.g. replaced by a newer photo)");
    repo_.inTransaction([&] {
        repo_.retireImage(image_id, by.id, now());
        audit(by.username, "image.retire", "approved_images", image_id,
              "child " + std::to_string(img->child_id) + ": " + reason);
    });
}

void Records::resetPin(const User& by, Id user_id, const std::string& pin_hash) {
    authorise(by, Operation::ManageUsers);
    const auto u = repo_.user(user_id);
    if (!u) throw NotFoundError("no user " + std::to_string(user_id));
    if (!u->active) throw InputError("user '" + u->username + "' is not active");
    if (pin_hash.empty()) throw InputError("a new PIN is needed");
    repo_.inTransaction([&] {
        repo_.setPinHash(user_id, pin_hash);
        repo_.setSignInAttempts(user_id, {});  // a new PIN also ends a lockout
        audit(by.username, "user.pin_reset", "users", user_id, u->username);
    });
}

void Records::deactivateUser(const User& by, Id user_id) {
    authorise(by, Operation::ManageUsers);
    const auto u = repo_.user(user_id);
    if (!u) throw NotFoundError("no user " + std::to_string(user_id));
    if (!u->active) throw InputError("user '" + u->username + "' is already inactive");
    if (u->id == by.id) throw InputError("you cannot deactivate yourself: ask another administrator");
    if (u->role == Role::Admin) {
        const auto active = repo_.activeUsers();
        const auto admins = std::count_if(active.begin(), active.end(), [](const User& a) { return a.role == Role::Admin; });
        if (admins <= 1) throw InputError("'" + u->username + "' is the last active administrator and cannot be deactivated");
    }
    repo_.inTransaction([&] {
        repo_.setUserActive(user_id, false);
        audit(by.username, "user.deactivate", "users", user_id, u->username);
    });
}

}  // namespace core
