// One FaceAnalyzer shared by every test case of a test executable: loading the models takes ~0.5 s,
// and dlib objects are not thread-safe, which is fine here (Catch2 runs cases one at a time).
#pragma once

#include "tests/support/test_support.hpp"
#include "vision/face_analyzer.hpp"

namespace kiosk::test {

inline vision::FaceAnalyzer& sharedAnalyzer() {
    requireModels();
    static vision::FaceAnalyzer analyzer(vision::ModelPaths{modelsDir()});
    return analyzer;
}

}  // namespace kiosk::test
