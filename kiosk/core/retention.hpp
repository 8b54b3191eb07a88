// Retention of live captures: an identity check's evidence crop is kept while it may be needed
// and no longer. A crop of a check no incident names is purged once it is older than the
// retention period (default 30 days); the check record itself (decision, scores, times) stays.
// Crops that an incident names are kept with the incident.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/repository.hpp"

namespace core {

inline constexpr int kDefaultRetentionDays = 30;

// The instant before which an unlinked capture is due: `now` (YYYY-MM-DDTHH:MM:SS) minus `days`.
// Throws InputError when days < 1 or `now` is unreadable.
std::string retentionCutoff(const std::string& now, int days);

// The captures due for purging at `now`: not linked to an incident and recorded before the cutoff.
std::vector<StoredCapture> capturesDueForPurge(const std::vector<StoredCapture>& captures, const std::string& now,
                                               int days);

struct PurgeReport {
    int days = kDefaultRetentionDays;
    std::string cutoff;
    bool dry_run = false;
    std::vector<StoredCapture> captures;  // purged, or (dry run) that would be
    std::int64_t bytes() const;
};


}  // namespace core
