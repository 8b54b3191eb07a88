// Records: every operation the kiosk performs on the safeguarding records, with its rules and its
// audit trail. The CLI and the touchscreen UI both call these; neither holds a rule of its own.
// Each write runs in one transaction together with its audit rows.
// Thread safety: one Records per thread (it borrows a repository bound to one connection).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <map>
#include <set>

#include "kiosk/core/contact_session.hpp"
#include "kiosk/core/face_checker.hpp"
#include "kiosk/core/image_age.hpp"
#include "kiosk/core/notify.hpp"
#include "kiosk/core/permissions.hpp"
#include "kiosk/core/pin_policy.hpp"
#include "kiosk/core/read_models.hpp"
#include "kiosk/core/repository.hpp"
#include "kiosk/core/retention.hpp"
#include "kiosk/core/rules.hpp"

namespace core {

// Local wall-clock instant as 'YYYY-MM-DDTHH:MM:SS'. Injected so tests can fix "now".
using Clock = std::function<std::string()>;
std::string systemNow();
// The same instant in UTC (lockouts: no daylight-saving change moves them).
std::string systemUtcNow();
// `at` ('YYYY-MM-DDTHH:MM:SS') moved on by `seconds`, in the same form.
std::string addSeconds(const std::string& at, long seconds);

// Seconds from `from` to `to` (both 'YYYY-MM-DDTHH:MM:SS' on the same clock).
long secondsBetween(const std::string& from, const std::string& to);

struct SignInResult {
    std::optional<User> user;                 // signed in
    std::optional<std::string> locked_until;  // refused: locked out until then (UTC, 'YYYY-MM-DDTHH:MM:SS')
    std::string try_again_at;                 // 'HH:MM' local time, the first whole minute the lockout is over
    bool until_reset = false;                 // refused: locked out until an administrator resets the PIN
    explicit operator bool() const { return user.has_value(); }
};

struct LockedOutUser {
    User user;
    std::string try_again_at;  // 'HH:MM' local time; empty when held until a PIN reset
    bool until_reset = false;
};

struct Provenance {
    Date date_taken;
    std::string provided_by;
    std::string identity_verified_by;
    bool carer_consent = false;
    // Approving a photo that fails the face-quality check needs the admin's reason (audited), e.g.
    // the only photo children's services hold is tightly cropped. Empty: such a photo is refused.
    std::string quality_waiver{};
    // A photo closer to another child on file than to this child's own images, or within the match
    // threshold of another child, is approved only when the admin confirms, naming that child, that
    // it is not them (audited). Empty: such a photo is refused.
    std::string confirmed_not{};
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
    std::vector<RecipientRole> notified;  // who the incident notified (told to the officer)
    SessionState session = SessionState::Booked;  // the booking's session after this check
    int attempt = 0;                              // this child's attempt number at the booking
};

// A booking's visit or call as the rules see it now (contact_session.hpp).
struct SessionView {
    Booking booking;
    std::string prison_number, prisoner_name;
    SessionState state = SessionState::Booked;
    std::vector<ExpectedChild> children;  // with status, attempts and eligibility
    std::optional<SessionRecord> record;  // started / ended stamps
    std::optional<Id> blocking_review;
};


// A 'varied' review outcome: the contact types each named child's arrangement allows from now on.
struct ReviewVariation {
    std::map<Id, std::set<ContactType>> allowed;  // child id -> contact types
};

struct StaleImage {
    ImageOfChild entry;
    ImageAge age;  // the policy's verdict (stale), with the child's age when it was taken
};

struct OverdueReport {
    std::vector<Review> notices;             // prisoner not told within one working day
    std::vector<Arrangement> arrangements;   // three-yearly review date passed
    std::vector<StaleImage> stale_images;
    std::vector<Review> open_reviews;        // open: blocking contact (refusals) or scheduled
    std::vector<std::string> arrangement_words;  // per overdue arrangement: "Darren Walsh with Frankie Walsh"
};

class Records {
public:
    explicit Records(RecordsRepository& repo) : repo_(repo), clock_(systemNow), utc_clock_(systemUtcNow) {}
    // A fixed clock (tests, the fuzzer) stands for both local time and the lockouts' UTC clock.
    Records(RecordsRepository& repo, Clock clock) : repo_(repo), clock_(clock), utc_clock_(std::move(clock)) {}
    Records(RecordsRepository& repo, Clock local, Clock utc)
        : repo_(repo), clock_(std::move(local)), utc_clock_(std::move(utc)) {}

