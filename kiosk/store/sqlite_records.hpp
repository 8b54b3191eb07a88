// core::RecordsRepository on SQLite: the kiosk's records in one database file. Statements are
// prepared once per connection and reused. Every write to a table in row_seal.hpp's MAC list is
// followed by sealRow() in the same transaction; reads that decide eligibility or authority
// verify the MAC and throw IntegrityError when it fails. inTransaction() nests: only the outermost call begins
// and commits, so a Records operation used inside an import joins the import's transaction.
// Thread safety: one SqliteRecords per Database per thread.
#pragma once

#include "kiosk/core/repository.hpp"
#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/errors.hpp"
#include "kiosk/store/pin_hash.hpp"

namespace store {

class SqliteRecords final : public core::RecordsRepository {
public:
    // Every image, chip, descriptor and evidence crop is sealed and opened through `codec`.
    SqliteRecords(Database& db, BlobCodec codec, PinPepper pepper)
        : db_(db), codec_(std::move(codec)), pepper_(pepper) {}
    // New PIN hashes at libsodium's minimum cost: the demo seed and tests, never real users.
    void usePinHashCost(PinHashCost cost) { pin_cost_ = cost; }
    Database& database() { return db_; }

    void inTransaction(const std::function<void()>& body) override;
    std::int64_t writeStamp() override;

    core::Id addUser(const core::User& user, const std::string& pin_hash) override;
    std::optional<core::User> userByName(std::string_view username) override;
    std::optional<core::User> user(core::Id id) override;
    std::vector<core::User> activeUsers() override;
    bool pinMatches(core::Id user_id, const std::string& pin) override;
    std::string hashPin(const std::string& pin) override;
    bool pinHashOutdated(core::Id user_id) override;
    bool demoRecords() override;
    core::SignInAttempts signInAttempts(core::Id user_id) override;
    void setSignInAttempts(core::Id user_id, const core::SignInAttempts& attempts) override;
    void setPinHash(core::Id user_id, const std::string& pin_hash) override;
    void setUserActive(core::Id user_id, bool active) override;

    core::Id addPrisoner(const core::Prisoner& p) override;
    std::optional<core::Prisoner> prisoner(core::Id id) override;
    std::optional<core::Prisoner> prisonerByNumber(std::string_view prison_number) override;

    core::Id addChild(const core::Child& c) override;
    std::optional<core::Child> child(core::Id id) override;
    std::optional<core::Child> childByRef(std::string_view ref) override;
    std::vector<core::Child> children() override;

    core::Id addArrangement(const core::Arrangement& a) override;
    std::vector<core::Arrangement> arrangementsOfPrisoner(core::Id prisoner_id) override;
    std::vector<core::Arrangement> allArrangements() override;
    std::optional<core::Arrangement> arrangement(core::Id id) override;
    void setArrangementAllowed(core::Id arrangement_id, const std::set<core::ContactType>& allowed) override;
    void applyReviewToArrangements(core::Id prisoner_id, core::ArrangementStatus status, const core::Date& decided,
                                   const core::Date& next_review_due) override;

    core::Id addApprovedImage(const core::ApprovedImage& image) override;
    std::vector<core::ApprovedImage> approvedImages(core::Id child_id, bool with_image_bytes) override;
    std::vector<core::ImageOfChild> allActiveImages() override;
    std::optional<core::ApprovedImage> approvedImage(core::Id id) override;
    void retireImage(core::Id image_id, core::Id by, const std::string& at) override;
    void replaceDescriptor(core::Id image_id, core::Id child_id, const std::vector<float>& descriptor,
                           const std::string& descriptor_model) override;

    core::Id addBooking(const core::Booking& b) override;
    std::optional<core::Booking> booking(core::Id id) override;
    std::optional<core::Booking> bookingByRef(const std::string& ref) override;
    std::vector<core::BookingRow> bookingsOn(const core::Date& day) override;
    void setBookingStatus(core::Id booking_id, core::BookingStatus status) override;

