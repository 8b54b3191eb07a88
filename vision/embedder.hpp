// dlib's face recognition ResNet (LFW 99.38%), wrapped so the heavy template lives in one .cpp.
// Thread safety: NOT thread-safe (the network keeps per-call buffers); one instance per thread.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/types.hpp"

namespace vision {

class Embedder {
public:
    // Throws ModelMissingError when the model file is absent or cannot be deserialised.
    explicit Embedder(const std::filesystem::path& model_file);
    ~Embedder();
    Embedder(Embedder&&) noexcept;
    Embedder& operator=(Embedder&&) noexcept;

    // Requires: chip is a 150x150 CV_8UC3 BGR aligned face chip.
    Descriptor embed(const cv::Mat& chip);

    // The mean descriptor over the chip, its mirror image and `jitter` randomly jittered copies
    // (small rotation, scale, translation; seeded, so repeatable). For enrolment, not live frames.
    Descriptor embedAveraged(const cv::Mat& chip, int jitter);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace vision
