#include "vision/fr_detector.hpp"

#include <algorithm>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/errors.hpp"
#include "vision/onnx_net.hpp"

namespace vision {

struct FrDetector::Impl {
    cv::dnn::Net net;
    std::vector<std::string> outs;
};

FrDetector::FrDetector(const std::filesystem::path& model_file) : impl_(std::make_unique<Impl>()) {
    impl_->net = loadOnnxNet(model_file);
    impl_->outs = {"boxes", "scores"};
}
FrDetector::~FrDetector() = default;
FrDetector::FrDetector(FrDetector&&) noexcept = default;
FrDetector& FrDetector::operator=(FrDetector&&) noexcept = default;

std::vector<FrDetector::Hit> FrDetector::detect(const cv::Mat& bgr, double min_score) {
    CV_Assert(bgr.type() == CV_8UC3);
    impl_->net.setInput(cv::dnn::blobFromImage(bgr, 1.0 / 128.0, cv::Size(320, 240), cv::Scalar(127, 127, 127),
                                               /*swapRB=*/false, false));
    std::vector<cv::Mat> out;
    impl_->net.forward(out, impl_->outs);
    const cv::Mat boxes = out[0].reshape(1, static_cast<int>(out[0].total() / 4));
    const cv::Mat scores = out[1].reshape(1, static_cast<int>(out[1].total() / 2));
    std::vector<cv::Rect> rects;
    std::vector<float> conf;
    for (int i = 0; i < scores.rows; ++i) {
        const float s = scores.at<float>(i, 1);
        if (s < min_score) continue;
        const float x1 = boxes.at<float>(i, 0) * static_cast<float>(bgr.cols), y1 = boxes.at<float>(i, 1) * static_cast<float>(bgr.rows);
        const float x2 = boxes.at<float>(i, 2) * static_cast<float>(bgr.cols), y2 = boxes.at<float>(i, 3) * static_cast<float>(bgr.rows);
        if (x2 <= x1 || y2 <= y1) continue;
        rects.emplace_back(cv::Point(cvRound(x1), cvRound(y1)), cv::Point(cvRound(x2), cvRound(y2)));
        conf.push_back(s);
    }
    std::vector<int> keep;
    cv::dnn::NMSBoxes(rects, conf, static_cast<float>(min_score), 0.4f, keep);
    std::vector<Hit> hits;
    for (int k : keep) hits.push_back({rects[static_cast<std::size_t>(k)], conf[static_cast<std::size_t>(k)]});
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
    return hits;
}

cv::Rect squareBox(const cv::Rect& box) {
    const double cx = box.x + box.width / 2.0, cy = box.y + box.height / 2.0, side = box.height;
    return cv::Rect(cvRound(cx - side / 2), cvRound(cy - side / 2), box.height, box.height);
}

}  // namespace vision
