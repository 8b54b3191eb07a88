// Re-embedding (issue 14 item 2, `kiosk reembed`): after a change of face model, every approved
// image whose stored descriptor today's model did not make is described again from the stored,
// still-sealed image itself (decrypted by the store, the enrolment path as at approval), and its
// new descriptor sealed in place. Each image is its own transaction and its own audit entry, so a
// run that is stopped (cancelled, killed, power cut) resumes where it was: images already made by
// today's model are skipped. An image today's model cannot describe (no face, several) keeps its
// old descriptor and is listed: that child stays cannot_assess on it until it is re-enrolled.
// Thread safety: runs on the caller's thread; `progress` may be shared with another thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kiosk/app/face_service.hpp"
#include "kiosk/app/jobs.hpp"
#include "kiosk/core/records.hpp"

namespace kiosk::app {

struct ReembedFailure {
    core::Id image_id = 0;
    std::string child_name;
    std::string message;
};

struct ReembedReport {
    std::size_t images = 0;           // active approved images on file
    std::size_t already_current = 0;  // made by today's model (skipped)
    std::size_t reembedded = 0;
    std::vector<ReembedFailure> failures;
    bool cancelled = false;
    std::string summary() const;      // one line, as audited
};

// Whether a stored descriptor was made by today's models (a template with the current tag).
bool madeByCurrentModel(const std::vector<float>& descriptor);

// `on_step` (optional) runs after each image with the running report (the CLI prints progress).
ReembedReport reembedApprovedImages(core::Records& records, const core::User& by, FaceService& faces,
                                    JobProgress* progress = nullptr,
                                    const std::function<void(const ReembedReport&, const std::string& child)>& on_step = {});

}  // namespace kiosk::app
