// Records: PINs and signing in. Core checks a new PIN against the policy (pin_policy.hpp) and the
// role, then the store hashes it (RecordsRepository::hashPin, peppered with a secret from the key
// file), so no front end includes the store's hashing scheme. Lockouts run on a UTC clock, so a
// daylight-saving change neither ends nor lengthens one, and a clock set back cannot stretch one.
#include "kiosk/core/errors.hpp"
#include "kiosk/core/records.hpp"

namespace core {
namespace {

struct Lock {
    bool held = false;
    bool until_reset = false;
    std::optional<std::string> until;  // UTC
    bool clock_went_back = false;      // `until` was cut back to the lockout's length from now
};

Lock lockOf(const SignInAttempts& a, const std::string& utc_now) {
    Lock l;
    if (lockedUntilReset(a.failures)) {
        l.held = l.until_reset = true;
        return l;
    }
    if (!a.locked_until || utc_now >= *a.locked_until) return l;
    l.held = true;
    l.until = a.locked_until;
    // A lock ends at most its own length after now: had the clock been set back (or the lock been
    // set while it ran a year fast), the stored end would otherwise hold the user out far longer.
    const long length = lockoutSeconds(a.failures).value_or(0);
    if (secondsBetween(utc_now, *a.locked_until) > length) {
        l.until = addSeconds(utc_now, length);
        l.clock_went_back = true;
    }
    return l;
}

// 'HH:MM' on the local clock: the first whole minute at which a try is let through.
std::string tryAgainAt(const std::string& local_now, const std::string& utc_now, const std::string& utc_until) {
    const std::string until = addSeconds(local_now, secondsBetween(utc_now, utc_until));
    return (until.substr(17, 2) == "00" ? until : addSeconds(until, 60)).substr(11, 5);
}

}  // namespace

Id Records::createUserWithPin(const User& by, User user, const std::string& pin) {
    authorise(by, Operation::ManageUsers);  // before the deliberately slow hash
    checkNewPin(pin, repo_.demoRecords());
    return createUser(by, std::move(user), repo_.hashPin(pin));
}

Id Records::createUserAtSetupWithPin(User user, const std::string& pin) {
    checkNewPin(pin, repo_.demoRecords());
    return createUserAtSetup(std::move(user), repo_.hashPin(pin));
}

void Records::resetPinTo(const User& by, Id user_id, const std::string& pin) {
    authorise(by, Operation::ManageUsers);
    checkNewPin(pin, repo_.demoRecords());
    resetPin(by, user_id, repo_.hashPin(pin));
}

std::vector<User> Records::activeUsers() {
    std::vector<User> staff = repo_.activeUsers();
    std::erase_if(staff, [](const User& u) { return u.role == Role::BookingSystem; });
    return staff;
}

SignInResult Records::signIn(const std::string& username, const std::string& pin, const std::string& station) {
    const std::optional<User> u = repo_.userByName(username);
    const std::optional<Id> uid = u ? std::optional<Id>(u->id) : std::nullopt;
    const std::string at = utc_clock_();
    // Locked users are refused before the PIN is hashed, so a right guess teaches nothing; the PIN
    // is checked (and an outdated hash re-made) outside the transaction so that argon2 does not
    // hold the database's write lock.
    const bool known = u && u->active;
    const bool right = known && !lockOf(repo_.signInAttempts(u->id), at).held && repo_.pinMatches(u->id, pin);
    const std::string rehashed = right && repo_.pinHashOutdated(u->id) ? repo_.hashPin(pin) : std::string();
    SignInResult result;
    repo_.inTransaction([&] {
        if (!known) {
            audit(username, "auth.sign_in_failed", "users", uid, "station " + station + ": unknown or inactive user");
            return;
        }
        // Read again, once, in the transaction: another station may have locked it meanwhile.
        const SignInAttempts stored = repo_.signInAttempts(u->id);
        const Lock lock = lockOf(stored, at);
        if (lock.held) {
            if (lock.clock_went_back) {
                repo_.setSignInAttempts(u->id, {stored.failures, lock.until});
                audit(username, "auth.lockout_clock", "users", uid,
                      "station " + station + ": the lockout ended after " + *stored.locked_until +
                          " UTC, later than its length from now: the clock went back; it now ends " + *lock.until + " UTC");
            }
            result.locked_until = lock.until;
            result.until_reset = lock.until_reset;
            audit(username, "auth.sign_in_refused_locked", "users", uid,
                  "station " + station + ": locked out " +
                      (lock.until_reset ? std::string("until an administrator resets the PIN") : "until " + *lock.until));
            return;
        }
        if (right) {
            repo_.setSignInAttempts(u->id, {});
            if (!rehashed.empty()) repo_.setPinHash(u->id, rehashed);
            audit(username, "auth.sign_in", "users", uid,
                  "station " + station + (rehashed.empty() ? "" : " (PIN hash upgraded to the peppered scheme)"));
            result.user = u;
            return;
        }
        SignInAttempts attempts{stored.failures + 1, std::nullopt};
        audit(username, "auth.sign_in_failed", "users", uid,
              "station " + station + ": wrong PIN " + std::to_string((attempts.failures - 1) % kMaxWrongPins + 1) +
                  " of " + std::to_string(kMaxWrongPins));
        if (attempts.failures % kMaxWrongPins == 0) {
            const auto length = lockoutSeconds(attempts.failures);
            if (length) attempts.locked_until = addSeconds(at, *length);
            result.locked_until = attempts.locked_until;
            result.until_reset = !length;
            audit(username, "auth.locked_out", "users", uid,
                  "station " + station + ": " + std::to_string(attempts.failures) + " wrong PINs, locked " +
                      (length ? "until " + *attempts.locked_until : std::string("until an administrator resets the PIN")));
        }
        repo_.setSignInAttempts(u->id, attempts);
    });
    if (result.locked_until) result.try_again_at = tryAgainAt(now(), at, *result.locked_until);
    return result;
}

std::vector<LockedOutUser> Records::lockedOutUsers(const User& by) {
    authorise(by, Operation::ManageUsers);
    const std::string at = utc_clock_();
    std::vector<LockedOutUser> out;
    for (const auto& u : repo_.activeUsers()) {
        const Lock lock = lockOf(repo_.signInAttempts(u.id), at);
        if (!lock.held) continue;
        out.push_back({u, lock.until ? tryAgainAt(now(), at, *lock.until) : std::string(), lock.until_reset});
    }
    return out;
}

}  // namespace core
