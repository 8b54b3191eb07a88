#include "vision/cnn_detector.hpp"

#include <dlib/dnn.h>

#include "vision/blas_guard.hpp"
#include "vision/dlib_bridge.hpp"
#include "vision/errors.hpp"

namespace vision {
namespace {
using namespace dlib;

// Network definition from dlib's dnn_mmod_face_detection_ex.cpp; must match the model file.
template <long num_filters, typename SUBNET> using con5d = con<num_filters, 5, 5, 2, 2, SUBNET>;
template <long num_filters, typename SUBNET> using con5 = con<num_filters, 5, 5, 1, 1, SUBNET>;
template <typename SUBNET>
using downsampler = relu<affine<con5d<32, relu<affine<con5d<32, relu<affine<con5d<16, SUBNET>>>>>>>>>;
template <typename SUBNET> using rcon5 = relu<affine<con5<45, SUBNET>>>;
using mmod_net = loss_mmod<con<1, 9, 9, 1, 1, rcon5<rcon5<rcon5<downsampler<input_rgb_image_pyramid<pyramid_down<6>>>>>>>>;

}  // namespace

struct CnnDetector::Impl {
    mmod_net net;
};

CnnDetector::CnnDetector(const std::filesystem::path& model_file) : impl_(std::make_unique<Impl>()) {
    try {
        deserialize(model_file.string()) >> impl_->net;
    } catch (const std::exception& e) {
        throw ModelMissingError(model_file, std::string("cannot be loaded (") + e.what() + ")");
    }
}
CnnDetector::~CnnDetector() = default;

std::vector<CnnDetector::Hit> CnnDetector::detect(const cv::Mat& bgr) {
    const matrix<rgb_pixel> img = bridge::toRgbMatrix(bgr);
    std::vector<Hit> hits;
    std::vector<dlib::mmod_rect> found;
    {
        const std::lock_guard blas(blasMutex());
        found = impl_->net(img);
    }
    for (const auto& d : found) hits.push_back({bridge::toCv(d.rect), d.detection_confidence});
    return hits;
}

}  // namespace vision