    // The store itself, unchecked: for setting up (seed, import plumbing) and tests only. Screens and
    // commands reach records through the authorised operations below.
    RecordsRepository& repository() { return repo_; }
    std::string now() const { return clock_(); }
    Date today() const;

    // Finds an active user by username or numeric id; throws NotFoundError.
    User requireUser(const std::string& username_or_id);
    // A prisoner's id from a prison number (A1234BC) or a numeric id; throws NotFoundError.
    Id prisonerIdFrom(const std::string& number_or_id);

    // Throws PermissionError unless `by` is an active user (as stored now, not as signed in) whose
    // role the table in permissions.hpp allows for `op`. A refusal is audited ("authz.denied") in
    // its own committed transaction and changes nothing else. Every operation below calls it first;
    // call it yourself before batching operations in inTransaction().
    void authorise(const User& by, Operation op);

    // --- signing in at a station -------------------------------------------------------------
    // The sign-in list: active staff (service users sign in with a token on the command line only).
    std::vector<User> activeUsers();
    // The user when the PIN is right; no user when it is wrong, the user is unknown or inactive, or
    // locked out (then locked_until/try_again_at say until when, and even the right PIN is refused).
    // Every kMaxWrongPins consecutive wrong PINs lock the user out for longer (pin_policy.hpp:
    // 5 min, 30 min, then until an administrator resets the PIN); a success resets the
    // count. Audited with the station: "auth.sign_in", "auth.sign_in_failed", "auth.locked_out"
    // (the lockout itself) and "auth.sign_in_refused_locked" (each attempt while locked).
    SignInResult signIn(const std::string& username, const std::string& pin, const std::string& station);

    // --- setting up ------------------------------------------------------------------------
    Id createUser(const User& by, User user, const std::string& pin_hash);
    // A new database's first users, recorded as "setup": allowed only while no active admin exists.
    Id createUserAtSetup(User user, const std::string& pin_hash);
    // `checked`: an import's write phase, for a row checkNew*() passed while nothing has been
    // written since (RecordsRepository::writeStamp() unchanged, the write lock held): `by` was
    // authorised for the whole file, so neither is done again. Everyone else leaves it false.
    Id addPrisoner(const User& by, const Prisoner& p, bool checked = false);
    Id addChild(const User& by, const Child& c, bool checked = false);
    Id addArrangement(const User& by, const Arrangement& a, bool checked = false);
    Id addBooking(const User& by, const Booking& b, bool checked = false);
    // The checks the four above make before they write, without writing or authorising: an import
    // runs them on every row first, so that the write lock is held only for the writes. Throw
    // InputError / NotFoundError as those do.
    void checkNewPrisoner(const Prisoner& p);
    void checkNewChild(const Child& c);
    void checkNewArrangement(const Arrangement& a);
    void checkNewBooking(const Booking& b);
    // Stores an approved image with its provenance. Throws InputError when the image holds no face
    // or several, or provenance is missing; nothing is stored then.
    Id enrolImage(const User& by, Id child_id, const std::string& source_name, const EnrolmentEvidence& ev,
                  const Provenance& provenance);
    // Re-embedding (`kiosk reembed`): the approved image's new descriptor from today's face model,
    // made from the stored image itself. Audited with the model before and after. Throws
    // InputError when the evidence holds no usable single face (the image then keeps its old
    // descriptor: the child stays cannot_assess on it until it is re-enrolled).
    void reembedImage(const User& by, Id image_id, const EnrolmentEvidence& ev);
    // The summary of one `kiosk reembed` run, in the audit log.
    void recordReembedRun(const User& by, const std::string& summary);
    // Runs `body` as one transaction (an import: all rows or none).
    void inTransaction(const std::function<void()>& body) { repo_.inTransaction(body); }

    // --- the visits hall / video-call roll --------------------------------------------------
    std::vector<BookingRow> bookingsOn(const User& by, const Date& day);
    Eligibility eligibility(const User& by, Id booking_id, Id child_id);
    // The child's approved descriptors for a comparison; recorded in the audit log as a view.
    std::vector<StoredDescriptor> viewReferences(const User& by, Id child_id);
    // The child's approved images with provenance (bytes when asked) for showing them.
    std::vector<ApprovedImage> approvedImages(const User& by, Id child_id, bool with_image_bytes);
    // Every child's active approved images (look-alike checks, counts).
    std::vector<ImageOfChild> allActiveImages(const User& by);
    // Eligibility, the face pipeline through `faces`, then recordCheck().
    CheckResult check(const User& officer, const CheckRequest& req, FaceChecker& faces);
    // Records a check whose comparison already ran (the UI runs it live); applies the rules.
    CheckResult recordCheck(const User& officer, const CheckRequest& req, const FaceEvidence& evidence);

