// What the records domain needs from storage. kiosk/store implements it on SQLite; core never sees
// SQL. Every method runs on the caller's thread and connection; writes that belong together run
// inside inTransaction(), which commits only if the body returns normally.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.hpp"

namespace core {

// An approved image with the child it shows, for the stale-image list.
struct ImageOfChild {
    ApprovedImage image;  // without blobs
    Child child;
};

// A user's run of wrong PINs and, once it reached the limit, when the lockout ends.
struct SignInAttempts {
    int failures = 0;                         // consecutive wrong PINs since the last success or PIN reset
    std::optional<std::string> locked_until;  // 'YYYY-MM-DDTHH:MM:SS' UTC; unset while not locked (or held until reset)
};

// An identity check's stored evidence crop (the live capture), without its bytes.
struct StoredCapture {
    Id check_id = 0;
    Id booking_id = 0;
    Id child_id = 0;
    std::string at;                  // when the check was recorded
    std::int64_t bytes = 0;          // size as stored
    bool linked_to_incident = false; // an incident names this check: kept as evidence
};

class RecordsRepository {
public:
    virtual ~RecordsRepository() = default;

    // Runs `body` in one write transaction: all of it is recorded or none of it.
    virtual void inTransaction(const std::function<void()>& body) = 0;
    // A number that changes whenever a write is committed to the records, by this connection or
    // any other: equal stamps taken before some checks and again inside a write transaction mean
    // nothing the checks read can have changed (an import writes the rows it checked without
    // checking them again while it holds the write lock).
    virtual std::int64_t writeStamp() = 0;

    virtual Id addUser(const User& user, const std::string& pin_hash) = 0;
    virtual std::optional<User> userByName(std::string_view username) = 0;
    virtual std::optional<User> user(Id id) = 0;
    // Active users in name order (the sign-in screen's list).
    virtual std::vector<User> activeUsers() = 0;
    // Whether `pin` matches the user's stored PIN hash (the store owns the hashing scheme).
    virtual bool pinMatches(Id user_id, const std::string& pin) = 0;
    // The stored form of a new PIN (the store's hashing scheme; core and front ends never see it).
    virtual std::string hashPin(const std::string& pin) = 0;
    // Whether the user's stored hash predates the store's current scheme (re-hashed at the next
    // right PIN, while the PIN is at hand).
    virtual bool pinHashOutdated(Id user_id) = 0;
    // Whether these records were created as a demo (`kiosk demo seed`): the demo PIN is allowed.
    virtual bool demoRecords() = 0;
    virtual SignInAttempts signInAttempts(Id user_id) = 0;
    virtual void setSignInAttempts(Id user_id, const SignInAttempts& attempts) = 0;
    virtual void setPinHash(Id user_id, const std::string& pin_hash) = 0;
    virtual void setUserActive(Id user_id, bool active) = 0;

    virtual Id addPrisoner(const Prisoner& p) = 0;
    virtual std::optional<Prisoner> prisoner(Id id) = 0;
    virtual std::optional<Prisoner> prisonerByNumber(std::string_view prison_number) = 0;

    virtual Id addChild(const Child& c) = 0;
    virtual std::optional<Child> child(Id id) = 0;
    virtual std::optional<Child> childByRef(std::string_view ref) = 0;
    // Every child, by last name then first name.
    virtual std::vector<Child> children() = 0;

    virtual Id addArrangement(const Arrangement& a) = 0;
    virtual std::vector<Arrangement> arrangementsOfPrisoner(Id prisoner_id) = 0;
    virtual std::vector<Arrangement> allArrangements() = 0;
    virtual std::optional<Arrangement> arrangement(Id id) = 0;
    // Replaces which contact types an arrangement allows (a 'varied' review outcome).
    virtual void setArrangementAllowed(Id arrangement_id, const std::set<ContactType>& allowed) = 0;
    // Sets status, decision date and next review due on every not-ended arrangement of a prisoner.
    virtual void applyReviewToArrangements(Id prisoner_id, ArrangementStatus status, const Date& decided,
                                           const Date& next_review_due) = 0;

    virtual Id addApprovedImage(const ApprovedImage& image) = 0;
    // Non-retired images of a child, descriptors always, image/chip bytes only when asked.
    virtual std::vector<ApprovedImage> approvedImages(Id child_id, bool with_image_bytes) = 0;
    virtual std::vector<ImageOfChild> allActiveImages() = 0;
    // One image, retired or not, without blobs.
    virtual std::optional<ApprovedImage> approvedImage(Id id) = 0;
    virtual void retireImage(Id image_id, Id by, const std::string& at) = 0;
    // A new descriptor for an approved image (re-embedded by another face model), sealed as the
    // first one was; the image, chip and provenance are unchanged.
    virtual void replaceDescriptor(Id image_id, Id child_id, const std::vector<float>& descriptor,
                                   const std::string& descriptor_model) = 0;

