#include "kiosk/core/retention.hpp"

#include "kiosk/core/errors.hpp"
#include "kiosk/core/records.hpp"

namespace core {

std::string retentionCutoff(const std::string& now, int days) {
    if (days < 1) throw InputError("the retention period must be at least 1 day (got " + std::to_string(days) + ")");
    const auto day = Date::parse(now.substr(0, 10));
    if (!day || now.size() < 19 || now[10] != 'T') throw InputError("unreadable time '" + now + "'");
    return day->plusDays(-days).iso() + now.substr(10, 9);
}

std::vector<StoredCapture> capturesDueForPurge(const std::vector<StoredCapture>& captures, const std::string& now,
                                               int days) {
    const std::string cutoff = retentionCutoff(now, days);
    std::vector<StoredCapture> due;
    // ISO instants of one fixed width compare correctly as text.
    for (const auto& c : captures)
        if (!c.linked_to_incident && c.at < cutoff) due.push_back(c);
    return due;
}

std::int64_t PurgeReport::bytes() const {
    std::int64_t n = 0;
    for (const auto& c : captures) n += c.bytes;
    return n;
}

PurgeReport Records::purgeEvidence(const User& by, int days, bool dry_run) {
    authorise(by, Operation::PurgeEvidence);
    return purgeEvidenceAs(by.username, days, dry_run);
}

PurgeReport Records::scheduledPurge(int days) { return purgeEvidenceAs("system", days, false); }

PurgeReport Records::purgeEvidenceAs(const std::string& actor, int days, bool dry_run) {
    PurgeReport r;
    r.days = days;
    r.dry_run = dry_run;
    const std::string at = now();
    r.cutoff = retentionCutoff(at, days);
    // Listed inside the write transaction, so an incident raised meanwhile keeps its crop.
    repo_.inTransaction([&] {
        r.captures = capturesDueForPurge(repo_.capturesWithEvidence(), at, days);
        if (dry_run || r.captures.empty()) return;
        std::string ids;
        for (const auto& c : r.captures) {
            repo_.dropEvidence(c.check_id);
            ids += (ids.empty() ? "" : ",") + std::to_string(c.check_id);
        }
        audit(actor, "retention.purge", "identity_checks", std::nullopt,
              std::to_string(r.captures.size()) + " evidence crops of checks before " + r.cutoff + " (" +
                  std::to_string(days) + " days, no incident) removed: checks " + ids);
    });
    return r;
}

}  // namespace core
