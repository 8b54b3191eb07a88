// What a screen asks for. Screens never change state or call core themselves: they return these,
// and the controller applies them (through core::Records on the database thread, or the vision
// worker). Tests drive the kiosk with the same intents, no pixel clicks.
#pragma once

#include <string>
#include <variant>

#include "kiosk/core/domain.hpp"
#include "kiosk/ui/app_state.hpp"

namespace kiosk::ui::intent {

struct ChooseUser { std::string username; };
struct PinKey { char key = 0; };  // '0'..'9'; '<' deletes one digit; 'C' clears
struct SubmitPin {};
struct SignOut {};
struct GoTo { ScreenId screen = ScreenId::Login; };
struct Search { std::string text; };
struct OpenCheck { core::Id booking_id = 0; core::Id child_id = 0; };
struct CaptureNow {};
struct CloseCheck {};
struct Decide { core::Decision decision = core::Decision::NotConfident; std::string reason; };
struct RaiseWelfareConcern { std::string details; };
struct OpenCall { core::Id booking_id = 0; };
struct CloseCall {};
// Start or end the booking's visit or call (core refuses a start until every child is confirmed);
// starting a video call also starts the in-call monitor.
struct StartSession { core::Id booking_id = 0; };
struct EndSession { core::Id booking_id = 0; };
struct SuspendCall { std::string reason; };
struct FilterIncidents { IncidentFilter filter = IncidentFilter::Open; };
struct SelectIncident { core::Id incident_id = 0; };
struct Acknowledge { core::Id notification_id = 0; };
struct Refresh {};
struct DismissError {};
struct ToggleDiagnostics {};
// Safeguarding lead: the contact review of the incident on screen.
struct OpenReview { core::Id incident_id = 0; std::string notes; };
struct CompleteReview {
    core::Id review_id = 0;
    core::ReviewOutcome outcome = core::ReviewOutcome::Unchanged;
    std::string notes;
    core::ReviewVariation variation{};  // 'varied': the contact types each child's arrangement now allows
};
struct RecordPrisonerInformed { core::Id review_id = 0; };
struct LodgeAppeal { core::Id review_id = 0; std::string details; };
// A scheduled (three-yearly) review of an overdue arrangement; a review with no incident, opened to decide it.
struct OpenArrangementReview { core::Id arrangement_id = 0; };
struct SelectReview { core::Id review_id = 0; };
struct DecideAppeal { core::Id appeal_id = 0; core::AppealOutcome outcome = core::AppealOutcome::Dismissed; };
// Video call: the call's feed.
struct ShowFeedChooser { bool show = true; };
struct ChooseFeed { std::string spec; };  // a --camera SPEC: device index, file, URL or folder
// Admin station.
struct AdminView { kiosk::ui::AdminView view = kiosk::ui::AdminView::Enrol; };
struct AdminChooseChild { core::Id child_id = 0; };
struct EnrolFromFile { std::string path; };
struct EnrolFromCamera {};
struct EnrolCapture {};
// `confirmed_not`: the other child the admin confirms the photo is not (after the wrong-child warning).
struct EnrolSave { std::string date_taken, provided_by, verified_by; bool carer_consent = false; std::string confirmed_not{}; };
struct RetireImage { core::Id image_id = 0; std::string reason; };
struct AddUser { std::string username, name; core::Role role = core::Role::VisitsOfficer; std::string pin, pin_again; };
struct ResetPin { core::Id user_id = 0; std::string pin, pin_again; };
struct DeactivateUser { core::Id user_id = 0; };
struct ImportCsv { std::string path; core::ImportKind kind = core::ImportKind::Bookings; };
struct AddRecipient { core::RecipientRole role = core::RecipientRole::DutyGovernor; std::string name, email; };
struct RemoveRecipient { core::Id recipient_id = 0; };
// Duty governor / OMU manager: open an incident notified to them.
struct SelectNotified { core::Id incident_id = 0; };

}  // namespace kiosk::ui::intent

namespace kiosk::ui {

using Intent = std::variant<intent::ChooseUser, intent::PinKey, intent::SubmitPin, intent::SignOut, intent::GoTo,
                            intent::Search, intent::OpenCheck, intent::CaptureNow, intent::CloseCheck, intent::Decide,
                            intent::RaiseWelfareConcern, intent::OpenCall, intent::CloseCall, intent::StartSession,
                            intent::EndSession, intent::SuspendCall, intent::FilterIncidents, intent::SelectIncident,
                            intent::Acknowledge, intent::Refresh, intent::DismissError, intent::ToggleDiagnostics,
                            intent::OpenReview, intent::CompleteReview, intent::RecordPrisonerInformed,
                            intent::LodgeAppeal, intent::DecideAppeal, intent::OpenArrangementReview, intent::SelectReview, intent::ShowFeedChooser, intent::ChooseFeed,
                            intent::AdminView, intent::AdminChooseChild, intent::EnrolFromFile, intent::EnrolFromCamera,
                            intent::EnrolCapture, intent::EnrolSave, intent::RetireImage, intent::AddUser,
                            intent::ResetPin, intent::DeactivateUser, intent::ImportCsv, intent::AddRecipient,
                            intent::RemoveRecipient, intent::SelectNotified>;

}  // namespace kiosk::ui
