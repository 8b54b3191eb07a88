// The kiosk's screens, one per file, each a draw() that reads a const AppState and appends the
// intents the officer's taps asked for. Widget-local things (a half-typed search, which reason
// list is open) live in the screen object; everything that matters lives in AppState.
// Thread safety: UI thread only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/ui/app_state.hpp"
#include "kiosk/ui/intents.hpp"
#include "kiosk/ui/screens/touch_keyboard.hpp"
#include "kiosk/ui/textures.hpp"
#include "kiosk/ui/theme.hpp"

namespace kiosk::ui {

struct UiContext {
    const Theme& theme;
    Textures& textures;
    TouchKeyboard* keyboard = nullptr;  // the on-screen keyboard (none: plain ImGui fields)
};

// Every text field on a screen: ImGui's field, which a tap also gives to the on-screen keyboard.
// Returns true when the text changed this frame (typed on either keyboard). size.x: the width
// (0 default, -1 fill); multiline fields give a height too.
bool touchText(UiContext& ui, const char* id, const char* hint, char* buf, std::size_t n, ImVec2 size = {0, 0},
               bool multiline = false);
using Intents = std::vector<Intent>;

// Header bar (station, user, sign out, screen tabs for admin), banners, diagnostics.
void drawHeader(const AppState& s, UiContext& ui, Intents& out);
void drawBanners(const AppState& s, UiContext& ui, Intents& out, bool uses_camera);
void drawDiagnostics(const AppState& s, UiContext& ui);

class LoginScreen {
public:
    void draw(const AppState& s, UiContext& ui, Intents& out);
};

// The identity check of one child, shared by the visits hall and the video-call roll call: live
// view with face box and prompts, then the result with its evidence and the officer's decision.
class CheckPanel {
public:
    void draw(const CheckView& c, const AppState& s, UiContext& ui, Intents& out);

private:
    void drawLive(const CheckView& c, const AppState& s, UiContext& ui, Intents& out);
    void drawResult(const CheckView& c, UiContext& ui, Intents& out);
    void drawDecisions(const CheckView& c, UiContext& ui, Intents& out);
    enum class Asking { Nothing, NotConfident, Override, Welfare } asking_ = Asking::Nothing;
    std::uint64_t token_ = 0;
};

class VisitsScreen {
public:
    void draw(const AppState& s, UiContext& ui, Intents& out);

private:
    char search_[128] = {};
    CheckPanel check_;
};

class VideoCallScreen {
public:
    void draw(const AppState& s, UiContext& ui, Intents& out);

private:
    void drawMonitor(const AppState& s, UiContext& ui, Intents& out);
    void drawFeed(const AppState& s, UiContext& ui, Intents& out);
    void drawSuspend(const Theme& t, Intents& out);
    CheckPanel check_;
    bool asking_suspend_ = false;
    char feed_text_[512] = {};
};

class SafeguardingScreen {
public:
    void draw(const AppState& s, UiContext& ui, Intents& out);

private:
    void drawReview(const IncidentDetail& d, const AppState& s, UiContext& ui, Intents& out);
    void drawVariation(const IncidentDetail& d, const Theme& t);
    // The review form of the incident on screen (reset when another incident is opened).
    core::Id form_incident_ = 0;
    int outcome_ = -1;  // core::ReviewOutcome, -1 until the lead chooses
    core::ReviewVariation vary_;  // 'varied': what each child's arrangement allows, as the lead sets it
    char notes_[512] = {};
    char appeal_[256] = {};
};

// Admin station: enrol approved images, retire them, users and PINs, CSV import.
class AdminScreen {
public:
    void draw(const AppState& s, UiContext& ui, Intents& out);

private:
    void drawChildPicker(const AppState& s, UiContext& ui, Intents& out, const char* heading);
    void drawEnrol(const AppState& s, UiContext& ui, Intents& out);
    void drawImages(const AppState& s, UiContext& ui, Intents& out);
    void drawUsers(const AppState& s, UiContext& ui, Intents& out);
    void drawImport(const AppState& s, UiContext& ui, Intents& out);
    void drawRecipients(const AppState& s, UiContext& ui, Intents& out);  // admin_recipients.cpp
    // Two entries of a new PIN on the keypad; true once both are typed and "Save" is tapped.
    bool drawPinEntry(const Theme& t);

