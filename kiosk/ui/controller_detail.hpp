// Helpers shared by the controller's database jobs (controller_jobs.cpp and
// controller_calls_reviews.cpp). Database thread only: each takes the thread's core::Records.
#pragma once

#include <string>

#include "kiosk/core/records.hpp"
#include "kiosk/ui/app_state.hpp"

namespace kiosk::ui {

// A child's approved images with their age under the policy (and the chips when asked). Reads as `by`.
std::vector<ApprovedImageView> imagesOf(core::Records& r, const core::User& by, const core::Child& child, bool with_chips);
// " Notified: the safeguarding lead, the duty governor and the probation OMU managers." (or "").
std::string notifiedText(const std::vector<core::RecipientRole>& notified);
// An incident as the queue lists it: prisoner, child and raiser by name, its review. Reads as `by`.
IncidentRow incidentRow(core::Records& r, const core::User& by, core::Incident incident);
// Everything the incident detail shows: the check's evidence, approved images, notifications.
IncidentDetail incidentDetail(core::Records& r, const core::User& by, IncidentRow row);

}  // namespace kiosk::ui
