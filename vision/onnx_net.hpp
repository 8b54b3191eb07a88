// Loading one of the ONNX face models (npm faceplugin-face-recognition-js) with OpenCV's DNN
// module: a file OpenCV cannot load is a ModelMissingError naming it, as for the dlib models.
#pragma once

#include <filesystem>
#include <string>

#include <opencv2/dnn.hpp>

#include "vision/errors.hpp"

namespace vision {

inline cv::dnn::Net loadOnnxNet(const std::filesystem::path& model_file) {
    cv::dnn::Net net;
    try {
        net = cv::dnn::readNetFromONNX(model_file.string());
    } catch (const cv::Exception& e) {
        throw ModelMissingError(model_file, std::string("cannot be loaded by OpenCV DNN (") + e.what() + ")");
    }
    if (net.empty()) throw ModelMissingError(model_file, "cannot be loaded by OpenCV DNN");
    return net;
}

}  // namespace vision
