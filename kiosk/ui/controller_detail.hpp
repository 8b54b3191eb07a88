// Helpers shared by the controller's database jobs (controller_jobs.cpp, controller_admin.cpp and
// controller_calls_reviews.cpp): core's read models turned into what the screens draw.
#pragma once

#include <string>

#include "kiosk/core/records.hpp"
#include "kiosk/ui/app_state.hpp"

namespace kiosk::ui {

using app::imageViews;
using app::notifiedText;
// Everything the incident detail shows, pictures decoded: core's read model as drawn.
IncidentDetail incidentDetailView(core::IncidentDetailView d);
// The in-call monitor's snapshot as the JPEG kept with the incident (at most 480 px on its long side).
std::vector<std::uint8_t> snapshotJpeg(const cv::Mat& snapshot);

}  // namespace kiosk::ui