    // --- safeguarding -----------------------------------------------------------------------
    Id raiseWelfareConcern(const User& by, Id prisoner_id, std::optional<Id> booking_id, std::optional<Id> child_id,
                           const std::string& details, const std::string& station = "kiosk");
    void acknowledge(const User& by, Id notification_id);
    Id openReview(const User& by, Id prisoner_id, ReviewTrigger trigger, const std::string& notes);
    // Opens a contact review for an incident that has none (a welfare concern, an override) and
    // links the incident to it, so that completing the review closes the incident.
    Id openReviewForIncident(const User& by, Id incident_id, const std::string& notes);
    // Completing a review applies its outcome to the prisoner's arrangements at once: unchanged
    // restores contact, varied changes the contact types `variation` names (it must name some),
    // suspended keeps contact suspended until a new review, ended ends it. Bookings follow.
    Review completeReview(const User& by, Id review_id, ReviewOutcome outcome, const std::string& notes,
                          const ReviewVariation& variation = {});
    Review recordPrisonerInformed(const User& by, Id review_id);
    // A scheduled (three-yearly) or new-information review of the arrangement's prisoner. It does
    // not block contact by itself; a refusal while it is open joins it and makes it blocking.
    Id openArrangementReview(const User& by, Id arrangement_id, ReviewTrigger trigger, const std::string& notes);
    // Appeals against a completed review's decision: a record with its own outcome.
    Appeal lodgeAppeal(const User& by, Id review_id, const Date& lodged_on, const std::string& grounds);
    Appeal decideAppeal(const User& by, Id appeal_id, AppealOutcome outcome, const std::string& notes);
    std::vector<Appeal> appeals(const User& by, std::optional<Id> review_id = std::nullopt);
    OverdueReport overdue(const User& by);
    std::vector<Incident> incidents(const User& by, bool open_only);
    // A recorded identity check with its evidence (the incident's "why").
    std::optional<IdentityCheck> recordedCheck(const User& by, Id check_id);
    std::vector<Review> reviews(const User& by, bool open_only);
    std::vector<Notification> notifications(const User& by, bool unacknowledged_only);
    std::vector<Notification> notificationsOf(const User& by, Id incident_id);

    // --- the in-call monitor ------------------------------------------------------------------
    // The monitor saw a face on a video call that matches none of the booked children's approved
    // images. An unapproved person in a call with a prisoner under child-contact arrangements is a
    // concern for the child's safety, so it is recorded as a welfare concern on the call's booking
    // (the safeguarding lead, duty governor and probation OMU managers are notified) and audited
    // as "call.unknown_face". Nothing is decided for the officer: suspending the call stays their
    // decision. `what_was_seen` must say when and how close the nearest approved image was.
    // `snapshot_jpeg` is the JPEG of the face the monitor saw, stored with the incident in the
    // same transaction so the safeguarding lead sees who joined the call; empty only when the
    // monitor had none. Anything else that is not a JPEG is an InputError.
    Id recordUnknownFaceOnCall(const User& by, Id booking_id, const std::string& station,
                               const std::string& what_was_seen, const std::vector<std::uint8_t>& snapshot_jpeg);
    // The in-call monitor's snapshot kept with an incident (JPEG bytes), empty when it has none.
    // Needs ViewIncidents, like the check evidence.
    std::vector<std::uint8_t> incidentSnapshot(const User& by, Id incident_id);

