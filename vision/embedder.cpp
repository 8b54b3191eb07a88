#include "vision/embedder.hpp"

#include <dlib/dnn.h>
#include <dlib/image_transforms.h>

#include "vision/blas_guard.hpp"
#include "vision/dlib_bridge.hpp"
#include "vision/errors.hpp"

namespace vision {
namespace {
using namespace dlib;

// Network definition from dlib's dnn_face_recognition_ex.cpp; must match the model file exactly.
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;

template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;

template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;

using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

Descriptor mean(const std::vector<matrix<float, 0, 1>>& ds) {
    matrix<float, 0, 1> acc = ds.front();
    for (std::size_t i = 1; i < ds.size(); ++i) acc += ds[i];
    acc /= static_cast<float>(ds.size());
    return bridge::toDescriptor(acc);
}

}  // namespace

struct Embedder::Impl {
    anet_type net;
    dlib::rand rnd;
};

Embedder::Embedder(const std::filesystem::path& model_file) : impl_(std::make_unique<Impl>()) {
    try {
        deserialize(model_file.string()) >> impl_->net;
    } catch (const std::exception& e) {
        throw ModelMissingError(model_file, std::string("cannot be loaded (") + e.what() + ")");
    }
}
Embedder::~Embedder() = default;
Embedder::Embedder(Embedder&&) noexcept = default;
Embedder& Embedder::operator=(Embedder&&) noexcept = default;

Descriptor Embedder::embed(const cv::Mat& chip) {
    const matrix<rgb_pixel> img = bridge::toRgbMatrix(chip);
    const std::lock_guard blas(blasMutex());
    return bridge::toDescriptor(impl_->net(img));
}

Descriptor Embedder::embedAveraged(const cv::Mat& chip, int jitter) {
    std::vector<matrix<rgb_pixel>> crops;
    crops.push_back(bridge::toRgbMatrix(chip));
    crops.push_back(fliplr(crops.front()));
    impl_->rnd.set_seed("enrol");  // repeatable: the same image always enrols to the same descriptor
    for (int i = 0; i < jitter; ++i) crops.push_back(jitter_image(crops.front(), impl_->rnd));
    const std::lock_guard blas(blasMutex());
    return mean(impl_->net(crops, 16));
}

}  // namespace vision
