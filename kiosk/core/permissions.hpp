// Who may do what: the one table of operations and the roles allowed to run each, with why.
// core::Records checks it (Records::authorise) before every operation, so the CLI and the UI are
// held to the same rules; the UI also asks allowed() to hide what a role cannot do.
//
// Adding an operation is one line in KIOSK_OPERATIONS below (the enum, the table, the test's list
// of operations and docs all come from it); tests/store/test_authorisation.cpp then fails until the
// new operation has an exercise, so every role is tried against it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.hpp"

namespace core {

// Role sets for the table below.
inline constexpr unsigned kVisitsOfficer = 1u << static_cast<unsigned>(Role::VisitsOfficer);
inline constexpr unsigned kVideoCallOfficer = 1u << static_cast<unsigned>(Role::VideoCallOfficer);
inline constexpr unsigned kSafeguardingLead = 1u << static_cast<unsigned>(Role::SafeguardingLead);
inline constexpr unsigned kAdmin = 1u << static_cast<unsigned>(Role::Admin);
inline constexpr unsigned kDutyGovernor = 1u << static_cast<unsigned>(Role::DutyGovernor);
inline constexpr unsigned kOmuManager = 1u << static_cast<unsigned>(Role::OmuManager);
inline constexpr unsigned kBookingSystem = 1u << static_cast<unsigned>(Role::BookingSystem);
inline constexpr unsigned kHallStaff = kVisitsOfficer | kVideoCallOfficer;
// Those an incident notifies (policy 2.3): each reads and acknowledges what was sent to their role.
inline constexpr unsigned kNotified = kSafeguardingLead | kDutyGovernor | kOmuManager;
// Everyone who works the hall or the records; the governor and OMU see only what notified them.
inline constexpr unsigned kEveryone = kHallStaff | kSafeguardingLead | kAdmin;

// X(Name, "what it does, as in 'only ... may <what>'", roles, "why those roles")
// Policy: shared/seeds (Working Together / PPRC child contact procedures) and DESIGN.md §1.
#define KIOSK_OPERATIONS(X)                                                                                      \
    X(ManageUsers, "add staff users", kAdmin, "DESIGN §1: the administrator manages users")                     \
    X(AddPrisoner, "add a prisoner", kAdmin, "prisoners come from the prison's systems; the admin imports them") \
    X(AddChild, "add a child", kAdmin, "children come from the contact assessment; the admin imports them")      \
    X(AddBooking, "add a booking", kAdmin | kBookingSystem,                                                        \
      "DESIGN §1: the administrator manages the bookings import; the booking system's service user imports them") \
    X(AddArrangement, "record a contact arrangement", kAdmin | kSafeguardingLead,                                 \
      "contact decisions are the prison's (policy 2.3); imported by the admin or recorded by the lead")          \
    X(EnrolImage, "enrol an approved image", kAdmin,                                                              \
      "approving a child's image needs provenance and carer consent checked (policy 2.4); admin only")           \
    X(RetireImage, "retire an approved image", kAdmin, "approved images are the admin's to keep current (policy 2.4)") \
    X(ViewBookings, "see the day's bookings", kEveryone,                                                          \
      "officers work from the roll; the lead sees blocked contact; the admin checks imports")                    \
    X(ViewReferences, "view a child's approved images", kEveryone,                                                \
      "officers compare the child with them (policy 2.3); the lead sees them as evidence; the admin enrols them") \
    X(CheckVisit, "check a child's identity for a visit", kVisitsOfficer,                                         \
      "visits staff confirm each child's identity before the visit starts (policy 2.3)")                        \
    X(CheckVideoCall, "check a child's identity for a video call", kVideoCallOfficer,                             \
      "video-call officers confirm each child before the prisoner joins, and suspend the call (policy 2.3)")    \
    X(RunVisit, "start and end a visit", kVisitsOfficer,                                                         \
      "the visits officer who checked the children lets the visit start once each one is confirmed")           \
    X(RunVideoCall, "start, end or suspend a video call", kVideoCallOfficer,                                      \
      "the video-call officer admits the prisoner once each child is confirmed and suspends the call (policy 2.3)") \
    X(ViewAttempts, "see every attempt at a booking's checks", kHallStaff | kSafeguardingLead,                   \
      "officers see a child's earlier attempts before deciding; the lead reviews repeated attempts")            \
    X(ViewArrangements, "see a prisoner's contact arrangements", kEveryone,                                       \
      "staff handling visits, calls, phone and letters need to know whether contact is allowed now")            \
    X(RaiseWelfareConcern, "raise a welfare concern", kEveryone,                                                  \
      "any member of staff with a concern for a child must notify (policy 2.3)")                                 \
    X(ViewIncidents, "view the incident queue and its evidence", kSafeguardingLead,                               \
      "DESIGN §1: the lead reviews flagged incidents and the evidence behind them")                              \
    X(ViewNotifications, "view notifications", kNotified,                                                         \
      "the lead tracks every notification; the duty governor and OMU managers see those sent to their role")    \
    X(AcknowledgeNotification, "acknowledge a notification", kNotified,                                           \
      "each person notified acknowledges their own role's notification (mayAcknowledge); the lead no longer "   \
      "acknowledges on others' behalf")                                                                          \
    X(ViewNotifiedIncidents, "view the incidents notified to them", kNotified,                                    \
      "the duty governor and OMU managers act on what they were told; evidence as evidenceFor() allows")       \
    X(ManageRecipients, "manage who is e-mailed about incidents", kAdmin,                                         \
      "the administrator keeps the lists of safeguarding leads, duty governors and OMU managers current")      \
    X(ViewRecipients, "see who is e-mailed about incidents", kAdmin | kSafeguardingLead,                          \
      "the lead checks that each role has someone to tell; the admin manages the lists")                       \
    X(ManageSettings, "change the establishment's settings", kAdmin,                                               \
      "the mail server and what a message may include are the operator's decisions")                           \
    X(DeliverNotifications, "deliver queued notifications", kAdmin | kSafeguardingLead,                           \
      "delivery runs by itself; the admin or the lead may push it (outbox flush) or resend a failed message")  \
    X(ViewReviews, "view contact reviews", kSafeguardingLead, "DESIGN §1: reviews are the lead's work")           \
    X(OpenReview, "open a review", kSafeguardingLead,                                                             \
      "the lead opens a review on new information (policy 2.3); refusals open one automatically")                \
    X(CompleteReview, "complete a review", kSafeguardingLead,                                                     \
      "the contact decision is the safeguarding lead's; it unblocks contact with children")                      \
    X(RecordPrisonerInformed, "record that the prisoner was told", kSafeguardingLead,                             \
      "the lead owns the one-working-day notice deadline (policy 2.3)")                                          \
    X(LodgeAppeal, "record an appeal", kSafeguardingLead, "appeals go back to the lead's review (policy 2.3)")    \
    X(DecideAppeal, "record an appeal's outcome", kSafeguardingLead,                                              \
      "the lead records whether the appeal was upheld or dismissed (policy 2.3)")                                \
    X(ViewOverdue, "view overdue deadlines and stale images", kSafeguardingLead | kAdmin,                         \
      "deadlines are the lead's; stale approved images are the admin's to replace")                             \
    X(PurgeEvidence, "purge old evidence crops", kAdmin,                                                          \
      "retention is set by the operator; the kiosk also purges by itself at start as 'system'")                 \
    X(RotateDataKey, "rotate the data key", kAdmin, "the operator holds the key file and its backups")

enum class Operation {
#define KIOSK_OPERATION_ENUM(name, what, roles, why) name,
    KIOSK_OPERATIONS(KIOSK_OPERATION_ENUM)
#undef KIOSK_OPERATION_ENUM
};

// A user tried an operation their role does not allow, or is not an active user. CLI exit 2.
class PermissionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OperationRule {
    Operation op;
    std::string_view name;  // e.g. "CompleteReview"
    std::string_view what;  // e.g. "complete a review"
    unsigned roles;
    std::string_view why;
};

// Every operation, in table order.
const std::vector<OperationRule>& operationTable();
const OperationRule& ruleOf(Operation op);
bool allowed(Role role, Operation op);
// Every role, in enum order (the role table's tests and the sign-in screen's role words).
const std::vector<Role>& allRoles();
// The roles a person holds and signs in with at a station (every role but the booking system's
// service user, which is added on the command line with its token file).
const std::vector<Role>& staffRoles();
// "only a safeguarding lead may complete a review"
std::string onlyWho(Operation op);

}  // namespace core
