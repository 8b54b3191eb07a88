#include "kiosk/ui/textures.hpp"

#include <algorithm>

#include <GL/gl.h>
#include <opencv2/imgproc.hpp>

namespace kiosk::ui {

Textures::~Textures() {
    for (auto& e : entries_) glDeleteTextures(1, &e.texture);
}

ImTextureID Textures::get(const cv::Mat& bgr) {
    if (bgr.empty()) return nullptr;
    for (auto& e : entries_)
        if (e.image.data == bgr.data && e.image.size() == bgr.size()) {
            e.last_used = frame_;
            return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(e.texture));
        }
    cv::Mat rgba;
    cv::cvtColor(bgr, rgba, bgr.channels() == 1 ? cv::COLOR_GRAY2RGBA : cv::COLOR_BGR2RGBA);
    Entry e;
    e.image = bgr;
    e.last_used = frame_;
    glGenTextures(1, &e.texture);
    glBindTexture(GL_TEXTURE_2D, e.texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, rgba.cols, rgba.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    entries_.push_back(e);
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(e.texture));
}

void Textures::endFrame() {
    ++frame_;
    // Camera frames are used for one frame each; crops for as long as a screen shows them.
    auto stale = [this](const Entry& e) { return frame_ - e.last_used > 2; };
    for (auto& e : entries_)
        if (stale(e)) glDeleteTextures(1, &e.texture);
    entries_.erase(std::remove_if(entries_.begin(), entries_.end(), stale), entries_.end());
}

FittedImage drawFitted(Textures& textures, const cv::Mat& bgr, ImVec2 box) {
    FittedImage f;
    f.origin = ImGui::GetCursorScreenPos();
    if (bgr.empty() || box.x <= 0 || box.y <= 0) {
        ImGui::Dummy(box);
        return f;
    }
    f.scale = std::min(box.x / static_cast<float>(bgr.cols), box.y / static_cast<float>(bgr.rows));
    f.size = {bgr.cols * f.scale, bgr.rows * f.scale};
    ImGui::Image(textures.get(bgr), f.size);
    return f;
}

}  // namespace kiosk::ui
