// The one place where cv::Mat and dlib image / geometry types are converted (DESIGN.md §5.4).
// Internal to vision/: public headers never include dlib.
#pragma once

#include <dlib/geometry/rectangle.h>
#include <dlib/image_processing/full_object_detection.h>
#include <dlib/matrix.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/pixel.h>
#include <opencv2/core.hpp>

#include "vision/types.hpp"

namespace vision::bridge {

// Zero-copy views. Require: `m` is CV_8UC3 (BGR) / CV_8UC1 and outlives the view.
inline dlib::cv_image<dlib::bgr_pixel> viewBgr(const cv::Mat& m) { return dlib::cv_image<dlib::bgr_pixel>(m); }
inline dlib::cv_image<unsigned char> viewGray(const cv::Mat& m) { return dlib::cv_image<unsigned char>(m); }

dlib::matrix<dlib::rgb_pixel> toRgbMatrix(const cv::Mat& bgr);
cv::Mat toBgrMat(const dlib::matrix<dlib::rgb_pixel>& rgb);

inline dlib::rectangle toDlib(const cv::Rect& r) {
    return dlib::rectangle(r.x, r.y, r.x + r.width - 1, r.y + r.height - 1);
}
inline cv::Rect toCv(const dlib::rectangle& r) {
    return cv::Rect(static_cast<int>(r.left()), static_cast<int>(r.top()), static_cast<int>(r.width()),
                    static_cast<int>(r.height()));
}

std::vector<cv::Point2f> toPoints(const dlib::full_object_detection& shape);
dlib::full_object_detection toShape(const DetectedFace& face);

Descriptor toDescriptor(const dlib::matrix<float, 0, 1>& m);

}  // namespace vision::bridge