    // --- contact sessions (records_sessions.cpp) -------------------------------------------------
    // Every transition is decided by contact_session.hpp inside the write transaction that
    // records it, so two stations acting on one booking at once cannot both succeed. A refusal
    // by the rules throws RuleRefusal with the sentence to show, and records nothing.
    SessionView session(const User& by, Id booking_id);
    SessionView startSession(const User& by, Id booking_id);
    SessionView endSession(const User& by, Id booking_id);
    // The video-call officer suspends a call (before or during it): an incident on the call with
    // what was seen (and the in-call monitor's snapshot, if any), never a check that was not made;
    // a review opens and blocks all contact. The result's refused/refusal say when it was too late.
    CheckResult suspendCall(const User& by, Id booking_id, const std::string& station, const std::string& reason,
                            const std::vector<std::uint8_t>& snapshot_jpeg = {});
    // The officer opened a child's check and left without a decision: recorded with its scores.
    Id recordAbandonedAttempt(const User& by, const CheckRequest& req, const FaceEvidence& evidence);
    std::vector<CheckAttempt> attempts(const User& by, Id booking_id);
    // The prisoner's arrangements per child and contact type (phone and letters staff too).
    std::vector<ContactRow> contactArrangements(const User& by, Id prisoner_id);

    // --- retention (retention.hpp) ------------------------------------------------------------
    // Removes the evidence crops of checks no incident names that are older than `days` days, in
    // one transaction with one "retention.purge" audit row; a dry run only lists them.
    // Needs a role allowed PurgeEvidence.
    PurgeReport purgeEvidence(const User& by, int days, bool dry_run);
    // The purge the kiosk runs by itself at start, audited as "system" (no signed-in user).
    PurgeReport scheduledPurge(int days);

    // --- administration (records_admin.cpp) -------------------------------------------------
    // Every child on file, by surname then first name (the admin's child picker).
    std::vector<Child> children(const User& by);
    // Takes an approved image out of use (it stays on file, marked retired, and is no longer compared).
    // Throws NotFoundError for an unknown image, InputError without a reason or when already retired.
    void retireImage(const User& by, Id image_id, const std::string& reason);
    // Replaces a user's PIN hash (make it with the store's hashPin after checkNewPin).
    void resetPin(const User& by, Id user_id, const std::string& pin_hash);
    // Stops a user signing in. Never yourself, never the last active admin (InputError).
    void deactivateUser(const User& by, Id user_id);

    // --- read models for screens and commands (read_models.cpp, read_models.hpp) ---------------
    // Each needs the role its underlying data needs, so no front end reads the repository itself.
    // The day's bookings of one kind with each child's eligibility (ViewBookings).
    std::vector<BookingView> bookingViews(const User& by, const Date& day, BookingKind kind);
    // Eligibility, then the approved and the other children's descriptors and the child's images
    // (ViewBookings, then ViewReferences: audited as a view of the references).
    CheckContext checkContext(const User& by, Id booking_id, Id child_id);
    // Every other child's approved descriptors, named (ViewReferences).
    std::vector<OtherChildDescriptor> otherChildrenDescriptors(const User& by, Id child_id);
    // A child's approved images with their age under the policy (ViewReferences).
    std::vector<ApprovedImageWithAge> imagesWithAge(const User& by, Id child_id, bool with_image_bytes);
    // The incident queue, newest first (ViewIncidents); `open_only` false lists closed ones too.
    std::vector<IncidentRowView> incidentRows(const User& by, bool open_only);
    // One incident with its evidence (ViewIncidents); none when there is no such incident.
    std::optional<IncidentDetailView> incidentDetail(const User& by, Id incident_id);
    // A review with no incident of its own (a scheduled or new-information review), shown like an
    // incident's so the lead decides it the same way: row.incident.id is 0.
    std::optional<IncidentDetailView> reviewDetail(const User& by, Id review_id);
    // A child by id or reference (ViewBookings: the roll names them).
    std::optional<Child> child(const User& by, Id child_id);
    std::optional<Child> childByRef(const User& by, const std::string& ref);
    // A review by id (ViewReviews).
    std::optional<Review> review(const User& by, Id review_id);
    // A prisoner's contact arrangements (ViewReviews: the lead decides them).
    std::vector<Arrangement> arrangementsOfPrisoner(const User& by, Id prisoner_id);
    // A user's display name, for "New PIN set for Val Officer" (ManageUsers).
    std::string userDisplayName(const User& by, Id user_id);
    // --- PINs and sign-in: the store hashes them (records_pins.cpp) -----------------------------
    // checkNewPin() (the demo PIN only in a demo database), then the store's hash of `pin`; as
    // createUser / createUserAtSetup / resetPin.
    Id createUserWithPin(const User& by, User user, const std::string& pin);
    Id createUserAtSetupWithPin(User user, const std::string& pin);
    void resetPinTo(const User& by, Id user_id, const std::string& pin);
    // Users locked out now, for the administrator to see (ManageUsers): a PIN reset lets them in.
    std::vector<LockedOutUser> lockedOutUsers(const User& by);

