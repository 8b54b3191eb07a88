// What is stored for one approved face: both networks' embeddings and which models made them, as
// one opaque flat float vector the records layer can keep as it is (core::ApprovedImage::descriptor
// is a std::vector<float>).
//
// Layout (643 floats): [kTemplateMarker, format version, model tag, 128 dlib floats, 512 fr floats].
// The marker is a value no dlib descriptor component takes (they lie within about +-0.5), so a
// stored 128-float descriptor from before (dlib only) is told apart and refused, never compared
// across models: cannot_assess with kOlderModelReason.
// Thread safety: value type and pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vision/fr_embedder.hpp"
#include "vision/types.hpp"

namespace vision {

inline constexpr float kTemplateMarker = 7.25e8f;
inline constexpr int kTemplateFormat = 1;
// The model pair that makes templates today: dlib_face_recognition_resnet_model_v1 (5-point chip)
// + fr_feature.onnx (faceplugin-face-recognition-js 0.0.1, 68-point ArcFace similarity). Bump it
// when either model or its alignment changes: templates with another tag are not compared.
inline constexpr int kCurrentModelTag = 2;
// The same model pair in words, recorded beside each stored template (kiosk records, audit log).
inline constexpr const char* kCurrentModelName =
    "dlib_face_recognition_resnet_model_v1 + fr_feature.onnx (faceplugin-face-recognition-js 0.0.1), "
    "template v1 tag 2";
inline constexpr const char* kOlderModelReason =
    "approved image made by an older face model: re-enrol or run kiosk reembed";

struct FaceTemplate {
    Descriptor dlib{};
    FrEmbedding fr{};
    int model_tag = kCurrentModelTag;

    std::vector<float> serialise() const;
};

struct TemplateRead {
    std::optional<FaceTemplate> face;  // set when usable with today's models
    std::string problem;               // why not, otherwise (kOlderModelReason for old descriptors)
};

// Never throws: anything unreadable is a problem string, the comparison goes on for other images.
TemplateRead deserialiseTemplate(const std::vector<float>& stored);

}  // namespace vision
