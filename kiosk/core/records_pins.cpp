// Records: new PINs given in plain digits. Core checks the PIN's form (checkNewPin) and the role,
// then the store hashes it (RecordsRepository::hashPin), so no front end includes the store's
// hashing scheme.
#include "kiosk/core/records.hpp"

namespace core {

Id Records::createUserWithPin(const User& by, User user, const std::string& pin) {
    authorise(by, Operation::ManageUsers);  // before the deliberately slow hash
    checkNewPin(pin);
    return createUser(by, std::move(user), repo_.hashPin(pin));
}

Id Records::createUserAtSetupWithPin(User user, const std::string& pin) {
    checkNewPin(pin);
    return createUserAtSetup(std::move(user), repo_.hashPin(pin));
}

void Records::resetPinTo(const User& by, Id user_id, const std::string& pin) {
    authorise(by, Operation::ManageUsers);
    checkNewPin(pin);
    resetPin(by, user_id, repo_.hashPin(pin));
}

}  // namespace core
