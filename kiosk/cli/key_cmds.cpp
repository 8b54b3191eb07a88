// kiosk key rotate [--db PATH] [--key PATH] [--officer USER] [--json]
//     new data key; every encrypted blob re-encrypted in one transaction; audited
// kiosk purge [--days N] [--dry-run] [--db PATH] [--key PATH] [--officer USER] [--json]
//     remove the evidence crops of checks no incident names, older than N days (default 30)
#include <cstdio>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/core/permissions.hpp"

namespace kiosk::cli {
namespace {

struct KeyArgs {
    RecordsOptions o;
    OfficerOptions officer;
};

int runRotate(const KeyArgs& a) {
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    s->records.authorise(by, core::Operation::RotateDataKey);
    const std::string key = a.o.keyPath();
    const auto r = store::rotateDataKey(s->db, key, by.username, s->records.now());
    if (a.o.json) {
        printJson({{"db", a.o.db}, {"key_file", key}, {"old_key_id", r.old_key_id}, {"new_key_id", r.new_key_id},
                   {"blobs_reencrypted", r.blobs}});
    } else {
        std::printf("data key %s replaced by %s in %s: %d blobs re-encrypted\n", r.old_key_id.c_str(),
                    r.new_key_id.c_str(), key.c_str(), r.blobs);
        std::printf("back up the new key file now: backups made before this rotation need the old key\n");
    }
    return kOk;
}

struct PurgeArgs {
    RecordsOptions o;
    OfficerOptions officer;
    int days = core::kDefaultRetentionDays;
    bool dry_run = false;
};

int runPurge(const PurgeArgs& a) {
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    const auto r = s->records.purgeEvidence(by, a.days, a.dry_run);
    if (a.o.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& c : r.captures)
            list.push_back({{"check_id", c.check_id}, {"booking_id", c.booking_id}, {"child_id", c.child_id},
                            {"at", c.at}, {"bytes", c.bytes}});
        printJson({{"dry_run", r.dry_run}, {"days", r.days}, {"cutoff", r.cutoff}, {"count", r.captures.size()},
                   {"bytes", r.bytes()}, {"captures", list}});
    } else {
        std::printf("%s %zu evidence crop%s of checks before %s (%d days, no incident), %lld bytes\n",
                    r.dry_run ? "would remove" : "removed", r.captures.size(), r.captures.size() == 1 ? "" : "s",
                    r.cutoff.c_str(), r.days, static_cast<long long>(r.bytes()));
        for (const auto& c : r.captures)
            std::printf("  check %lld at %s (booking %lld, child %lld)\n", static_cast<long long>(c.check_id),
                        c.at.c_str(), static_cast<long long>(c.booking_id), static_cast<long long>(c.child_id));
    }
    return kOk;
}

}  // namespace

void registerKey(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto* key = app.add_subcommand("key", "The data key that encrypts images, descriptors and evidence crops");
    key->require_subcommand(1);
    auto ka = std::make_shared<KeyArgs>();
    auto* rotate = key->add_subcommand("rotate", "Make a new data key and re-encrypt every blob with it (audited)");
    addRecordsOptions(rotate, ka->o);
    addOfficerOptions(rotate, ka->officer, "Admin rotating the key");
    rotate->callback([ka, &exit_code] { exit_code = guarded("key rotate", [&] { return runRotate(*ka); }); });

    auto pa = std::make_shared<PurgeArgs>();
    auto* purge = app.add_subcommand("purge", "Remove evidence crops of checks no incident names, older than --days");
    addRecordsOptions(purge, pa->o);
    purge->add_option("--days", pa->days, "Retention period in days")->capture_default_str()->check(CLI::Range(1, 36'500));
    purge->add_flag("--dry-run", pa->dry_run, "List what would be removed; change nothing");
    addOfficerOptions(purge, pa->officer, "User running the purge (audited)");
    purge->callback([pa, &exit_code] { exit_code = guarded("purge", [&] { return runPurge(*pa); }); });
}

}  // namespace kiosk::cli
