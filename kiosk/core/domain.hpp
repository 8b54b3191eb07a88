// The safeguarding records as plain values: who, which child, what contact is allowed, what
// happened at each check and what it forced to happen next. No storage, UI or vision types here.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/calendar.hpp"

namespace core {

using Id = std::int64_t;

enum class ContactType { Visit, VideoCall, Phone, Letter };
enum class BookingKind { Visit, VideoCall };
enum class ArrangementStatus { Active, SuspendedPendingReview, Ended };
// Stored statuses, then statuses only ever derived (never stored) for a scheduled booking: its
// prisoner has a blocking review open; a child's arrangement is suspended or ended by a review, or
// no longer allows this kind of contact.
enum class BookingStatus {
    Scheduled, Refused, Suspended, Completed, Cancelled,
    BlockedPendingReview, ContactSuspended, ContactEnded, NotAllowed
};
enum class Band { StrongMatch, PossibleMatch, NoMatch, CannotAssess };
enum class Decision { Confirmed, NotConfident, Override };
enum class IncidentKind { VisitRefused, CallSuspended, WelfareConcern, Override };
enum class ReviewStatus { Open, Completed };
enum class ReviewOutcome { Unchanged, Varied, Suspended, Ended };
enum class ReviewTrigger { Incident, Schedule, NewInformation };
// BookingSystem: a service user (automation importing bookings), signing in with a token file on
// the command line, never at a station. The duty governor and the probation OMU managers sign in
// to read and acknowledge what was notified to them (issue 13); nothing else is theirs.
enum class Role { VisitsOfficer, VideoCallOfficer, SafeguardingLead, Admin, BookingSystem, DutyGovernor, OmuManager };
enum class RecipientRole { SafeguardingLead, DutyGovernor, ProbationOmuManager };
// A booking's visit or call (contact_session.hpp): Booked -> Checking -> Cleared -> InProgress ->
// Ended, or Refused (visit) / Suspended (call); Cancelled bookings never start.
enum class SessionState { Booked, Checking, Cleared, InProgress, Ended, Refused, Suspended, Cancelled };
// Where one expected child stands at a booking: the latest decision recorded for them.
enum class ChildCheckStatus { Unchecked, Confirmed, Overridden, NotConfident };
enum class AppealOutcome { Upheld, Dismissed };
// Whether a contact type with a child may take place now (kiosk arrangements, phone and letters staff).
enum class ContactStatus { Allowed, NotAllowed, BlockedPendingReview, Suspended, Ended };
// One e-mail of a notification to one recipient (notify.hpp): queued, claimed by a sender
// (sending), sent; retrying after a transient failure; failed for good (permanent reply, too many
// tries, or interrupted while sending: never resent by itself, so never sent twice).
enum class DeliveryState { Queued, Sending, Sent, Retrying, Failed };

// Snake-case names as stored in the database and printed by the CLI, and back.
std::string_view name(ContactType v);
std::string_view name(BookingKind v);
std::string_view name(ArrangementStatus v);
std::string_view name(BookingStatus v);
std::string_view name(Band v);
std::string_view name(Decision v);
std::string_view name(IncidentKind v);
std::string_view name(ReviewStatus v);
std::string_view name(ReviewOutcome v);
std::string_view name(ReviewTrigger v);
std::string_view name(Role v);
// Every role's name, in order, joined by `separator` (for help text and messages).
std::string roleNames(std::string_view separator = ", ");
std::string_view name(RecipientRole v);
std::string_view name(SessionState v);
std::string_view name(ChildCheckStatus v);
std::string_view name(AppealOutcome v);
std::string_view name(ContactStatus v);
std::string_view name(DeliveryState v);

// parse<T>("video_call") -> BookingKind::VideoCall; nullopt for an unknown name.
template <typename T>
std::optional<T> parse(std::string_view text);

// Contact for a booking kind: a visit needs a Visit arrangement, a video call a VideoCall one.
ContactType contactFor(BookingKind kind);

struct User {
    Id id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::VisitsOfficer;
    bool active = true;
};

struct Prisoner {
    Id id = 0;
    std::string prison_number;  // e.g. A1234BC
    std::string first_name;
    std::string last_name;
    std::string pprc_status;  // pprc | pprc_pending | not_pprc
    std::string establishment;
    std::string fullName() const { return first_name + " " + last_name; }
};

struct Child {
    Id id = 0;
    std::string ref;  // children's-services reference, unique
    std::string first_name;
    std::string last_name;
    Date date_of_birth;
    std::string carer_name;
    std::string fullName() const { return first_name + " " + last_name; }
};

struct Arrangement {
    Id id = 0;
    Id prisoner_id = 0;
    Id child_id = 0;
    std::set<ContactType> allowed;
    Date decision_date;
    Date next_review_due;
    ArrangementStatus status = ArrangementStatus::Active;
    std::string conditions;
};

struct ApprovedImage {
    Id id = 0;
    Id child_id = 0;
    std::string source_name;  // the file it came from
    Date date_taken;
    std::string provided_by;
    std::string identity_verified_by;
    bool carer_consent = false;
    Id approved_by = 0;
    std::string approved_at;
    std::optional<std::string> retired_at;
    // What the face pipeline compares: opaque here (today a two-network face template; a 128-float
    // dlib descriptor on images approved before issue 14). Sealed by the store.
    std::vector<float> descriptor;
    // Which model (and version) made `descriptor`, in words, as the pipeline named it at approval or
    // re-embedding ("" when not known). For people and for `kiosk reembed`'s list: the comparison
    // itself trusts only the model tag inside the sealed descriptor.
    std::string descriptor_model;
    std::vector<std::uint8_t> image;          // the approved image file bytes
    std::vector<std::uint8_t> chip_jpeg;      // aligned face crop
};

struct Booking {
    Id id = 0;
    std::string ref;  // external reference from the bookings system; may be empty
    BookingKind kind = BookingKind::Visit;
    Id prisoner_id = 0;
    Date date;
    std::string time;  // HH:MM
    BookingStatus status = BookingStatus::Scheduled;
    std::vector<Id> children;
};

// A booking as a list shows it: the prisoner's name and the review that blocks it, if any.
struct BookingRow {
    Booking booking;
    std::string prison_number;
    std::string prisoner_name;
    std::optional<Id> open_review_id;  // the prisoner's open review that blocks contact, if any
    BookingStatus shown_status = BookingStatus::Scheduled;  // filled by the rules
    SessionState session = SessionState::Booked;            // filled by the rules
};

struct ImageDistance {
    Id image_id = 0;
    std::optional<double> distance;
};

// The machine's advice on one probe: band, per-image distances and the evidence crop.
struct FaceEvidence {
    Band band = Band::CannotAssess;
    std::optional<double> best_distance;
    std::vector<ImageDistance> distances;
    int faces = 0;
    bool quality_ok = false;
    std::vector<std::string> quality_issues;
    std::vector<std::uint8_t> evidence_jpeg;  // aligned probe face; empty when none was found
};

struct IdentityCheck {
    Id id = 0;
    Id booking_id = 0;
    Id child_id = 0;
    std::string station;
    Id officer_id = 0;
    std::string at;
    FaceEvidence evidence;  // the machine's advice at the time, as recorded
    Decision decision = Decision::NotConfident;
    std::string reason;
    int attempt = 0;  // the child's attempt number at the booking (0: recorded before it was kept)
};

struct Incident {
    Id id = 0;
    IncidentKind kind = IncidentKind::WelfareConcern;
    Id prisoner_id = 0;
    std::optional<Id> booking_id;
    std::optional<Id> child_id;
    std::optional<Id> check_id;
    Id raised_by = 0;
    std::string raised_at;
    std::string details;
    std::optional<Id> review_id;
    bool open = true;
    std::optional<std::string> closed_at;
    // Size as stored of the snapshot the in-call monitor took of an unknown face (0: none). The
    // bytes themselves are read only for the one incident being looked at (incidentSnapshot()).
    std::int64_t snapshot_bytes = 0;
};

struct Review {
    Id id = 0;
    Id prisoner_id = 0;
    ReviewTrigger opened_by = ReviewTrigger::Incident;
    std::optional<Id> opened_incident_id;
    std::string opened_at;
    ReviewStatus status = ReviewStatus::Open;
    std::optional<ReviewOutcome> outcome;
    std::optional<Id> decided_by;
    std::optional<std::string> decided_at;
    std::string notes;
    std::optional<Date> inform_by;
    std::optional<std::string> informed_at;
    std::optional<Id> informed_by;
    // Before appeals became records of their own (0006): kept for reading old databases only.
    std::optional<std::string> appeal_lodged_at;
    std::optional<std::string> appeal_outcome;
    // A review opened by a refusal or suspension blocks contact with children until completed; a
    // scheduled or new-information review does not, unless a refusal joins it.
    bool blocks_contact = true;
    std::optional<Id> arrangement_id;  // the arrangement a scheduled review was opened from
    std::string variation;             // what a 'varied' outcome changed, in words
};

struct Appeal {
    Id id = 0;
    Id review_id = 0;
    Date lodged_on;
    Id recorded_by = 0;
    std::string recorded_at;
    std::string grounds;
    std::optional<AppealOutcome> outcome;
    std::optional<Date> decided_on;
    std::optional<Id> decided_by;
    std::string notes;
};

// The visit or call of a booking once started (absent before): when and by whom.
struct SessionRecord {
    Id booking_id = 0;
    std::string started_at;
    Id started_by = 0;
    std::optional<std::string> ended_at;
    std::optional<Id> ended_by;
};

// One attempt at checking a child: a recorded decision, or a check left without one (abandoned).
struct CheckAttempt {
    Id id = 0;             // identity_checks id, or abandoned_attempts id when abandoned
    bool abandoned = false;
    Id booking_id = 0;
    Id child_id = 0;
    std::string station;
    Id officer_id = 0;
    std::string at;
    FaceEvidence evidence;  // without the crop
    std::optional<Decision> decision;  // none when abandoned
    std::string reason;
    int attempt = 0;                   // the child's attempt number at the booking (0: not kept)
};

struct Notification {
    Id id = 0;
    Id incident_id = 0;
    RecipientRole recipient = RecipientRole::SafeguardingLead;
    std::string created_at;
    std::optional<Id> acknowledged_by;
    std::optional<std::string> acknowledged_at;
};

// Someone e-mailed when an incident notifies their role (several per role), managed by the admin.
// Removing one keeps the row (the outbox names it) and stops new messages to them.
struct Recipient {
    Id id = 0;
    RecipientRole role = RecipientRole::SafeguardingLead;
    std::string name;
    std::string email;
    Id added_by = 0;
    std::string added_at;
    std::optional<std::string> removed_at;
    std::optional<Id> removed_by;
    bool active() const { return !removed_at.has_value(); }
};

// One notification's e-mail to one recipient, composed when the incident was raised (what it says
// is fixed then, and sealed with the row) and delivered by a sender that claims it first.
struct OutboxMessage {
    Id id = 0;
    Id notification_id = 0;
    Id recipient_id = 0;
    std::string address;      // the recipient's address when it was queued
    std::string subject;
    std::string body;
    std::string message_key;  // left part of the Message-ID: derived from this row, the same on every try
    DeliveryState state = DeliveryState::Queued;
    int attempts = 0;
    std::string queued_at;
    std::string next_attempt_at;  // due from then (queued, retrying)
    std::optional<std::string> claimed_at;
    std::optional<std::string> sent_at;
    std::string last_reply;       // the server's reply (or the connection's error) on the last try
};

// One append to the audit log, before the store chains it.
struct AuditRecord {
    std::string at;
    std::string actor;   // username, or "system"
    std::string action;  // e.g. "check.record", "images.view"
    std::string entity;  // table name
    std::optional<Id> entity_id;
    std::string detail;  // short JSON-ish text
};

}  // namespace core
