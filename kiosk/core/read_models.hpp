// Read models: what the screens and commands show, assembled in core under the role check the
// underlying data needs, so nothing outside core and store reaches the repository (DESIGN.md §3).
// Plain values; the Records members that build them are declared in records.hpp (their own block)
// and defined in read_models.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.hpp"
#include "kiosk/core/face_checker.hpp"
#include "kiosk/core/image_age.hpp"
#include "kiosk/core/notify.hpp"
#include "kiosk/core/rules.hpp"

namespace core {

struct ChildOnBooking {
    Child child;
    Eligibility eligibility;  // decided by core: allowed, or why not
    ChildCheckStatus status = ChildCheckStatus::Unchecked;  // the latest decision recorded for them
    int attempts = 0;                                       // checks so far, abandoned ones too
};

// A booking on the day's roll with each expected child, where they stand and whether they may be
// checked now; row.session says whether the visit or call may start (contact_session.hpp).
struct BookingView {
    BookingRow row;
    std::vector<ChildOnBooking> children;
    // When the session cannot move on (refused, suspended, ended): the sentence that says why.
    std::string session_note;
};

// An approved image as shown beside a check or an incident: with its age under the policy.
struct ApprovedImageWithAge {
    ApprovedImage image;  // chip bytes only when asked for
    std::optional<ImageAge> age;
};

// One child's arrangement with a prisoner, and per contact type whether it may take place now.
struct ContactRow {
    Arrangement arrangement;
    Child child;
    std::map<ContactType, ContactStatus> status;
    std::optional<Id> blocking_review;
};

// An incident as the queue lists it: names instead of ids, and its review.
struct IncidentRowView {
    Incident incident;
    std::string prisoner;   // "A1234BC Darren Walsh"
    std::string child;      // may be empty
    std::string raised_by;
    std::optional<Review> review;
};

// One e-mail of a notification, with whom it went to (notify.hpp).
struct DeliveryView {
    OutboxMessage message;
    std::string recipient_name;
};

// A notification as the lead's dashboard, the notified roles' screen and `kiosk notifications`
// show it: its e-mails and their state, who acknowledged, and whether the viewer may.
struct NotificationView {
    Notification notification;
    std::vector<DeliveryView> deliveries;  // empty: nobody of that role was on file to e-mail
    std::string acknowledged_by;           // display name, when acknowledged
    bool may_acknowledge = false;          // the viewer's own role's, not yet acknowledged
};

// Everything the incident detail shows.
struct IncidentDetailView {
    IncidentRowView row;
    std::optional<IdentityCheck> check;  // with its evidence crop
    std::string officer;                 // who made the check
    std::vector<ApprovedImageWithAge> images;  // the child's, with chips
    std::vector<std::uint8_t> snapshot_jpeg;   // the in-call monitor's, when it has one
    std::vector<Notification> notifications;
    std::vector<NotificationView> notices;        // the same, with deliveries and who may acknowledge
    EvidenceAccess access;                        // what the viewer's role was shown (notify.hpp)
    std::optional<Date> next_arrangement_review;  // the prisoner's earliest
    std::vector<ContactRow> contact;              // the prisoner's arrangements per child and type
    std::vector<Appeal> appeals;                  // against the incident's review, oldest first
};

// An incident as the duty governor or an OMU manager lists it: with their role's notifications.
struct NotifiedIncidentView {
    IncidentRowView row;
    std::vector<NotificationView> notices;
};

// What opening a child's identity check needs: whether it may happen, what to compare with.
struct CheckContext {
    Eligibility eligibility;  // when not allowed, nothing else is read
    std::optional<Child> child;
    std::vector<StoredDescriptor> approved;      // the child's approved descriptors
    std::vector<OtherChildDescriptor> others;    // every other child's (look-alike rule)
    std::vector<ApprovedImageWithAge> images;    // the child's, with chips, to show the officer
};

}  // namespace core