    // --- notifications that reach people (records_notify.cpp, notify.hpp) ---------------------
    // Recipients per role, kept by the admin (ManageRecipients; the lead may list them).
    Id addRecipient(const User& by, RecipientRole role, const std::string& name, const std::string& email);
    void removeRecipient(const User& by, Id recipient_id);
    std::vector<Recipient> recipients(const User& by, bool include_removed = false);
    // The establishment's settings (ManageSettings): every known one, its value (or default).
    struct SettingValue {
        std::string name, value, what;
        bool is_default = true;
    };
    std::vector<SettingValue> settings(const User& by);
    void setSetting(const User& by, const std::string& name, const std::string& value);
    // The mail settings for a sender (no user: the kiosk's own delivery worker reads them).
    MailSettings mailSettings();
    // Claims the due messages for sending, in one transaction: each becomes 'sending' with one
    // more attempt, so no other sender takes it. First, messages claimed longer ago than
    // kSendingLeaseSeconds are marked failed as interrupted (never resent by themselves). `by`
    // none: the kiosk's background delivery, audited as "system"; else DeliverNotifications.
    struct DeliveryClaim {
        std::vector<OutboxMessage> messages;
        int interrupted = 0;
    };
    DeliveryClaim claimDeliveries(const std::optional<User>& by, int limit);
    // After the server accepted a claimed message / after a try failed (`permanent`: a 5xx reply).
    void recordSent(const std::optional<User>& by, Id outbox_id, const std::string& reply);
    OutboxMessage recordFailure(const std::optional<User>& by, Id outbox_id, const std::string& reply, bool permanent);
    // A failed message queued again by a person (after asking the recipient, or fixing the
    // server): it goes with the same Message-ID (DeliverNotifications).
    OutboxMessage resend(const User& by, Id outbox_id);
    // Notifications with their deliveries: the lead's are all; the duty governor's and OMU
    // managers' are those sent to their role (ViewNotifications).
    std::vector<NotificationView> notificationViews(const User& by, bool unacknowledged_only);
    // The incidents notified to the viewer's role, newest first, and one with the evidence
    // evidenceFor() allows that role (ViewNotifiedIncidents); none when it did not notify them.
    std::vector<NotifiedIncidentView> notifiedIncidents(const User& by);
    std::optional<IncidentDetailView> notifiedIncidentDetail(const User& by, Id incident_id);

private:
    PurgeReport purgeEvidenceAs(const std::string& actor, int days, bool dry_run);
    void audit(const std::string& actor, std::string action, std::string entity, std::optional<Id> id,
               std::string detail);
    // The incident, its notifications and each one's e-mail to every recipient of that role on
    // file, composed now (what happened, when, where, prisoner, incident number) and queued.
    Id raiseIncident(const User& by, Incident incident, const std::string& station);
    void queueNotice(const User& by, const Incident& incident, const Notification& n, const std::string& station);
    NotificationView notificationView(const Notification& n, const std::optional<Role>& viewer);
    std::string deliveryActor(const std::optional<User>& by);
    Review requireReview(Id id);
    Eligibility eligibilityOf(Id booking_id, Id child_id);
    SessionFacts factsOf(const Booking& booking);
    // The same, with the prisoner's arrangements and blocking review already read (a list of many
    // bookings reads them once per prisoner).
    SessionFacts factsOf(const Booking& booking, const std::vector<Arrangement>& arrangements, std::optional<Id> blocking);
    // Only the session state (a list's column): the attempts and the session record, no eligibility.
    SessionState sessionStateOf(const Booking& booking);
    SessionState stateFrom(const Booking& booking, const std::vector<CheckAttempt>& attempts,
                           const std::vector<ChildCheckStatus>& statuses);
    SessionView viewOf(const Booking& booking);
    Booking requireBooking(Id id);
    // A refusal or suspension: the booking's status, the incident (and its notifications), and the
    // prisoner's review opened, or the open one joined and made blocking.
    void refuseContact(const User& by, const Booking& booking, Incident incident, CheckResult& result,
                       const std::string& station);
    std::optional<Id> blockingReviewOf(Id prisoner_id);
    // Checking a child for a visit or for a video call (an unknown booking counts as a visit).
    Operation checkOperation(Id booking_id);

    RecordsRepository& repo_;
    Clock clock_;
    Clock utc_clock_;
};

}  // namespace core
