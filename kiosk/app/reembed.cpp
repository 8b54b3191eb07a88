#include "kiosk/app/reembed.hpp"

#include <map>

#include "kiosk/core/errors.hpp"
#include "vision/errors.hpp"
#include "vision/face_template.hpp"
#include "vision/image_io.hpp"

namespace kiosk::app {

bool madeByCurrentModel(const std::vector<float>& descriptor) {
    return vision::deserialiseTemplate(descriptor).face.has_value();
}

std::string ReembedReport::summary() const {
    return std::to_string(reembedded) + " re-embedded, " + std::to_string(already_current) +
           " already made by today's model, " + std::to_string(failures.size()) + " could not be (re-enrol them), of " +
           std::to_string(images) + " approved images" + (cancelled ? "; stopped before the end (run again to resume)" : "") +
           "; model: " + vision::kCurrentModelName;
}

ReembedReport reembedApprovedImages(core::Records& records, const core::User& by, FaceService& faces,
                                    JobProgress* progress,
                                    const std::function<void(const ReembedReport&, const std::string&)>& on_step) {
    records.authorise(by, core::Operation::EnrolImage);  // before the slow face work
    ReembedReport r;
    // The list without image bytes; each child's bytes are read (and opened) only when needed.
    std::map<core::Id, std::string> child_names;
    std::vector<std::pair<core::Id, core::Id>> todo;  // (child, image)
    for (const auto& e : records.allActiveImages(by)) {
        ++r.images;
        if (madeByCurrentModel(e.image.descriptor)) {
            ++r.already_current;
            continue;
        }
        child_names[e.child.id] = e.child.fullName();
        todo.emplace_back(e.child.id, e.image.id);
    }
    std::size_t step = 0;
    if (progress) progress->report(0, todo.size());
    core::Id loaded_child = 0;
    std::vector<core::ApprovedImage> loaded;
    for (const auto& [child_id, image_id] : todo) {
        if (progress && progress->cancelled()) {
            r.cancelled = true;
            break;
        }
        const std::string& child = child_names[child_id];
        try {
            if (child_id != loaded_child) {
                loaded = records.approvedImages(by, child_id, /*with_image_bytes=*/true);
                loaded_child = child_id;
            }
            const core::ApprovedImage* img = nullptr;
            for (const auto& i : loaded)
                if (i.id == image_id) img = &i;
            if (!img) throw core::NotFoundError("approved image " + std::to_string(image_id) + " is no longer active");
            // The enrolment path as at approval, on the bytes that were approved.
            const auto candidate = faces.analyseForApproval(
                vision::decodeImage(img->image, "approved image " + std::to_string(image_id)), img->source_name);
            records.reembedImage(by, image_id, FaceService::evidenceOf(candidate));
            ++r.reembedded;
        } catch (const vision::ImageLoadError& e) {  // the stored bytes no longer decode as an image
            r.failures.push_back({image_id, child, e.what()});
        } catch (const core::InputError& e) {  // no single usable face for today's model
            r.failures.push_back({image_id, child, e.what()});
        }
        // Anything else (a missing model, a store fault, a blob that fails its seal) stops the run:
        // what was re-embedded so far stays, and a later run resumes after it.
        ++step;
        if (progress) progress->report(step, todo.size());
        if (on_step) on_step(r, child);
    }
    records.recordReembedRun(by, r.summary());
    return r;
}

}  // namespace kiosk::app
