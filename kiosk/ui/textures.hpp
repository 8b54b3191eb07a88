// OpenGL textures for cv::Mat images (camera frames, face crops). GL is touched on the UI thread
// only; the cache keeps a reference to each image so its address cannot be reused while a
// texture still stands for it.
// Thread safety: UI thread only.
#pragma once

#include <cstdint>
#include <vector>

#include <imgui.h>
#include <opencv2/core.hpp>

namespace kiosk::ui {

class Textures {
public:
    Textures() = default;
    ~Textures();
    Textures(const Textures&) = delete;
    Textures& operator=(const Textures&) = delete;

    // A texture showing `bgr` (uploaded on first use). Null for an empty image.
    ImTextureID get(const cv::Mat& bgr);
    // Deletes textures not used for a while (call once a frame).
    void endFrame();

private:
    struct Entry {
        cv::Mat image;
        unsigned int texture = 0;
        std::int64_t last_used = 0;
    };
    std::vector<Entry> entries_;
    std::int64_t frame_ = 0;
};

// Draws `bgr` fitted inside `box` (keeping its aspect ratio); returns the drawn rectangle's
// top-left and scale so callers can overlay face boxes.
struct FittedImage {
    ImVec2 origin;
    float scale = 1.0f;
    ImVec2 size;
};
FittedImage drawFitted(Textures& textures, const cv::Mat& bgr, ImVec2 box);

}  // namespace kiosk::ui
