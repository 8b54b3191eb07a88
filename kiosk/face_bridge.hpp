// Values crossing from the face pipeline (vision) into the records domain (core): the one mapping
// both the CLI's FaceChecker and the kiosk's vision thread use. Header-only; core and vision stay
// unaware of each other (DESIGN.md §3).
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "kiosk/core/domain.hpp"
#include "kiosk/core/face_checker.hpp"
#include "vision/matcher.hpp"
#include "vision/verifier.hpp"

namespace kiosk {

inline core::Band toCoreBand(vision::Band b) {
    switch (b) {
    case vision::Band::StrongMatch: return core::Band::StrongMatch;
    case vision::Band::PossibleMatch: return core::Band::PossibleMatch;
    case vision::Band::NoMatch: return core::Band::NoMatch;
    case vision::Band::CannotAssess: return core::Band::CannotAssess;
    }
    return core::Band::CannotAssess;
}

// Evidence crops are stored as JPEG (quality 92: faces stay sharp, ~10 KB a 150x150 chip).
inline std::vector<std::uint8_t> evidenceJpeg(const cv::Mat& img) {
    std::vector<std::uint8_t> out;
    if (!img.empty()) cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, 92});
    return out;
}

// What core is asked to approve: core refuses no face, several faces, and a failed quality check.
inline core::EnrolmentEvidence enrolmentEvidence(const vision::EnrolledImage& e, const vision::QualityReport& q) {
    core::EnrolmentEvidence ev;
    ev.faces = e.faces;
    ev.problem = e.problem;
    // The stored "descriptor" is the serialised vision::FaceTemplate (both networks + model tag).
    if (e.face && e.faces == 1) ev.descriptor = e.face->serialise();
    ev.chip_jpeg = evidenceJpeg(e.chip);
    if (!q.ok) ev.quality_issues = q.issues;
    return ev;
}

}  // namespace kiosk
