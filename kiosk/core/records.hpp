// Records: every operation the kiosk performs on the safeguarding records, with its rules and its
// audit trail. The CLI and the touchscreen UI both call these; neither holds a rule of its own.
// Each write runs in one transaction together with its audit rows.
// Thread safety: one Records per thread (it borrows a repository bound to one connection).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/face_checker.hpp"
#include "kiosk/core/image_age.hpp"
#include "kiosk/core/repository.hpp"
#include "kiosk/core/rules.hpp"

namespace core {

// Local wall-clock instant as 'YYYY-MM-DDTHH:MM:SS'. Injected so tests can fix "now".
using Clock = std::function<std::string()>;
std::string systemNow();

struct Provenance {
    Date date_taken;
    std::string provided_by;
    std::string identity_verified_by;
    bool carer_consent = false;
};

struct CheckRequest {
    Id booking_id = 0;
    Id child_id = 0;
    std::string probe_path;  // used by check(); ignored by recordCheck()
    std::string station = "kiosk";
    Decision decision = Decision::NotConfident;
    std::string reason;
};

struct CheckResult {
    bool refused = false;  // not eligible: nothing compared, reason in `refusal`
    std::string refusal;
    std::optional<Id> blocking_review;
    Id check_id = 0;
    FaceEvidence evidence;
    Decision decision = Decision::NotConfident;
    std::optional<Id> incident_id;
    std::optional<Id> review_id;
    std::vector<Id> notification_ids;
};

struct StaleImage {
    ImageOfChild entry;
    ImageAge age;  // the policy's verdict (stale), with the child's age when it was taken
};

struct OverdueReport {
    std::vector<Review> notices;             // prisoner not told within one working day
    std::vector<Arrangement> arrangements;   // three-yearly review date passed
    std::vector<StaleImage> stale_images;
    std::vector<Review> open_reviews;        // blocking contact until completed
};

// A new PIN must be 4 to 12 digits; throws InputError saying so otherwise.
void checkNewPin(const std::string& pin);

class Records {
public:
    explicit Records(RecordsRepository& repo, Clock clock = systemNow) : repo_(repo), clock_(std::move(clock)) {}

    RecordsRepository& repository() { return repo_; }
    std::string now() const { return clock_(); }
    Date today() const;

    // Finds an active user by username or numeric id; throws NotFoundError.
    User requireUser(const std::string& username_or_id);

    // --- signing in at a station -------------------------------------------------------------
    std::vector<User> activeUsers() { return repo_.activeUsers(); }
    // The user when the PIN is right, nullopt when it is wrong or the user is unknown/inactive.
    // Both outcomes are audited ("auth.sign_in" / "auth.sign_in_failed") with the station name.
    std::optional<User> signIn(const std::string& username, const std::string& pin, const std::string& station);

    // --- setting up ------------------------------------------------------------------------
    Id createUser(const std::string& actor, User user, const std::string& pin_hash);
    Id addPrisoner(const User& by, const Prisoner& p);
    Id addChild(const User& by, const Child& c);
    Id addArrangement(const User& by, const Arrangement& a);
    Id addBooking(const User& by, const Booking& b);
    // Stores an approved image with its provenance. Throws InputError when the image holds no face
    // or several, or provenance is missing; nothing is stored then.
    Id enrolImage(const User& by, Id child_id, const std::string& source_name, const EnrolmentEvidence& ev,
                  const Provenance& provenance);
    // Runs `body` as one transaction (an import: all rows or none).
    void inTransaction(const std::function<void()>& body) { repo_.inTransaction(body); }

    // --- the visits hall / video-call roll --------------------------------------------------
    std::vector<BookingRow> bookingsOn(const Date& day);
    Eligibility eligibility(Id booking_id, Id child_id);
    // The child's approved descriptors for a comparison; recorded in the audit log as a view.
    std::vector<StoredDescriptor> viewReferences(const User& by, Id child_id);
    // Eligibility, the face pipeline through `faces`, then recordCheck().
    CheckResult check(const User& officer, const CheckRequest& req, FaceChecker& faces);
    // Records a check whose comparison already ran (the UI runs it live); applies the rules.
    CheckResult recordCheck(const User& officer, const CheckRequest& req, const FaceEvidence& evidence);

    // --- safeguarding -----------------------------------------------------------------------
    Id raiseWelfareConcern(const User& by, Id prisoner_id, std::optional<Id> booking_id, std::optional<Id> child_id,
                           const std::string& details);
    void acknowledge(const User& by, Id notification_id);
    Id openReview(const User& by, Id prisoner_id, ReviewTrigger trigger, const std::string& notes);
    Review completeReview(const User& by, Id review_id, ReviewOutcome outcome, const std::string& notes);
    Review recordPrisonerInformed(const User& by, Id review_id);
    Review lodgeAppeal(const User& by, Id review_id, const std::string& details);
    OverdueReport overdue();

    // --- administration (records_admin.cpp) -------------------------------------------------
    // Every child on file, by surname then first name (the admin's child picker).
    std::vector<Child> children();
    // Takes an approved image out of use (it stays on file, marked retired, and is no longer compared).
    // Throws NotFoundError for an unknown image, InputError without a reason or when already retired.
    void retireImage(const User& by, Id image_id, const std::string& reason);
    // Replaces a user's PIN hash (make it with the store's hashPin after checkNewPin).
    void resetPin(const User& by, Id user_id, const std::string& pin_hash);
    // Stops a user signing in. Never yourself, never the last active admin (InputError).
    void deactivateUser(const User& by, Id user_id);

private:
    void audit(const std::string& actor, std::string action, std::string entity, std::optional<Id> id,
               std::string detail);
    Id raiseIncident(const User& by, Incident incident);
    Review requireReview(Id id);

    RecordsRepository& repo_;
    Clock clock_;
};

}  // namespace core
