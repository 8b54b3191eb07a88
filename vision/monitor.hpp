// Live capture and monitoring of a video feed.
//
// BestFrameSelector: keeps the last N frames with their quality and hands back the best one for
//   verification (quality ok first, then sharpness x size x frontal pose).
// FaceTracker: IoU tracking of detected faces across frames, so that "a face" is a person over time.
// FaceMonitor: detection + tracking + identification against the identities on screen that are
//   expected (descriptors with labels). Each face is labelled as one of them or unknown; a new
//   unknown person raises ONE alert (track id, frame index, snapshot), not one per frame. A track is
//   embedded when new, a few times while its identity is unconfirmed, then every
//   `reembed_every` frames: the ResNet costs ~14 ms, detection ~6 ms.
//
// Thread safety: none of these types is thread-safe; each is owned by the vision thread.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/quality.hpp"
#include "vision/types.hpp"

namespace vision {

class FaceAnalyzer;

// ---- best frame ---------------------------------------------------------------------------------

struct FrameCandidate {
    int frame_index = -1;
    cv::Mat frame;                   // deep copy, BGR
    std::vector<DetectedFace> faces;
    int chosen = -1;
    QualityReport quality;
    double score = 0.0;
};

class BestFrameSelector {
public:
    explicit BestFrameSelector(int capacity = 25) : capacity_(capacity > 0 ? capacity : 1) {}

    // Requires: `quality` assessed on this frame with these faces. Copies the frame.
    void offer(int frame_index, const cv::Mat& bgr, const std::vector<DetectedFace>& faces, int chosen,
               const QualityReport& quality);
    // The best of the last `capacity` frames: any frame whose quality is ok beats every frame that is
    // not; ties go to the higher score. nullopt when no frame held a face.
    std::optional<FrameCandidate> best() const;
    void clear() { frames_.clear(); }
    std::size_t size() const { return frames_.size(); }

    // Sharpness (capped, so one over-sharpened frame does not win on noise) x eye distance (capped
    // at the size the chip needs) x frontal pose. Zero without a face.
    static double score(const QualityReport& q);

private:
    int capacity_;
    std::deque<FrameCandidate> frames_;
};

// ---- tracking -----------------------------------------------------------------------------------

struct TrackedFace {
    int id = 0;
    DetectedFace face;          // latest detection (box and 5 landmarks)
    int first_frame = 0;
    int last_seen = 0;
    int misses = 0;             // consecutive complete detection passes without this face
    // Identity (set by FaceMonitor): label of the matched known face, or empty for unknown.
    std::string label;
    std::optional<double> distance;  // to the nearest known face, at the last embedding
    int embeddings = 0;
    int last_embedded = -1;
    int unknown_in_a_row = 0;
    bool alerted = false;
    bool ever_known = false;  // once identified as a known face, a bad-angle embedding is no stranger

    bool identified() const { return embeddings > 0; }
    bool known() const { return !label.empty(); }
};

struct TrackerOptions {
    double min_iou = 0.3;  // a detection continues a track when their boxes overlap this much
    int max_misses = 5;    // complete passes a track may go unseen before it ends
};

class FaceTracker {
public:
    explicit FaceTracker(TrackerOptions o = {}) : opts_(o) {}

    // Matches detections to tracks greedily by IoU; unmatched detections start tracks.
    // `complete` says whether the detection pass could have seen every face: the live coarse pass
    // cannot see small faces, so a track unmatched in an incomplete pass is kept without a miss.
    // Ensures: returns the live tracks, each updated or newly created on this frame or kept.
    std::vector<TrackedFace>& update(const std::vector<DetectedFace>& faces, int frame_index, bool complete = true);
    std::vector<TrackedFace>& tracks() { return tracks_; }

private:
    TrackerOptions opts_;
    std::vector<TrackedFace> tracks_;
    int next_id_ = 1;
};

double iou(const cv::Rect& a, const cv::Rect& b);

// ---- monitoring ---------------------------------------------------------------------------------

struct KnownFace {
    std::string label;
    Descriptor descriptor;
};

struct MonitorAlert {
    int track_id = 0;
    int frame_index = 0;
    cv::Rect box;
    cv::Mat snapshot;                        // crop of the face with some margin, BGR deep copy
    std::optional<double> nearest_distance;  // to the closest known face
    std::string message;                     // "unknown person on screen"
};

struct MonitorOptions {
    TrackerOptions tracker{};
    double match_distance = 0.6;   // below: the known face's label (dlib's same-person threshold)
    int reembed_every = 25;        // frames between embeddings of a settled track (~1 s at 25 fps)
    int unknown_confirm = 2;       // consecutive unknown embeddings (one per frame) before alerting
    int full_detect_every = 10;    // a full-resolution pass this often catches small, new faces
    // A new track matching an unknown person already alerted on (below match_distance) is the same
    // person coming back: labelled unknown, no second alert.
    bool remember_alerted = true;
};

struct MonitorUpdate {
    std::vector<TrackedFace> tracks;  // faces on screen now (copies)
    std::vector<MonitorAlert> alerts; // raised on this frame (usually none)
    double detect_ms = 0, track_ms = 0, embed_ms = 0;
    int embedded = 0;                 // tracks embedded on this frame
};

class FaceMonitor {
public:
    // Borrows `analyzer` (same thread). `known` may be empty: every face is then unknown.
    FaceMonitor(FaceAnalyzer& analyzer, std::vector<KnownFace> known, MonitorOptions o = {});

    // Requires: CV_8UC3 BGR frames with increasing indices.
    MonitorUpdate process(const cv::Mat& bgr, int frame_index);

    const std::vector<MonitorAlert>& alerts() const { return all_alerts_; }

private:
    void identify(TrackedFace& t, const cv::Mat& bgr, int frame_index, MonitorUpdate& out);

    FaceAnalyzer& analyzer_;
    std::vector<KnownFace> known_;
    MonitorOptions opts_;
    FaceTracker tracker_;
    std::vector<Descriptor> alerted_unknowns_;
    std::vector<MonitorAlert> all_alerts_;
};

}  // namespace vision
