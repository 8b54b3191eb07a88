#include "vision/fr_embedder.hpp"

#include <cmath>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/errors.hpp"
#include "vision/onnx_net.hpp"

namespace vision {
namespace {

const std::array<cv::Point2f, 5> kArcface = {cv::Point2f(38.2946f, 51.6963f), cv::Point2f(73.5318f, 51.5014f),
                                             cv::Point2f(56.0252f, 71.7366f), cv::Point2f(41.5493f, 92.3655f),
                                             cv::Point2f(70.7299f, 92.2041f)};

cv::Point2f meanOf(const std::vector<cv::Point2f>& p, int from, int to) {
    cv::Point2f s(0, 0);
    for (int i = from; i <= to; ++i) s += p[static_cast<std::size_t>(i)];
    return s * (1.0f / static_cast<float>(to - from + 1));
}

}  // namespace

std::array<cv::Point2f, 5> arcfacePoints(const std::vector<cv::Point2f>& lm68) {
    CV_Assert(lm68.size() == 68);
    return {meanOf(lm68, 36, 41), meanOf(lm68, 42, 47), lm68[30], lm68[48], lm68[54]};
}

cv::Mat similarityTransform(const std::array<cv::Point2f, 5>& from, const std::array<cv::Point2f, 5>& to) {
    // Minimise sum |s R x_i + t - y_i|^2 over s, R (rotation), t. With centred points,
    // a = sum(x.y), b = sum(x cross y): R angle = atan2(b, a), s = sqrt(a^2 + b^2) / sum|x|^2.
    cv::Point2d mx(0, 0), my(0, 0);
    for (int i = 0; i < 5; ++i) mx += cv::Point2d(from[i]), my += cv::Point2d(to[i]);
    mx *= 0.2, my *= 0.2;
    double a = 0, b = 0, var = 0;
    for (int i = 0; i < 5; ++i) {
        const cv::Point2d x = cv::Point2d(from[i]) - mx, y = cv::Point2d(to[i]) - my;
        a += x.x * y.x + x.y * y.y;
        b += x.x * y.y - x.y * y.x;
        var += x.x * x.x + x.y * x.y;
    }
    CV_Assert(var > 0);
    const double sc = a / var, ss = b / var;  // s*cos, s*sin
    cv::Mat m = (cv::Mat_<double>(2, 3) << sc, -ss, 0, ss, sc, 0);
    m.at<double>(0, 2) = my.x - (sc * mx.x - ss * mx.y);
    m.at<double>(1, 2) = my.y - (ss * mx.x + sc * mx.y);
    return m;
}

double cosineDistance(const FrEmbedding& a, const FrEmbedding& b) {
    double dot = 0;
    for (int i = 0; i < kFrEmbeddingSize; ++i) dot += static_cast<double>(a[static_cast<std::size_t>(i)]) * b[static_cast<std::size_t>(i)];
    return 1.0 - dot;
}

struct FrEmbedder::Impl {
    cv::dnn::Net net;
};

FrEmbedder::FrEmbedder(const std::filesystem::path& model_file) : impl_(std::make_unique<Impl>()) {
    impl_->net = loadOnnxNet(model_file);
}
FrEmbedder::~FrEmbedder() = default;
FrEmbedder::FrEmbedder(FrEmbedder&&) noexcept = default;
FrEmbedder& FrEmbedder::operator=(FrEmbedder&&) noexcept = default;

cv::Mat FrEmbedder::alignedCrop(const cv::Mat& bgr, const std::vector<cv::Point2f>& lm68) {
    cv::Mat crop;
    cv::warpAffine(bgr, crop, similarityTransform(arcfacePoints(lm68), kArcface), cv::Size(kFrCropSize, kFrCropSize),
                   cv::INTER_LINEAR, cv::BORDER_CONSTANT);
    return crop;
}

FrEmbedding FrEmbedder::embedCrop(const cv::Mat& crop, bool mirror) {
    CV_Assert(crop.type() == CV_8UC3 && crop.rows == kFrCropSize && crop.cols == kFrCropSize);
    cv::Mat acc;
    auto run = [&](const cv::Mat& img) {
        // Batch 1: OpenCV 4.6 mis-handles this model's batch dimension.
        impl_->net.setInput(cv::dnn::blobFromImage(img, 1.0 / 128.0, cv::Size(kFrCropSize, kFrCropSize),
                                                   cv::Scalar(127, 127, 127), /*swapRB=*/false, false));
        cv::Mat out = impl_->net.forward().reshape(1, 1).clone();
        CV_Assert(out.total() == kFrEmbeddingSize);
        if (acc.empty()) acc = out; else acc += out;
    };
    run(crop);
    if (mirror) {
        cv::Mat flipped;
        cv::flip(crop, flipped, 1);
        run(flipped);
    }
    acc.convertTo(acc, CV_32F);
    const double n = cv::norm(acc);
    FrEmbedding e{};
    for (int i = 0; i < kFrEmbeddingSize; ++i) e[static_cast<std::size_t>(i)] = static_cast<float>(acc.at<float>(0, i) / (n > 0 ? n : 1.0));
    return e;
}

}  // namespace vision
