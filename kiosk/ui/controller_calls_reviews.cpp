// The controller's part for the safeguarding lead's reviews (open, complete, prisoner informed,
// appeal) and for the video call's feed chooser and in-call monitor alerts. Every write goes
// through core::Records on the database thread; the words for "what happens next" are built here
// from what core recorded (deadlines, arrangement status), never decided here.
#include <algorithm>
#include <cstdio>
#include <type_traits>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "kiosk/ui/controller.hpp"
#include "kiosk/ui/controller_detail.hpp"

namespace kiosk::ui {

// The monitor's snapshot as the JPEG kept with the incident: at most kSnapshotLongSide pixels on
// its long side (a face with a margin needs no more to be recognised by a person, and the blob
// stays a few tens of kilobytes). Empty when the monitor had no snapshot or it cannot be encoded.
constexpr int kSnapshotLongSide = 480;
std::vector<std::uint8_t> snapshotJpeg(const cv::Mat& snapshot) {
    std::vector<std::uint8_t> jpeg;
    if (snapshot.empty()) return jpeg;
    cv::Mat img = snapshot;
    const int long_side = std::max(img.cols, img.rows);
    if (long_side > kSnapshotLongSide) {
        const double f = static_cast<double>(kSnapshotLongSide) / long_side;
        cv::resize(snapshot, img, {}, f, f, cv::INTER_AREA);
    }
    if (!cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90})) jpeg.clear();
    return jpeg;
}

namespace {

std::string outcomeWords(core::ReviewOutcome o) {
    switch (o) {
    case core::ReviewOutcome::Unchanged: return "contact continues unchanged";
    case core::ReviewOutcome::Varied: return "contact continues, varied";
    case core::ReviewOutcome::Suspended: return "contact suspended";
    case core::ReviewOutcome::Ended: return "contact ended";
    }
    return "";
}

std::string arrangementWords(core::ArrangementStatus s) {
    switch (s) {
    case core::ArrangementStatus::Active: return "active";
    case core::ArrangementStatus::SuspendedPendingReview: return "suspended";
    case core::ArrangementStatus::Ended: return "ended";
    }
    return "";
}

// A review job: runs `write` (core::Records), then tells the lead what happens next. A refusal by
// core (already open, not completed yet...) comes back as the message, and the buttons free up.
template <class Write>
UiJob reviewJob(Write write) {
    return [write](core::Records& r) -> StateUpdate {
        std::string text;
        try {
            text = write(r);
        } catch (const std::exception& e) {
            text = std::string("Not recorded: ") + e.what();
        }
        return [text](AppState& s) {
            s.safeguarding.review_busy = false;
            s.safeguarding.review_message = text;
        };
    };
}

}  // namespace

void Controller::applyReviewIntent(const Intent& in) {
    auto& sg = state_.safeguarding;
    if (!state_.user || sg.review_busy) return;
    const core::User user = *state_.user;
    const core::Id incident = sg.detail ? sg.detail->row.incident.id : 0;  // 0: from the overdue list
    sg.review_busy = true;
    sg.review_message.clear();
    std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, intent::OpenReview>) {
                post("opening the review", reviewJob([user, i](core::Records& r) {
                             const core::Id id = r.openReviewForIncident(user, i.incident_id, i.notes);
                             return "Review " + std::to_string(id) +
                                    " opened. The prisoner's visits and video calls with children are blocked until "
                                    "it is completed.";
                         }));
            } else if constexpr (std::is_same_v<T, intent::CompleteReview>) {
                post("completing the review", reviewJob([user, i](core::Records& r) {
                             const core::Review rv = r.completeReview(user, i.review_id, i.outcome, i.notes, i.variation);
                             std::string text = "Review " + std::to_string(rv.id) + " completed: " +
                                                outcomeWords(i.outcome) + ".";
                             if (rv.inform_by)
                                 text += " Tell the prisoner of the decision by " + rv.inform_by->iso() + " (one working day).";
                             const auto arrangements = r.arrangementsOfPrisoner(user, rv.prisoner_id);
                             if (!arrangements.empty())
                                 text += " Arrangements " + arrangementWords(arrangements.front().status) +
                                         ", next review due " + arrangements.front().next_review_due.iso() + ".";
                             return text;
                         }));
            } else if constexpr (std::is_same_v<T, intent::RecordPrisonerInformed>) {
                post("recording that the prisoner was told", reviewJob([user, i](core::Records& r) {
                             const core::Review rv = r.recordPrisonerInformed(user, i.review_id);
                             return "Recorded: the prisoner was told of review " + std::to_string(rv.id) +
                                    "'s decision at " + rv.informed_at.value_or("") + ".";
                         }));
            } else if constexpr (std::is_same_v<T, intent::LodgeAppeal>) {
                post("recording the appeal", reviewJob([user, i](core::Records& r) {
                             const core::Appeal a = r.lodgeAppeal(user, i.review_id, r.today(), i.details);
                             return "Appeal " + std::to_string(a.id) + " against review " + std::to_string(a.review_id) +
                                    " recorded, lodged " + a.lodged_on.iso() + ": record its outcome when decided.";
                         }));
            } else if constexpr (std::is_same_v<T, intent::OpenArrangementReview>) {
                post("opening the scheduled review", reviewJob([user, i](core::Records& r) {
                         const core::Id id = r.openArrangementReview(user, i.arrangement_id, core::ReviewTrigger::Schedule,
                                                                     "three-yearly review");
                         return "Scheduled review " + std::to_string(id) +
                                " opened: contact continues while it is reviewed. Decide it from the open reviews list.";
                     }));
            } else if constexpr (std::is_same_v<T, intent::DecideAppeal>) {
                post("recording the appeal's outcome", reviewJob([user, i](core::Records& r) {
                         const core::Appeal a = r.decideAppeal(user, i.appeal_id, i.outcome, "");
                         return "Appeal " + std::to_string(a.id) + " " + std::string(core::name(i.outcome)) + " on " +
                                a.decided_on->iso() +
                                (i.outcome == core::AppealOutcome::Upheld ? ": open a new review of the arrangements." : ".");
                     }));
            }
        },
        in);
    afterReviewWrite(incident);
}

