#include "vision/monitor.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "vision/face_analyzer.hpp"
#include "vision/matcher.hpp"

namespace vision {
namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double componentValue(const QualityReport& q, const char* name, double fallback) {
    const auto* c = q.find(name);
    return c ? c->value : fallback;
}

}  // namespace

// ---- best frame ---------------------------------------------------------------------------------

double BestFrameSelector::score(const QualityReport& q) {
    if (!q.find("eye_distance")) return 0.0;  // no face
    const double sharp = std::min(componentValue(q, "sharpness", 0.0), 200.0);
    const double size = std::min(componentValue(q, "eye_distance", 0.0), 80.0);
    const double yaw = std::abs(componentValue(q, "yaw", 0.0)), pitch = std::abs(componentValue(q, "pitch", 0.0));
    const double frontal = std::max(0.0, 1.0 - (yaw + pitch) / 90.0);
    return sharp * size * frontal;
}

void BestFrameSelector::offer(int frame_index, const cv::Mat& bgr, const std::vector<DetectedFace>& faces,
                              int chosen, const QualityReport& quality) {
    FrameCandidate c;
    c.frame_index = frame_index;
    c.frame = bgr.clone();
    c.faces = faces;
    c.chosen = chosen;
    c.quality = quality;
    c.score = score(quality);
    frames_.push_back(std::move(c));
    while (static_cast<int>(frames_.size()) > capacity_) frames_.pop_front();
}

std::optional<FrameCandidate> BestFrameSelector::best() const {
    const FrameCandidate* best = nullptr;
    for (const auto& c : frames_) {
        if (c.chosen < 0) continue;
        if (!best || std::make_pair(c.quality.ok, c.score) > std::make_pair(best->quality.ok, best->score)) best = &c;
    }
    if (!best) return std::nullopt;
    return *best;
}

// ---- tracking -----------------------------------------------------------------------------------

double iou(const cv::Rect& a, const cv::Rect& b) {
    const double inter = (a & b).area();
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

std::vector<TrackedFace>& FaceTracker::update(const std::vector<DetectedFace>& faces, int frame_index, bool complete) {
    // Greedy assignment on IoU, best pairs first: a handful of faces, so O(n^2 log n) is nothing.
    struct Pair {
        double overlap;
        std::size_t track, face;
    };
    std::vector<Pair> pairs;
    for (std::size_t t = 0; t < tracks_.size(); ++t)
        for (std::size_t f = 0; f < faces.size(); ++f)
            if (const double o = iou(tracks_[t].face.box, faces[f].box); o >= opts_.min_iou) pairs.push_back({o, t, f});
    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.overlap > b.overlap; });
    std::vector<bool> track_used(tracks_.size(), false), face_used(faces.size(), false);
    for (const auto& p : pairs) {
        if (track_used[p.track] || face_used[p.face]) continue;
        track_used[p.track] = face_used[p.face] = true;
        auto& t = tracks_[p.track];
        t.face = faces[p.face];
        t.last_seen = frame_index;
        t.misses = 0;
    }
    for (std::size_t t = 0; t < tracks_.size(); ++t)
        if (!track_used[t] && complete) ++tracks_[t].misses;
    tracks_.erase(std::remove_if(tracks_.begin(), tracks_.end(),
                                 [&](const TrackedFace& t) { return t.misses > opts_.max_misses; }),
                  tracks_.end());
    for (std::size_t f = 0; f < faces.size(); ++f) {
        if (face_used[f]) continue;
        TrackedFace t;
        t.id = next_id_++;
        t.face = faces[f];
        t.first_frame = t.last_seen = frame_index;
        tracks_.push_back(std::move(t));
    }
    return tracks_;
}

// ---- monitoring ---------------------------------------------------------------------------------

FaceMonitor::FaceMonitor(FaceAnalyzer& analyzer, std::vector<KnownFace> known, MonitorOptions o)
    : analyzer_(analyzer), known_(std::move(known)), opts_(o), tracker_(o.tracker) {}

void FaceMonitor::identify(TrackedFace& t, const cv::Mat& bgr, int frame_index, MonitorUpdate& out) {
    const auto t0 = Clock::now();
    const Descriptor d = analyzer_.embed(analyzer_.alignedChip(bgr, t.face));
    out.embed_ms += msSince(t0);
    ++out.embedded;
    ++t.embeddings;
    t.last_embedded = frame_index;

    std::optional<double> nearest;
    std::string label;
    for (const auto& k : known_) {
        const double dist = distance(d, k.descriptor);
        if (!nearest || dist < *nearest) {
            nearest = dist;
            label = dist < opts_.match_distance ? k.label : std::string();
        }
    }
    t.distance = nearest;
    t.label = label;
    if (t.known()) {
        t.unknown_in_a_row = 0;
        t.ever_known = true;
        return;
    }
    ++t.unknown_in_a_row;
    if (t.alerted || t.ever_known || t.unknown_in_a_row < opts_.unknown_confirm) return;

    t.alerted = true;  // one alert per track, whatever happens next
    if (opts_.remember_alerted) {
        for (const auto& seen : alerted_unknowns_)
            if (distance(d, seen) < opts_.match_distance) return;  // same unknown person, back again
        alerted_unknowns_.push_back(d);
    }
    MonitorAlert a;
    a.track_id = t.id;
    a.frame_index = frame_index;
    a.box = t.face.box;
    const int mx = t.face.box.width / 3, my = t.face.box.height / 3;
    const cv::Rect crop = cv::Rect(t.face.box.x - mx, t.face.box.y - my, t.face.box.width + 2 * mx,
                                   t.face.box.height + 2 * my) &
                          cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (crop.area() > 0) a.snapshot = bgr(crop).clone();
    a.nearest_distance = nearest;
    a.message = "unknown person on screen";
    out.alerts.push_back(a);
    all_alerts_.push_back(std::move(a));
}

MonitorUpdate FaceMonitor::process(const cv::Mat& bgr, int frame_index) {
    CV_Assert(bgr.type() == CV_8UC3);
    MonitorUpdate out;
    auto t0 = Clock::now();
    // The coarse pass is fast but blind to faces under ~160 px at 640x480 once it finds a large one;
    // a full pass every few frames (and whenever the coarse pass finds nothing, inside detect())
    // lets a smaller newcomer appear within `full_detect_every` frames.
    const bool full = opts_.full_detect_every > 0 && frame_index % opts_.full_detect_every == 0;
    DetectOptions d;
    if (!full) d.coarse_side = FaceAnalyzer::kLiveCoarseSide;
    d.fr_detect = full;  // full passes: fr_detect too, so a small or turned newcomer is counted
    const auto faces = analyzer_.detect(bgr, d);
    out.detect_ms = msSince(t0);

    t0 = Clock::now();
    auto& tracks = tracker_.update(faces, frame_index, full);
    out.track_ms = msSince(t0);

    for (auto& t : tracks) {
        if (t.last_seen != frame_index) continue;  // kept from an earlier frame: no pixels to embed
        const bool unsettled = !t.known() && !t.alerted && !t.ever_known;  // confirm unknowns quickly
        if (!t.identified() || unsettled || frame_index - t.last_embedded >= opts_.reembed_every)
            identify(t, bgr, frame_index, out);
    }
    out.tracks = tracks;
    return out;
}

}  // namespace vision
