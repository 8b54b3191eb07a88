// What the records domain needs from the face pipeline, without including it: enrol an approved
// image, and compare a probe with a child's stored descriptors (and the other children's, for the
// look-alike rule). kiosk/app's FaceService implements it on the calibrated face pipeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.hpp"

namespace core {

struct StoredDescriptor {
    Id image_id = 0;
    std::vector<float> descriptor;
};

// Another child's approved descriptor: a probe as close to it as to the child's own caps the band
// at possible_match (a sister enrolled as another child is never a strong match).
struct OtherChildDescriptor {
    std::string child_name;  // shown in the look-alike warning
    std::vector<float> descriptor;
};

// How a photo offered for approval compares with the children already on file, on the face
// pipeline's calibrated distance (the wrong-child check at enrolment; Records::enrolImage decides).
struct ResemblanceOnFile {
    bool compared = false;                         // false: never compared (enrolImage refuses it)
    std::optional<double> own_best;                // nearest of this child's approved images
    std::string closest_other;                     // the other child on file nearest to the photo
    std::optional<double> closest_other_distance;  // (none: no other child on file)
    bool other_within_match = false;               // that distance is within the match threshold
};

struct EnrolmentEvidence {
    int faces = 0;
    std::vector<float> descriptor;          // empty unless exactly one face was found
    std::string descriptor_model;           // the model (and version) that made it, in words
    std::vector<std::uint8_t> image_bytes;  // the file as given
    std::vector<std::uint8_t> chip_jpeg;
    std::string problem;                    // why it cannot be an approved image; empty when usable
    std::vector<std::string> quality_issues;  // the face-quality check's prompts when it failed
    ResemblanceOnFile on_file;                // filled in before approval (app::OnFileComparer)
};

class FaceChecker {
public:
    virtual ~FaceChecker() = default;
    // Throws the pipeline's typed faults (unreadable image, missing models).
    virtual EnrolmentEvidence enrol(const std::string& image_path) = 0;
    virtual FaceEvidence compare(const std::string& probe_path, const std::vector<StoredDescriptor>& refs,
                                 const std::vector<OtherChildDescriptor>& others) = 0;
};

}  // namespace core