void Controller::afterReviewWrite(core::Id incident_id) {
    // Queued behind the write: the detail shows the review as it now stands.
    if (incident_id != 0 && state_.user)
        post("reloading the incident", [incident_id, user = *state_.user](core::Records& r) -> StateUpdate {
        auto found = r.incidentDetail(user, incident_id);
        if (!found) return {};
        return [d = incidentDetailView(std::move(*found))](AppState& s) {
            if (s.safeguarding.detail && s.safeguarding.detail->row.incident.id == d.row.incident.id)
                s.safeguarding.detail = d;
        };
    });
    // A review with no incident on screen (scheduled): reload it the same way.
    const auto& detail = state_.safeguarding.detail;
    if (incident_id == 0 && detail && detail->row.incident.id == 0 && detail->row.review) loadReview(detail->row.review->id);
    loadSafeguarding();
}

void Controller::applyFeedIntent(const Intent& in) {
    auto& v = state_.video;
    if (const auto* show = std::get_if<intent::ShowFeedChooser>(&in)) {
        v.choosing_feed = show->show;
    } else if (const auto* choose = std::get_if<intent::ChooseFeed>(&in)) {
        if (!capture_ || choose->spec.empty()) return;
        // The capture thread switches by itself; a check or monitor in progress sees the new feed's
        // frames as they come (the vision thread only ever takes the newest frame).
        capture_->switchTo(app::parseCameraSpec(choose->spec));
        v.feed = choose->spec;
        v.choosing_feed = false;
    }
}

void Controller::onUnknownFace(UnknownFaceAlert&& alert) {
    auto& v = state_.video;
    const std::size_t index = v.alerts.size();
    v.alerts.push_back(std::move(alert));
    v.alert_records.push_back("Recording the alert...");
    if (!state_.user || !v.call) return;
    const UnknownFaceAlert& a = v.alerts.back();
    char seen[200];
    if (a.nearest_distance)
        std::snprintf(seen, sizeof seen,
                      "a face matching none of the booked children's approved images appeared (nearest approved-image "
                      "distance %.2f), frame %lld.",
                      *a.nearest_distance, static_cast<long long>(a.frame_index));
    else
        std::snprintf(seen, sizeof seen, "a face that could not be compared with the booked children appeared, frame %lld.",
                      static_cast<long long>(a.frame_index));
    // The snapshot is a deep copy nobody writes to, so the database thread may read it; encoding
    // it there keeps the UI thread's frame free.
    post("recording the unknown-face alert", [user = *state_.user, call = *v.call, station = state_.station,
                                                  what = std::string(seen), snapshot = a.snapshot,
                                                  index](core::Records& r) -> StateUpdate {
        std::string text;
        try {
            const core::Id id = r.recordUnknownFaceOnCall(user, call, station, what, snapshotJpeg(snapshot));
            text = "Recorded as incident " + std::to_string(id) + " (welfare concern)." + notifiedText(core::recipientsFor(core::IncidentKind::WelfareConcern)) +
                   " Suspend the call if a person on screen is not approved.";
        } catch (const std::exception& e) {
            text = std::string("Not recorded: ") + e.what();
        }
        return [index, call, text](AppState& s) {
            if (s.video.call == call && index < s.video.alert_records.size()) s.video.alert_records[index] = text;
        };
    });
}

}  // namespace kiosk::ui
