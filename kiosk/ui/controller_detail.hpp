// Helpers shared by the controller's database jobs (controller_jobs.cpp and
// controller_calls_reviews.cpp). Database thread only: each takes the thread's core::Records.
#pragma once

#include <string>

#include "kiosk/core/records.hpp"
#include "kiosk/ui/app_state.hpp"

namespace kiosk::ui {

// " Notified: the safeguarding lead, the duty governor and the probation OMU managers." (or "").
std::string notifiedText(core::Records& r, core::Id incident_id);
// An incident as the queue lists it: prisoner, child and raiser by name, its review.
IncidentRow incidentRow(core::Records& r, core::Incident incident);
// Everything the incident detail shows: the check's evidence, approved images, notifications.
IncidentDetail incidentDetail(core::Records& r, IncidentRow row);

}  // namespace kiosk::ui