    char search_[64] = {};
    char path_[512] = {};
    char date_[16] = {}, provided_[128] = {}, verified_[128] = {};
    bool consent_ = false;
    core::Id retiring_ = 0;
    char reason_[256] = {};
    enum class UserForm { None, Add, Reset } form_ = UserForm::None;
    core::Id pin_for_ = 0;
    core::Id confirm_deactivate_ = 0;
    std::string pin_[2];
    int pin_stage_ = 0;
    char username_[64] = {}, name_[128] = {};
    core::Role role_ = core::Role::VisitsOfficer;
    int kind_ = 3;  // bookings
    char csv_path_[512] = {};
    int recipient_role_ = 1;  // core::RecipientRole: the duty governor first (the lead is usually on file)
    char recipient_name_[128] = {}, recipient_email_[128] = {};
    core::Id confirm_remove_ = 0;
};

// The duty governor's and the OMU managers' screen: the incidents notified to their role, each with
// the evidence core allows that role, their e-mail's delivery, and Acknowledge for their own.
class NotifiedScreen {
public:
    void draw(const AppState& s, UiContext& ui, Intents& out);
};

// Everything the kiosk's window shows in one frame: the header and banners, the signed-in screen,
// the diagnostics and the docked on-screen keyboard. The window itself (app.cpp) and the UI tests
// (headless ImGui) draw through it, so the tests see the layout the officer sees.
class Station {
public:
    // One full-window ImGui window, between ImGui::NewFrame() and ImGui::Render()/EndFrame().
    void draw(const AppState& s, UiContext& ui, Intents& out);

private:
    void drawScreen(const AppState& s, UiContext& ui, Intents& out);
    LoginScreen login_;
    VisitsScreen visits_;
    VideoCallScreen video_;
    SafeguardingScreen safeguarding_;
    AdminScreen admin_;
    NotifiedScreen notified_;
};

// A notification as the lead and the notified roles read it: to whom, acknowledged or not, each
// e-mail's delivery state in words, and Acknowledge when core says the viewer may.
void drawNotices(const std::vector<core::NotificationView>& notices, const AppState& s, UiContext& ui, Intents& out);
std::string deliveryWords(const core::DeliveryView& d, const std::string& now);

// The 0-9 keypad with Clear and Back; returns the key tapped this frame ('0'..'9', 'C', '<') or 0.
char pinKeypad(const Theme& t, float key_w, float key_h);

// Whether `hay` contains `needle`, ignoring ASCII case (an empty needle matches): the screens' searches.
bool containsNoCase(std::string_view hay, std::string_view needle);

// Whether a booking is listed for the visits-hall search (prisoner name or number, a child's name or
// reference; any case).
bool bookingMatchesSearch(const BookingView& b, const std::string& search);
// One booking: time, prisoner, status and each child (a Check button, or why not). Without
// child buttons the children are listed as text (the video-call list opens a roll call instead).
void drawBookingRow(const BookingView& b, const Theme& t, Intents& out, bool child_buttons);
// The incident's facts and the evidence the viewer's role may see (safeguarding_screen.cpp).
void drawIncidentEvidence(const IncidentDetail& d, const AppState& s, UiContext& ui, Intents& out);

// Words for records shown on screens.
std::string incidentWords(core::IncidentKind k);
std::string statusWords(core::BookingStatus s);
std::string childStatusWords(core::ChildCheckStatus s);  // "confirmed", "overridden (reason recorded)"
std::string ordinal(int n);                               // "2nd", "3rd", "11th"
std::string attemptsWords(int n);                         // "1 attempt", "3 attempts"
std::string roleWords(core::Role r);

}  // namespace kiosk::ui