    core::Id addCheck(const core::IdentityCheck& check) override;
    std::optional<core::IdentityCheck> check(core::Id id) override;
    core::Id addAbandonedAttempt(const core::CheckAttempt& attempt) override;
    std::vector<core::CheckAttempt> attemptsOf(core::Id booking_id) override;

    std::optional<core::SessionRecord> session(core::Id booking_id) override;
    void startSession(core::Id booking_id, core::Id by, const std::string& at) override;
    void endSession(core::Id booking_id, core::Id by, const std::string& at) override;

    core::Id addIncident(const core::Incident& incident) override;
    std::optional<core::Incident> incident(core::Id id) override;
    std::vector<core::Incident> incidents(bool open_only) override;
    void setIncidentReview(core::Id incident_id, core::Id review_id) override;
    void closeIncident(core::Id incident_id, const std::string& at) override;
    void setIncidentSnapshot(core::Id incident_id, const std::vector<std::uint8_t>& jpeg) override;
    std::vector<std::uint8_t> incidentSnapshot(core::Id incident_id) override;

    core::Id addReview(const core::Review& review) override;
    std::optional<core::Review> review(core::Id id) override;
    std::optional<core::Review> openReviewOf(core::Id prisoner_id) override;
    std::vector<core::Review> reviews(bool open_only) override;
    void updateReview(const core::Review& review) override;

    core::Id addAppeal(const core::Appeal& appeal) override;
    std::optional<core::Appeal> appeal(core::Id id) override;
    std::vector<core::Appeal> appeals(std::optional<core::Id> review_id) override;
    void updateAppeal(const core::Appeal& appeal) override;

    core::Id addNotification(const core::Notification& n) override;
    std::optional<core::Notification> notification(core::Id id) override;
    std::vector<core::Notification> notifications(bool unacknowledged_only) override;
    std::vector<core::Notification> notificationsOf(core::Id incident_id) override;
    void acknowledgeNotification(core::Id id, core::Id user_id, const std::string& at) override;

    core::Id addRecipient(const core::Recipient& r) override;
    std::optional<core::Recipient> recipient(core::Id id) override;
    std::vector<core::Recipient> recipients(bool active_only) override;
    void removeRecipient(core::Id id, core::Id by, const std::string& at) override;
    core::Id addOutboxMessage(const core::OutboxMessage& m) override;
    std::optional<core::OutboxMessage> outboxMessage(core::Id id) override;
    std::vector<core::OutboxMessage> outboxOf(core::Id notification_id) override;
    std::vector<core::OutboxMessage> dueOutbox(const std::string& now, int limit) override;
    std::vector<core::OutboxMessage> outboxInState(core::DeliveryState state) override;
    void updateOutboxMessage(const core::OutboxMessage& m) override;
    std::optional<std::string> setting(const std::string& name) override;
    void setSetting(const std::string& name, const std::string& value) override;

    void appendAudit(const core::AuditRecord& record) override;
    void appendAuditCommitted(const core::AuditRecord& record) override;

    std::vector<core::StoredCapture> capturesWithEvidence() override;
    void dropEvidence(core::Id check_id) override;

private:
    void runOutermost(const std::function<void()>& body);
    void writeDeferredAudits();
    // Throws WrongKeyError when the database's data key is no longer this connection's sealing
    // key (rotated by another process since this one opened): a blob sealed now would be sealed
    // with a key about to leave the key file.
    void requireCurrentKey();
    void auditBlobFailure(const SealedBlobError& e);

    Database& db_;
    BlobCodec codec_;
    PinPepper pepper_;
    PinHashCost pin_cost_ = PinHashCost::Interactive;
    int depth_ = 0;
    std::vector<core::AuditRecord> deferred_audits_;  // appendAuditCommitted() inside a transaction
};

}  // namespace store
