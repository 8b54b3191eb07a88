#include "vision/face_template.hpp"

#include <cmath>

namespace vision {

namespace {
constexpr std::size_t kHeader = 3;
constexpr std::size_t kTotal = kHeader + kDescriptorSize + kFrEmbeddingSize;
}  // namespace

std::vector<float> FaceTemplate::serialise() const {
    std::vector<float> out;
    out.reserve(kTotal);
    out.push_back(kTemplateMarker);
    out.push_back(static_cast<float>(kTemplateFormat));
    out.push_back(static_cast<float>(model_tag));
    out.insert(out.end(), dlib.begin(), dlib.end());
    out.insert(out.end(), fr.begin(), fr.end());
    return out;
}

TemplateRead deserialiseTemplate(const std::vector<float>& v) {
    TemplateRead r;
    if (v.size() == kDescriptorSize) {  // a dlib-only descriptor from before templates
        r.problem = kOlderModelReason;
        return r;
    }
    if (v.size() < kHeader || v[0] != kTemplateMarker) {
        r.problem = "stored descriptor unreadable";
        return r;
    }
    if (static_cast<int>(v[1]) != kTemplateFormat || v.size() != kTotal) {
        r.problem = "stored face template has an unknown format";
        return r;
    }
    if (static_cast<int>(v[2]) != kCurrentModelTag) {
        r.problem = kOlderModelReason;
        return r;
    }
    FaceTemplate t;
    t.model_tag = kCurrentModelTag;
    for (std::size_t i = 0; i < kDescriptorSize; ++i) t.dlib[i] = v[kHeader + i];
    for (std::size_t i = 0; i < kFrEmbeddingSize; ++i) t.fr[i] = v[kHeader + kDescriptorSize + i];
    for (float f : v)
        if (!std::isfinite(f)) {
            r.problem = "stored descriptor unreadable";
            return r;
        }
    r.face = t;
    return r;
}

}  // namespace vision
