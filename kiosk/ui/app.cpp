#include "kiosk/ui/app.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <thread>
#include <vector>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kiosk/app/delivery.hpp"
#include "kiosk/ui/controller.hpp"
#include "kiosk/ui/screens/screens.hpp"

namespace kiosk::ui {
namespace {

using Clock = std::chrono::steady_clock;

struct HeadlessScript {
    std::optional<ScreenId> screen;
    std::string user;
};

std::optional<HeadlessScript> scriptFor(const std::string& name) {
    if (name == "login") return HeadlessScript{ScreenId::Login, ""};
    if (name == "visits") return HeadlessScript{ScreenId::Visits, "vofficer"};
    if (name == "video-call") return HeadlessScript{ScreenId::VideoCall, "vcofficer"};
    if (name == "safeguarding") return HeadlessScript{ScreenId::Safeguarding, "slead"};
    if (name == "admin") return HeadlessScript{ScreenId::Admin, "admin"};
    if (name == "notified") return HeadlessScript{ScreenId::Notified, "dgovernor"};
    return std::nullopt;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

bool savePng(const std::string& path, int w, int h) {
    cv::Mat rgba(h, w, CV_8UC4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    cv::Mat bgr;
    cv::cvtColor(rgba, bgr, cv::COLOR_RGBA2BGR);
    cv::flip(bgr, bgr, 0);  // GL rows start at the bottom
    return cv::imwrite(path, bgr);
}

// Headless --call-view: open the first call whose children core allows (for the monitor, the first
// whose roll call is done), then show its roll call, its feed chooser, or start the call and wait
// until the monitor's first alert is recorded.
bool driveCall(const AppOptions& o, Controller& c, bool& opened) {
    const AppState& s = c.state();
    if (!opened) {
        opened = true;
        for (const auto& b : s.video.calls) {
            const bool allowed = !b.children.empty() &&
                                 std::all_of(b.children.begin(), b.children.end(), [](const ChildOnBooking& ch) { return ch.eligibility.allowed; });
            if (o.call_view == "monitor" ? b.row.session != core::SessionState::Cleared : !allowed) continue;
            c.apply(intent::OpenCall{b.row.booking.id});
            if (o.call_view == "feed") c.apply(intent::ShowFeedChooser{true});
            if (o.call_view == "monitor") c.apply(intent::StartSession{b.row.booking.id});
            return false;
        }
        std::fprintf(stderr, "kiosk: no video call today %s\n",
                     o.call_view == "monitor" ? "whose children are all confirmed" : "with every child allowed");
        return true;
    }
    if (o.call_view == "feed") return !s.camera_frame.empty();
    if (o.call_view == "monitor")
        return !s.video.monitor.tracks.empty() && !s.video.alert_records.empty() &&
               s.video.alert_records.front().rfind("Recording", 0) != 0;
    return true;
}

std::optional<AdminView> adminViewNamed(const std::string& name) {
    if (name == "enrol") return AdminView::Enrol;
    if (name == "images") return AdminView::Images;
    if (name == "users") return AdminView::Users;
    if (name == "import") return AdminView::Import;
    if (name == "recipients") return AdminView::Recipients;
    return std::nullopt;
}

// Headless admin: open the sub-view; on enrol and images choose the child (--open-child, else the
// first), and on enrol analyse the first image of --enrol-dir.
bool driveAdmin(const AppOptions& o, Controller& c, bool& opened, bool& started) {
    const AppState& s = c.state();
    if (!s.admin.loaded) return false;
    const AdminView view = adminViewNamed(o.admin_view).value_or(AdminView::Enrol);
    if (!opened) {
        opened = true;
        c.apply(intent::AdminView{view});
        if ((view == AdminView::Enrol || view == AdminView::Images) && !s.admin.children.empty()) {
            core::Id child = s.admin.children.front().id;
            for (const auto& ch : s.admin.children)
                if (ch.ref == o.open_child) child = ch.id;
            c.apply(intent::AdminChooseChild{child});
        }
        return false;
    }
    if (view != AdminView::Enrol || s.admin.image_files.empty()) return true;
    if (!started) {
        started = true;
        c.apply(intent::EnrolFromFile{s.admin.image_files.front()});
        return false;
    }
    return s.admin.enrol.analysis.has_value() || !s.vision_problem.empty();
}

// The scripted part of headless mode: once the data is there, open what the screenshot should show.
// Returns true when the screen is ready to be captured.
bool driveHeadless(const AppOptions& o, Controller& c, bool& opened, bool& tapped) {
    const AppState& s = c.state();
    if (!c.settled()) return false;
    if (o.screen == "login") return !s.login.users.empty();
    if (!s.user) return false;
    if (o.screen == "safeguarding") {
        const auto& sg = s.safeguarding;
        if (!sg.loaded) return false;
        if (!opened && !sg.incidents.empty()) {
            opened = true;
            // --sg-view review|completed: the first incident whose contact review is still open;
            // call-alert: the newest one holding the in-call monitor's snapshot.
            core::Id pick = sg.incidents.front().incident.id;
            if (o.sg_view == "call-alert") {
                bool found = false;
                for (const auto& row : sg.incidents)
                    if (row.incident.snapshot_bytes > 0) {
                        pick = row.incident.id;
                        found = true;
                    }
                if (!found)
                    std::fprintf(stderr, "kiosk: no open incident holds an in-call monitor snapshot "
                                         "(render --call-view monitor on this database first)\n");
            } else if (!o.sg_view.empty()) {
                for (const auto& row : sg.incidents)
                    if (row.review && row.review->status == core::ReviewStatus::Open) {
                        pick = row.incident.id;
                        break;
                    }
            }
            c.apply(intent::SelectIncident{pick});
            return false;
        }
        if (o.sg_view.empty()) return true;
        // Waits for the snapshot itself: without one the run times out and exits 1.
        if (o.sg_view == "call-alert") return sg.detail && !sg.detail->snapshot.empty();
        if (!sg.detail || !sg.detail->row.review) return false;
        if (o.sg_view == "completed") {
            if (!tapped) {
                tapped = true;
                c.apply(intent::CompleteReview{sg.detail->row.review->id, core::ReviewOutcome::Unchanged,
                                               "Carer's documents seen; the child's identity is not in doubt."});
                return false;
            }
            return !sg.review_busy && !sg.review_message.empty() &&
                   sg.detail->row.review->status == core::ReviewStatus::Completed;
        }
        return true;
    }
    if (o.screen == "admin") return driveAdmin(o, c, opened, tapped);
    if (o.screen == "notified") {
        // The newest incident notified to the duty governor, opened.
        if (!s.notified.loaded) return false;
        if (s.notified.incidents.empty()) return true;
        if (!opened) {
            opened = true;
            c.apply(intent::SelectNotified{s.notified.incidents.front().row.incident.id});
            return false;
        }
        return s.notified.detail.has_value();
    }
    const bool video = o.screen == "video-call";
    const auto& list = video ? s.video.calls : s.visits.bookings;
    if (!(video ? s.video.loaded : s.visits.loaded)) return false;
    if (video && !o.call_view.empty()) return driveCall(o, c, opened);
    if (o.open_child.empty()) return true;
    if (!opened) {
        opened = true;
        // The first booking with this child that core allows, else the first with the child at all.
        const BookingView* pick = nullptr;
        core::Id child = 0;
        for (const auto& b : list)
            for (const auto& ch : b.children)
                if (ch.child.ref == o.open_child && (!pick || (ch.eligibility.allowed && child == 0))) {
                    pick = &b;
                    if (ch.eligibility.allowed) child = ch.child.id;
                    else if (!child) child = -ch.child.id;
                }
        if (!pick) {
            std::fprintf(stderr, "kiosk: no booking today with child %s\n", o.open_child.c_str());
            return true;
        }
        const core::Id booking = pick->row.booking.id;
        if (video) c.apply(intent::OpenCall{booking});
        c.apply(intent::OpenCheck{booking, child > 0 ? child : -child});
        return false;
    }
    const auto& check = video ? s.video.check : s.visits.check;
    // --tap: capture as an officer would, on the first live frame with a face in good quality, so
    // that the tap -> result time is measured (otherwise the automatic best-frame capture decides).
    if (o.tap && !tapped && check && check->phase == CheckView::Phase::Live && check->live && check->live->quality_ok) {
        tapped = true;
        c.apply(intent::CaptureNow{});
        return false;
    }
    return check && (check->phase == CheckView::Phase::Result || check->phase == CheckView::Phase::Refused);
}

}  // namespace

int runApp(const AppOptions& o) {
    const auto started = Clock::now();
    std::optional<HeadlessScript> script;
    if (!o.screen.empty()) {
        script = scriptFor(o.screen);
        if (!script) {
            std::fprintf(stderr, "kiosk: --screen must be login, visits, video-call, safeguarding, admin or notified\n");
            return 2;
        }
        if (!adminViewNamed(o.admin_view)) {
            std::fprintf(stderr, "kiosk: --admin-view must be enrol, images, users, import or recipients\n");
            return 2;
        }
    }
    if (o.scale < 0.5f || o.scale > 4.0f) {
        std::fprintf(stderr, "kiosk: --scale must be between 0.5 and 4\n");
        return 2;
    }
    if (!glfwInit()) {
        std::fprintf(stderr,
                     "kiosk: cannot open a window: no display (DISPLAY is %s).\n"
                     "Run it on the kiosk's screen, or headless with: xvfb-run -a -s '-screen 0 1920x1080x24' kiosk ...\n",
                     std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "not set");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_RESIZABLE, script ? GLFW_FALSE : GLFW_TRUE);
    GLFWmonitor* monitor = o.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    int w = o.width, h = o.height;
    if (monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        w = mode->width;
        h = mode->height;
    }
    GLFWwindow* window = glfwCreateWindow(w, h, "Identity check kiosk", monitor, nullptr);
    if (!window) {
        std::fprintf(stderr, "kiosk: cannot create an OpenGL 3 window on this display\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // a kiosk always starts the same way
    const Theme theme = setupTheme(o.scale);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    int exit_code = 0;
    {
        // Threads start after the window: the first frames (login) never wait for models or disk.
        CaptureThread capture(app::parseCameraSpec(o.camera));
        VisionWorker vision(o.models_dir.value_or(std::filesystem::path{}), capture.forVision());
        vision.setStress(o.stress_vision);
        DbWorker db(o.db, o.key, o.retention_days);
        // The notifications' e-mails leave from here, on a thread and connection of their own
        // (kiosk/app/delivery.hpp): never on the frame path.
        std::optional<app::DeliveryWorker> delivery;
        if (o.db != ":memory:") delivery.emplace(o.db, o.key);
        Controller controller({o.station, o.lock_after_seconds, o.feed_presets, o.enrol_dir, o.import_dir}, db, vision, &capture);
        Textures textures;
        TouchKeyboard keyboard;
        UiContext ui{theme, textures, &keyboard};
        const bool want_keyboard = o.keyboard || !o.type_text.empty();
        if (want_keyboard) keyboard.openOnNextField();
        bool typed = false;
        Station station;

        if (script && !script->user.empty()) {
            controller.apply(intent::ChooseUser{script->user});
            // The demo PIN, or $KIOSK_PIN for a database that is not a demo.
            const char* pin_env = std::getenv("KIOSK_PIN");
            const std::string pin = pin_env && *pin_env ? pin_env : std::string(core::kDemoPin);
            for (char k : pin) controller.apply(intent::PinKey{k});
            controller.apply(intent::SubmitPin{});
        }
        std::vector<double> frame_ms;
        std::optional<double> login_ready_ms;
        int frames = 0;
        bool opened = false, tapped = false;
        const auto frame_period = std::chrono::microseconds(16667);
        while (!glfwWindowShouldClose(window)) {
            const auto t0 = Clock::now();
            glfwPollEvents();
            ImGuiIO& io = ImGui::GetIO();
            if (ImGui::IsAnyMouseDown() || io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || !io.InputQueueCharacters.empty())
                controller.noteActivity();
            controller.beginFrame();
            const AppState& s = controller.state();

            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            Intents out;
            station.draw(s, ui, out);
            ImGui::Render();
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
            glViewport(0, 0, fb_w, fb_h);
            glClearColor(0.07f, 0.08f, 0.10f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            ++frames;
            if (!login_ready_ms && !s.login.users.empty())
                login_ready_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();

            bool done = false;
            if (want_keyboard && !typed && keyboard.visible()) {
                typed = true;
                if (!keyboard.typeText(o.type_text))
                    std::fprintf(stderr, "kiosk: --type: some characters have no key on the on-screen keyboard\n");
            }
            const bool keyboard_ready = !want_keyboard || (keyboard.visible() && keyboard.idle());
            if (script && !o.screenshot.empty() && frames >= o.frames && driveHeadless(o, controller, opened, tapped) &&
                keyboard_ready) {
                glFinish();
                if (!savePng(o.screenshot, fb_w, fb_h)) {
                    std::fprintf(stderr, "kiosk: cannot write %s\n", o.screenshot.c_str());
                    exit_code = 1;
                }
                done = true;
            } else if (script && frames >= o.frames) {
                driveHeadless(o, controller, opened, tapped);
            }
            glfwSwapBuffers(window);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            frame_ms.push_back(ms);
            if (frame_ms.size() % 30 == 0) {
                controller.state().diag.frame_ms_p50 = percentile(frame_ms, 0.5);
                controller.state().diag.frame_ms_p95 = percentile(frame_ms, 0.95);
                if (frame_ms.size() > 3000) frame_ms.erase(frame_ms.begin(), frame_ms.begin() + 1500);
            }
            for (const auto& i : out) controller.apply(i);
            textures.endFrame();
            const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
            if (done || (o.max_seconds > 0 && elapsed > o.max_seconds)) break;
            if (script && !o.screenshot.empty() && elapsed > 60) {
                std::fprintf(stderr, "kiosk: screen %s was not ready after 60 s; saving it as it is\n", o.screen.c_str());
                savePng(o.screenshot, fb_w, fb_h);
                exit_code = 1;
                break;
            }
            // Under Xvfb glfwSwapInterval does not cap the rate: hold ~60 frames/s so the UI leaves
            // the CPU to the vision thread, as a real display's vsync would.
            std::this_thread::sleep_until(t0 + frame_period);
        }
        if (o.frame_stats) {
            // The first frames include font atlas upload and shader compilation: leave out 10.
            std::vector<double> steady(frame_ms.begin() + std::min<std::size_t>(10, frame_ms.size()), frame_ms.end());
            const auto vs = vision.stats();
            std::printf("frames %d  frame ms p50 %.2f  p95 %.2f  max %.2f  (%dx%d)\n", frames, percentile(steady, 0.5),
                        percentile(steady, 0.95), steady.empty() ? 0.0 : *std::max_element(steady.begin(), steady.end()),
                        w, h);
            std::printf("start to login screen ready %.0f ms\n", login_ready_ms.value_or(-1));
            std::printf("vision frames %lld  verifications %lld  dropped (display %lld, vision %lld)\n",
                        static_cast<long long>(vs.frames_processed), static_cast<long long>(vs.verifications),
                        static_cast<long long>(capture.forUi().dropped()), static_cast<long long>(capture.forVision().dropped()));
            if (controller.state().diag.last_tap_to_result_ms)
                std::printf("tap to result %.0f ms\n", *controller.state().diag.last_tap_to_result_ms);
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace kiosk::ui