    virtual Id addBooking(const Booking& b) = 0;
    virtual std::optional<Booking> booking(Id id) = 0;
    virtual std::optional<Booking> bookingByRef(const std::string& ref) = 0;
    // A day's bookings in time order, with the prisoner's open review if any.
    virtual std::vector<BookingRow> bookingsOn(const Date& day) = 0;
    virtual void setBookingStatus(Id booking_id, BookingStatus status) = 0;

    virtual Id addCheck(const IdentityCheck& check) = 0;
    virtual std::optional<IdentityCheck> check(Id id) = 0;
    // A check left without a decision (no crop kept).
    virtual Id addAbandonedAttempt(const CheckAttempt& attempt) = 0;
    // Every attempt at the booking's children, decided or abandoned, oldest first, without crops.
    virtual std::vector<CheckAttempt> attemptsOf(Id booking_id) = 0;

    // The booking's session once started; none before.
    virtual std::optional<SessionRecord> session(Id booking_id) = 0;
    virtual void startSession(Id booking_id, Id by, const std::string& at) = 0;
    virtual void endSession(Id booking_id, Id by, const std::string& at) = 0;

    virtual Id addIncident(const Incident& incident) = 0;
    virtual std::optional<Incident> incident(Id id) = 0;
    virtual std::vector<Incident> incidents(bool open_only) = 0;
    virtual void setIncidentReview(Id incident_id, Id review_id) = 0;
    virtual void closeIncident(Id incident_id, const std::string& at) = 0;
    // The JPEG of what the in-call monitor saw, kept with the incident (sealed by the store).
    virtual void setIncidentSnapshot(Id incident_id, const std::vector<std::uint8_t>& jpeg) = 0;
    // The incident's snapshot, opened; empty when it has none.
    virtual std::vector<std::uint8_t> incidentSnapshot(Id incident_id) = 0;

    virtual Id addReview(const Review& review) = 0;
    virtual std::optional<Review> review(Id id) = 0;
    // The prisoner's open review, if any (blocking contact or not: see Review::blocks_contact).
    virtual std::optional<Review> openReviewOf(Id prisoner_id) = 0;
    virtual std::vector<Review> reviews(bool open_only) = 0;
    // Writes the decision, notice, blocking and variation fields of an existing review.
    virtual void updateReview(const Review& review) = 0;

    virtual Id addAppeal(const Appeal& appeal) = 0;
    virtual std::optional<Appeal> appeal(Id id) = 0;
    // Every appeal (of one review when given), oldest first.
    virtual std::vector<Appeal> appeals(std::optional<Id> review_id) = 0;
    virtual void updateAppeal(const Appeal& appeal) = 0;

    virtual Id addNotification(const Notification& n) = 0;
    virtual std::optional<Notification> notification(Id id) = 0;
    virtual std::vector<Notification> notifications(bool unacknowledged_only) = 0;
    virtual std::vector<Notification> notificationsOf(Id incident_id) = 0;
    virtual void acknowledgeNotification(Id id, Id user_id, const std::string& at) = 0;

    // --- notification delivery (issue 13) --------------------------------------------------------
    virtual Id addRecipient(const Recipient& r) = 0;
    virtual std::optional<Recipient> recipient(Id id) = 0;
    // Every recipient (or only those not removed), by role then name.
    virtual std::vector<Recipient> recipients(bool active_only) = 0;
    virtual void removeRecipient(Id id, Id by, const std::string& at) = 0;
    virtual Id addOutboxMessage(const OutboxMessage& m) = 0;
    virtual std::optional<OutboxMessage> outboxMessage(Id id) = 0;
    virtual std::vector<OutboxMessage> outboxOf(Id notification_id) = 0;
    // Queued or retrying messages due at `now`, oldest first, at most `limit`; read with their MACs
    // checked (a message edited outside the kiosk is never sent).
    virtual std::vector<OutboxMessage> dueOutbox(const std::string& now, int limit) = 0;
    virtual std::vector<OutboxMessage> outboxInState(DeliveryState state) = 0;
    // Writes message_key, state, attempts, next_attempt_at, claimed_at, sent_at and last_reply.
    virtual void updateOutboxMessage(const OutboxMessage& m) = 0;
    // The establishment's settings (kiosk_settings): value as stored, none when unset.
    virtual std::optional<std::string> setting(const std::string& name) = 0;
    virtual void setSetting(const std::string& name, const std::string& value) = 0;

    // Identity checks that still hold an evidence crop, in id order (for the retention purge).
    virtual std::vector<StoredCapture> capturesWithEvidence() = 0;
    // Removes a check's evidence crop; the check record itself stays.
    virtual void dropEvidence(Id check_id) = 0;

    // Chains and appends one audit row; call inside the transaction of the write it records.
    virtual void appendAudit(const AuditRecord& record) = 0;
    // Appends an audit row that stands even when the caller's transaction rolls back (a refused
    // attempt): at once when no transaction is open, else straight after the outermost one ends.
    virtual void appendAuditCommitted(const AuditRecord& record) = 0;
};

}  // namespace core
