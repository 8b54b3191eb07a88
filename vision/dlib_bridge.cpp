#include "vision/dlib_bridge.hpp"

#include <dlib/image_transforms/assign_image.h>
#include <opencv2/imgproc.hpp>

namespace vision::bridge {

dlib::matrix<dlib::rgb_pixel> toRgbMatrix(const cv::Mat& bgr) {
    dlib::matrix<dlib::rgb_pixel> out;
    dlib::assign_image(out, viewBgr(bgr));  // assign_pixel swaps BGR -> RGB
    return out;
}

cv::Mat toBgrMat(const dlib::matrix<dlib::rgb_pixel>& rgb) {
    cv::Mat out(static_cast<int>(rgb.nr()), static_cast<int>(rgb.nc()), CV_8UC3);
    for (long r = 0; r < rgb.nr(); ++r) {
        auto* row = out.ptr<cv::Vec3b>(static_cast<int>(r));
        for (long c = 0; c < rgb.nc(); ++c) {
            const auto& p = rgb(r, c);
            row[c] = cv::Vec3b(p.blue, p.green, p.red);
        }
    }
    return out;
}

std::vector<cv::Point2f> toPoints(const dlib::full_object_detection& shape) {
    std::vector<cv::Point2f> pts;
    pts.reserve(shape.num_parts());
    for (unsigned long i = 0; i < shape.num_parts(); ++i)
        pts.emplace_back(static_cast<float>(shape.part(i).x()), static_cast<float>(shape.part(i).y()));
    return pts;
}

dlib::full_object_detection toShape(const DetectedFace& face) {
    std::vector<dlib::point> parts;
    parts.reserve(face.landmarks.size());
    for (const auto& p : face.landmarks)
        parts.emplace_back(static_cast<long>(std::lround(p.x)), static_cast<long>(std::lround(p.y)));
    return dlib::full_object_detection(toDlib(face.box), parts);
}

Descriptor toDescriptor(const dlib::matrix<float, 0, 1>& m) {
    Descriptor d{};
    for (int i = 0; i < kDescriptorSize && i < m.size(); ++i) d[static_cast<std::size_t>(i)] = m(i);
    return d;
}

}  // namespace vision::bridge
