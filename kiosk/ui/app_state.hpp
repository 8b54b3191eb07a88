// What the screens show: one plain value the UI thread owns. Screens read it as const and return
// intents (intents.hpp); only the controller changes it, from intents and from the results the
// vision and database threads publish. No rule is decided here: eligibility, blocking, incidents
// and reviews come from core::Records, already decided.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "kiosk/core/domain.hpp"
#include "kiosk/core/image_age.hpp"
#include "kiosk/core/importer.hpp"
#include "kiosk/core/records.hpp"
#include "kiosk/core/rules.hpp"
#include "kiosk/app/capture_thread.hpp"
#include "kiosk/app/check_session.hpp"
#include "kiosk/app/vision_worker.hpp"

namespace kiosk::ui {

// The app layer's threads and what they publish, as the screens name them.
using app::CaptureStatus;
using app::CaptureThread;
using app::CheckJob;
using app::CheckOutcome;
using app::DbWorker;
using app::EnrolAnalysis;
using app::LiveFace;
using app::LookalikeWarning;
using app::MonitorSnapshot;
using app::MonitorTrack;
using app::OtherChildFace;
using app::QualityLine;
using app::UnknownFaceAlert;
using app::VisionEvent;
using app::VisionFailure;
using app::VisionReady;
using app::VisionStats;
using app::VisionWorker;

enum class ScreenId { Login, Visits, VideoCall, Safeguarding, Admin, Notified };
const char* screenTitle(ScreenId s);

// The roll as core's read model gives it (each child's eligibility decided by core).
using core::BookingView;
using core::ChildOnBooking;

// A child's identity check as app::CheckSession shows it, and approved images as drawn.
using app::ApprovedImageView;
using app::CheckView;

struct VisitsState {
    std::string search;
    bool loaded = false;
    std::vector<BookingView> bookings;  // today's visits
    std::optional<CheckView> check;
    std::string message;                // a start or end core refused: why
};

struct VideoCallState {
    bool loaded = false;
    std::vector<BookingView> calls;  // today's video calls
    std::optional<core::Id> call;    // the call whose roll call is open
    std::optional<CheckView> check;  // the child being checked now
    bool monitoring = false;
    MonitorSnapshot monitor;
    std::vector<UnknownFaceAlert> alerts;
    std::string call_message;        // after "Suspend call" or a refused start: what happens next
    // --- the call's feed (chooser) and the monitor's alerts as recorded -------------------------
    std::vector<std::string> feed_presets;  // --camera first, then the sample videos, camera 0
    std::string feed;                       // the source in use, as the officer chose it
    bool choosing_feed = false;
    std::vector<std::string> alert_records; // per alert: "Recorded as incident N ..." (or why not)
};

enum class IncidentFilter { Open, Closed, All };

using IncidentRow = core::IncidentRowView;  // names instead of ids, and its review

struct IncidentDetail {
    IncidentRow row;
    std::optional<core::IdentityCheck> check;
    std::string officer;
    std::vector<ApprovedImageView> images;
    cv::Mat evidence;  // the live crop recorded with the check
    cv::Mat snapshot;  // the in-call monitor's snapshot of an unknown face, kept with the incident
    std::vector<core::Notification> notifications;
    std::vector<core::NotificationView> notices;  // with deliveries, and whether the viewer may acknowledge
    core::EvidenceAccess access;                  // what the viewer's role is shown
    std::optional<core::Date> next_arrangement_review;  // the prisoner's earliest, after a decision
    std::vector<core::ContactRow> contact;              // per child and contact type, for a varied outcome
    std::vector<core::Appeal> appeals;                  // against the review, oldest first
};

struct SafeguardingState {
    bool loaded = false;
    IncidentFilter filter = IncidentFilter::Open;
    std::vector<IncidentRow> incidents;
    std::optional<IncidentDetail> detail;
    core::OverdueReport overdue;
    std::vector<core::Notification> unacknowledged;
    // --- the review being decided --------------------------------------------------------------
    bool review_busy = false;     // a review write is on its way to the database
    std::string review_message;   // what happens next, after open / complete / informed / appeal
};

// The duty governor's and OMU managers' screen: what was notified to their role.
struct NotifiedState {
    bool loaded = false;
    std::vector<core::NotifiedIncidentView> incidents;
    std::optional<IncidentDetail> detail;
    std::string message;  // after Acknowledge: what was recorded
};

// --- Admin station (controller_admin.cpp, screens/admin_screen.cpp) ------------------------------
enum class AdminView { Enrol, Images, Users, Import, Recipients };

struct AdminEnrol {
    std::uint64_t token = 0;      // ties vision results to the request that asked for them
    std::string source;           // file being analysed, or "camera"
    bool analysing = false;
    bool camera = false;          // capturing from the live camera
    std::optional<LiveFace> live; // camera: face box and prompts while capturing
    std::optional<EnrolAnalysis> analysis;
    bool saving = false;
    std::string result;           // what Save recorded (or why core refused)
    bool result_ok = false;
    std::string suspect;          // the other child on file the photo looks more like (core's wrong-child check)
};

struct AdminImport {
    bool running = false;
    std::string file;
    core::ImportKind kind = core::ImportKind::Bookings;
    std::size_t done = 0, total = 0;  // progress while running
    std::optional<core::ImportResult> result;
    std::string message;              // "Imported 12 bookings from ..." or the file-level error
};

struct AdminState {
    bool loaded = false;
    AdminView view = AdminView::Enrol;
    std::vector<core::User> users;
    std::vector<core::LockedOutUser> locked_out;  // staff locked out by wrong PINs: a PIN reset lets them in
    std::size_t active_images = 0;
    std::vector<core::Child> children;
    std::optional<core::Id> child;          // chosen for enrolment and the image list
    std::vector<ApprovedImageView> images;  // that child's approved images
    std::string enrol_dir, import_dir;
    std::vector<std::string> image_files;   // paths of the images in enrol_dir
    std::vector<std::string> csv_files;     // paths of the CSV files in import_dir
    std::vector<core::Recipient> recipients;  // who is e-mailed about incidents, by role
    AdminEnrol enrol;
    AdminImport import;
    std::string message;  // the last user / image action's outcome
    bool message_ok = false;
};

struct LoginState {
    std::vector<core::User> users;
    std::string selected;  // username
    std::string pin;       // digits typed so far (never drawn, only counted)
    std::string message;   // "Wrong PIN", ...
    bool checking = false;
};

struct Diagnostics {
    CaptureStatus camera;
    std::int64_t ui_dropped = 0;      // frames the UI never showed (newer one came first)
    std::int64_t vision_dropped = 0;  // frames the vision thread never looked at
    VisionStats vision;
    double frame_ms_p50 = 0, frame_ms_p95 = 0;
    std::optional<double> last_tap_to_result_ms;
    int db_jobs = 0;
};

struct AppState {
    ScreenId screen = ScreenId::Login;
    std::optional<core::User> user;  // signed-in officer; empty while locked
    std::string station = "kiosk";
    std::string today;               // ISO date shown in headers
    LoginState login;
    VisitsState visits;
    VideoCallState video;
    SafeguardingState safeguarding;
    NotifiedState notified;
    AdminState admin;
    std::string now;                 // ISO instant of the last load (for "today 10:32")

    // Camera frame to draw (UI thread only; shared pixels, never written).
    cv::Mat camera_frame;
    std::int64_t camera_frame_index = -1;
    bool vision_ready = false;
    std::string vision_problem;  // models missing...
    std::string fatal;           // database unusable: shown instead of every screen
    std::string error_banner;    // the last thing that failed, until dismissed
    std::string notice;          // "Locked after 2 minutes without use", ...
    double seconds_to_lock = 0;
    bool show_diagnostics = false;
    Diagnostics diag;
};

}  // namespace kiosk::ui
