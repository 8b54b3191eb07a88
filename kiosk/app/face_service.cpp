#include "kiosk/app/face_service.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <opencv2/imgcodecs.hpp>

#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/models.hpp"

namespace kiosk::app {
namespace {

core::Band toCoreBand(vision::Band b) {
    switch (b) {
    case vision::Band::StrongMatch: return core::Band::StrongMatch;
    case vision::Band::PossibleMatch: return core::Band::PossibleMatch;
    case vision::Band::NoMatch: return core::Band::NoMatch;
    case vision::Band::CannotAssess: return core::Band::CannotAssess;
    }
    return core::Band::CannotAssess;
}

}  // namespace

std::vector<std::uint8_t> evidenceJpeg(const cv::Mat& img) {
    std::vector<std::uint8_t> out;
    if (!img.empty()) cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, 92});
    return out;
}

cv::Mat decodeJpeg(const std::vector<std::uint8_t>& jpeg) {
    if (jpeg.empty()) return {};
    return cv::imdecode(jpeg, cv::IMREAD_COLOR);
}

std::optional<vision::Descriptor> toDescriptor(const std::vector<float>& v) {
    // Only a template today's models made: never compared across models.
    const vision::TemplateRead t = vision::deserialiseTemplate(v);
    if (!t.face) return std::nullopt;
    return t.face->dlib;
}

FaceReferences::FaceReferences(const std::vector<core::StoredDescriptor>& approved,
                               const std::vector<core::OtherChildDescriptor>& others) {
    for (const auto& r : approved) {
        // A stored descriptor another model made is kept but not compared (kOlderModelReason).
        approved_.push_back(vision::EnrolledImage::fromStored(std::to_string(r.image_id), r.descriptor));
        ids_.push_back(r.image_id);
    }
    others_.reserve(others.size());
    for (const auto& o : others)
        if (auto d = toDescriptor(o.descriptor)) others_.add(o.child_name, *d);
}

void OnFileComparer::compare(core::EnrolmentEvidence& ev, const std::vector<core::StoredDescriptor>& own,
                             const std::vector<core::OtherChildDescriptor>& others) const {
    core::ResemblanceOnFile r;
    r.compared = true;
    if (const auto probe = toDescriptor(ev.descriptor)) {
        for (const auto& o : own)
            if (const auto d = toDescriptor(o.descriptor)) {
                const double dist = vision::distance(*probe, *d);
                if (!r.own_best || dist < *r.own_best) r.own_best = dist;
            }
        for (const auto& o : others)
            if (const auto d = toDescriptor(o.descriptor)) {
                const double dist = vision::distance(*probe, *d);
                if (!r.closest_other_distance || dist < *r.closest_other_distance) {
                    r.closest_other_distance = dist;
                    r.closest_other = o.child_name;
                }
            }
        r.other_within_match = r.closest_other_distance && *r.closest_other_distance < match_below_;
    }
    ev.on_file = r;
}

// Everything dlib, created on first use on the owner's thread.
struct FaceService::Pipeline {
    Pipeline(const vision::ModelPaths& models, vision::Calibration cal)
        : analyzer(models), verifier(analyzer, std::move(cal)) {}
    vision::FaceAnalyzer analyzer;
    vision::Verifier verifier;
};

FaceService::FaceService(FaceServiceOptions options) : options_(std::move(options)) {}
FaceService::~FaceService() = default;

void FaceService::load() { pipeline(); }

FaceService::Pipeline& FaceService::pipeline() {
    if (!pipeline_) {
        const auto models = vision::ModelPaths::locate(options_.models_dir);
        models.require(options_.live_checks);
        auto cal = vision::Calibration::load(options_.calibration_file ? *options_.calibration_file
                                                                       : vision::Calibration::defaultFile(models.dir));
        pipeline_ = std::make_unique<Pipeline>(models, std::move(cal));
    }
    return *pipeline_;
}

const vision::Calibration& FaceService::calibration() { return pipeline().verifier.calibration(); }
vision::FaceAnalyzer& FaceService::analyzer() { return pipeline().analyzer; }
vision::Verifier& FaceService::verifier() { return pipeline().verifier; }

vision::Verifier::ApprovalCandidate FaceService::analyseForApproval(const cv::Mat& image, std::string label) {
    return pipeline().verifier.enrolForApproval(image, std::move(label));
}

