// kiosk bookings --officer USER [--date YYYY-MM-DD] [--db PATH] [--json]
// A day's visits and video calls, with blocked_pending_review shown for prisoners under review.
#include <cstdio>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {
namespace {

struct BookingsArgs {
    RecordsOptions o;
    std::string date;
    OfficerOptions officer;
};

int run(const BookingsArgs& a) {
    auto s = openRecords(a.o);
    core::Date day = s->records.today();
    if (!a.date.empty()) {
        const auto d = core::Date::parse(a.date);
        if (!d) throw core::InputError("date '" + a.date + "' is not YYYY-MM-DD");
        day = *d;
    }
    const auto rows = s->records.bookingsOn(signIn(*s, a.officer), day);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& r : rows) j.push_back(toJson(r));
        printJson({{"date", day.iso()}, {"bookings", j}});
        return kOk;
    }
    std::printf("Bookings on %s: %zu\n", day.iso().c_str(), rows.size());
    for (const auto& r : rows) {
        std::string children;
        for (const auto c : r.booking.children) children += (children.empty() ? "" : ",") + std::to_string(c);
        std::printf("%5lld  %s  %-10s  %s %-22s children %-10s %s\n", static_cast<long long>(r.booking.id),
                    shown(r.booking.time).c_str(), std::string(core::name(r.booking.kind)).c_str(),
                    shown(r.prison_number).c_str(), shown(r.prisoner_name).c_str(), children.c_str(), std::string(core::name(r.shown_status)).c_str());
    }
    return kOk;
}

}  // namespace

void registerBookings(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto a = std::make_shared<BookingsArgs>();
    auto* cmd = app.add_subcommand("bookings", "A day's visits and video calls (default today)");
    addRecordsOptions(cmd, a->o);
    cmd->add_option("--date", a->date, "Day, YYYY-MM-DD");
    addOfficerOptions(cmd, a->officer, "Who is looking (username or id)");
    cmd->callback([a, &exit_code] { exit_code = guarded("bookings", [&] { return run(*a); }); });
}

}  // namespace kiosk::cli
