#include "vision/presentation.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/errors.hpp"
#include "vision/onnx_net.hpp"
#include "vision/fr_detector.hpp"

namespace vision {

struct PresentationChecker::Impl {
    cv::dnn::Net net;
};

cv::Rect livenessBoxFor(const DetectedFace& f) {
    if (f.fr_box.area() > 0) return f.fr_box;
    const double side = f.box.width / 0.8;
    const double cx = f.box.x + f.box.width / 2.0, cy = f.box.y + f.box.height / 2.0 - 0.06 * side;
    return cv::Rect(cvRound(cx - side / 2), cvRound(cy - side / 2), cvRound(side), cvRound(side));
}

PresentationChecker::PresentationChecker(const std::filesystem::path& model_file) : impl_(std::make_unique<Impl>()) {
    impl_->net = loadOnnxNet(model_file);
}
PresentationChecker::~PresentationChecker() = default;
PresentationChecker::PresentationChecker(PresentationChecker&&) noexcept = default;
PresentationChecker& PresentationChecker::operator=(PresentationChecker&&) noexcept = default;

cv::Mat PresentationChecker::crop(const cv::Mat& bgr, const cv::Rect& face_box) {
    // lib/fr_liveness.js alignLivenessImage, on the square box.
    const cv::Rect b = squareBox(face_box);
    const double src_w = bgr.cols, src_h = bgr.rows;
    const double scale = std::min({(src_h - 1) / b.height, (src_w - 1) / b.width, 2.7});
    const double w = b.width * scale, h = b.height * scale;
    const double cx = b.x + b.width / 2.0, cy = b.y + b.height / 2.0;
    double x1 = cx - w / 2, y1 = cy - h / 2, x2 = cx + w / 2, y2 = cy + h / 2;
    if (x1 < 0) x2 -= x1, x1 = 0;
    if (y1 < 0) y2 -= y1, y1 = 0;
    if (x2 > src_w - 1) x1 -= x2 - src_w + 1, x2 = src_w - 1;
    if (y2 > src_h - 1) y1 -= y2 - src_h + 1, y2 = src_h - 1;
    cv::Rect r(std::max(0, static_cast<int>(x1)), std::max(0, static_cast<int>(y1)), static_cast<int>(x2 - x1),
               static_cast<int>(y2 - y1));
    r &= cv::Rect(0, 0, bgr.cols, bgr.rows);
    cv::Mat out;
    if (r.area() <= 0) return out;
    cv::resize(bgr(r), out, cv::Size(128, 128));
    return out;
}

double PresentationChecker::liveScore(const cv::Mat& bgr, const cv::Rect& face_box) {
    CV_Assert(bgr.type() == CV_8UC3);
    const cv::Mat c = crop(bgr, face_box);
    if (c.empty()) return 0.0;
    impl_->net.setInput(cv::dnn::blobFromImage(c, 1.0, cv::Size(128, 128), cv::Scalar(0, 0, 0), /*swapRB=*/false, false));
    const cv::Mat logits = impl_->net.forward().reshape(1, 1);
    CV_Assert(logits.total() >= 3);
    double mx = -1e30;
    for (int i = 0; i < 3; ++i) mx = std::max(mx, static_cast<double>(logits.at<float>(0, i)));
    double sum = 0, live = 0;
    for (int i = 0; i < 3; ++i) {
        const double e = std::exp(static_cast<double>(logits.at<float>(0, i)) - mx);
        sum += e;
        if (i == 0) live = e;
    }
    return live / sum;
}

}  // namespace vision