core::EnrolmentEvidence FaceService::evidenceOf(const vision::Verifier::ApprovalCandidate& c) {
    const auto& [e, q] = c;
    core::EnrolmentEvidence ev;
    ev.faces = e.faces;
    ev.problem = e.problem;
    // The stored "descriptor" is the serialised vision::FaceTemplate (both networks + model tag).
    if (e.face && e.faces == 1) {
        ev.descriptor = e.face->serialise();
        ev.descriptor_model = vision::kCurrentModelName;
    }
    ev.chip_jpeg = evidenceJpeg(e.chip);
    if (!q.ok) ev.quality_issues = q.issues;
    return ev;
}

core::EnrolmentEvidence FaceService::enrol(const std::string& path) {
    // Read once: the bytes stored are the bytes analysed (typed errors for a missing or corrupt file).
    auto bytes = vision::readImageFile(path);
    core::EnrolmentEvidence ev = evidenceOf(analyseForApproval(vision::decodeImage(bytes, path), path));
    ev.image_bytes = std::move(bytes);
    return ev;
}

core::FaceEvidence FaceService::compare(const std::string& probe_path, const std::vector<core::StoredDescriptor>& refs,
                                        const std::vector<core::OtherChildDescriptor>& others) {
    const cv::Mat probe = vision::loadImage(probe_path);
    return compare(probe, FaceReferences(refs, others)).evidence;
}

FaceComparison FaceService::compare(const cv::Mat& probe, const FaceReferences& refs, bool live) {
    vision::VerifyResult detail;
    return compare(probe, refs, live, detail);
}

FaceComparison FaceService::compare(const cv::Mat& probe, const FaceReferences& refs, bool live,
                                    vision::VerifyResult& v) {
    vision::VerifyContext ctx;
    ctx.others = refs.others().size() > 0 ? &refs.others() : nullptr;
    // Live frames: fast detection (the CNN detector takes ~0.6 s a frame).
    ctx.probe = live ? vision::ProbeKind::LiveFrame : vision::ProbeKind::Still;
    v = pipeline().verifier.verify(probe, refs.approved(), ctx);
    FaceComparison o;
    o.evidence.band = toCoreBand(v.band);
    o.evidence.best_distance = v.best_distance;
    for (std::size_t i = 0; i < v.refs.size() && i < refs.ids_.size(); ++i)
        o.evidence.distances.push_back({refs.ids_[i], v.refs[i].distance});
    o.evidence.faces = v.faces;
    o.evidence.quality_ok = v.quality.ok;
    o.evidence.quality_issues = v.quality.issues;
    // core has no field for other reasons (photo or screen, older face model): carried as an issue.
    if (v.band == vision::Band::CannotAssess && !v.reason.empty() &&
        std::find(o.evidence.quality_issues.begin(), o.evidence.quality_issues.end(), v.reason) ==
            o.evidence.quality_issues.end())
        o.evidence.quality_issues.push_back(v.reason);
    // A likely photo or screen is recorded with its score (issue 14 item 5): the officer and the
    // safeguarding lead see how sure the check was.
    if (v.reason == vision::kPresentationAttackReason && v.live_score) {
        char line[128];
        std::snprintf(line, sizeof line, "photo/screen check: live score %.4f, below the threshold %.4f",
                      *v.live_score, v.live_threshold);
        o.evidence.quality_issues.push_back(line);
    }
    if (v.fmr && v.best_distance) o.fmr_text = vision::describeFmr(*v.fmr);
    // One warning per other child (closest first), not one per approved image of theirs.
    for (const auto& l : v.lookalikes) {
        const bool seen = std::any_of(o.lookalikes.begin(), o.lookalikes.end(),
                                      [&](const LookalikeWarning& w) { return w.child_name == l.label; });
        if (!seen) o.lookalikes.push_back({l.label, l.distance, l.closer_than_approved});
    }
    o.probe_chip = v.probe_chip.clone();
    o.evidence.evidence_jpeg = evidenceJpeg(o.probe_chip);
    return o;
}

core::EnrolmentEvidence enrolAgainstFile(FaceService& faces, core::Records& records, const core::User& by,
                                         core::Id child_id, const std::string& image_path) {
    core::EnrolmentEvidence ev = faces.enrol(image_path);
    // No single face: nothing to compare (core refuses it first), and no references are read.
    if (ev.faces == 1 && !ev.descriptor.empty())
        faces.onFileComparer().compare(ev, records.viewReferences(by, child_id), records.otherChildrenDescriptors(by, child_id));
    return ev;
}

}  // namespace kiosk::app
