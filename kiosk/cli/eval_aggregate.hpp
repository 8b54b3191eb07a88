// The several-approved-images study behind the aggregate rule: with K approved images per person,
// which single score decides best — the best distance, the mean of the best two, the mean, or the
// distance to the mean descriptor? Measured on labelled images (identity = the image's folder).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "vision/types.hpp"

namespace kiosk::cli {

struct LabelledDescriptor {
    std::string identity;
    std::string path;
    vision::Descriptor enrol;  // enrolment path
    vision::Descriptor probe;  // probe path
};

// For every identity with more than `k` images: its first k images (by path) are the approved
// set; each remaining image is a genuine probe against it and an impostor probe against every other
// identity's approved set. Returns {rule: {eer, tar_at_fmr_1e-2, tar_at_fmr_1e-3, ...}}.
nlohmann::json aggregateStudy(const std::vector<LabelledDescriptor>& faces, int k);

}  // namespace kiosk::cli
