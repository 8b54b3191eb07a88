// The controller's part for the people an incident notifies: the duty governor's and OMU
// managers' list and incident (core decides what each role sees), and acknowledging a
// notification (core decides who may: only the role it was sent to).
#include <algorithm>

#include "kiosk/ui/controller.hpp"
#include "kiosk/ui/controller_detail.hpp"

namespace kiosk::ui {

void Controller::loadNotified() {
    if (!state_.user) return;
    post("loading the incidents notified to you", [user = *state_.user](core::Records& r) -> StateUpdate {
        auto list = r.notifiedIncidents(user);
        return [list = std::move(list), now = r.now()](AppState& s) {
            s.notified.incidents = list;
            s.notified.loaded = true;
            s.now = now;
        };
    });
}

void Controller::loadNotifiedIncident(core::Id incident_id) {
    if (!state_.user) return;
    state_.notified.message.clear();
    post("opening the incident", [incident_id, user = *state_.user](core::Records& r) -> StateUpdate {
        auto d = r.notifiedIncidentDetail(user, incident_id);
        if (!d) return [](AppState& s) { s.notified.detail.reset(); };
        return [d = incidentDetailView(std::move(*d))](AppState& s) { s.notified.detail = d; };
    });
}

void Controller::acknowledge(core::Id notification_id) {
    if (!state_.user) return;
    const bool notified = state_.screen == ScreenId::Notified;
    post("acknowledging the notification", [user = *state_.user, notification_id, notified](core::Records& r) -> StateUpdate {
        r.acknowledge(user, notification_id);
        if (!notified) return {};
        return [](AppState& s) { s.notified.message = "Acknowledged: the safeguarding lead sees that you have read it."; };
    });
    // Queued behind the write: the lists and the incident on screen show the acknowledgement.
    if (notified) {
        loadNotified();
        if (state_.notified.detail) loadNotifiedIncident(state_.notified.detail->row.incident.id);
    } else {
        loadSafeguarding();
        if (state_.safeguarding.detail && state_.safeguarding.detail->row.incident.id != 0)
            loadIncident(state_.safeguarding.detail->row.incident.id);
    }
}

}  // namespace kiosk::ui
