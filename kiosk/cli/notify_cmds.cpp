// Notifications that reach people (issue 13):
//   kiosk recipient add --role R --name TEXT --email ADDR --officer U | recipient list [--all] | recipient remove --id N
//   kiosk notifications [--unacknowledged] --officer U     (with each e-mail's delivery state)
//   kiosk notification ack --id N --officer U              (the officer's own role's notification)
//   kiosk outbox flush --officer U                          (deliver what is due now; exit 1 if any failed)
//   kiosk outbox retry --id N --officer U                   (send a failed message again, same Message-ID)
//   kiosk settings list | settings get NAME | settings set NAME VALUE   (--officer an admin)
// Rules live in kiosk/core (notify.hpp, records_notify.cpp); delivery in kiosk/app/delivery.hpp.
#include <cstdio>

#include "kiosk/app/delivery.hpp"
#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"

namespace kiosk::cli {
namespace {

struct Args {
    RecordsOptions o;
    std::string role, person, email, setting, value;
    OfficerOptions officer;
    core::Id id = 0;
    bool flag = false;
};

nlohmann::json toJson(const core::Recipient& r) {
    return {{"id", r.id},
            {"role", std::string(core::name(r.role))},
            {"name", r.name},
            {"email", r.email},
            {"added_at", r.added_at},
            {"removed_at", r.removed_at ? nlohmann::json(*r.removed_at) : nlohmann::json(nullptr)}};
}

nlohmann::json toJson(const core::DeliveryView& d) {
    const auto& m = d.message;
    auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    return {{"outbox_id", m.id},
            {"recipient_id", m.recipient_id},
            {"recipient", d.recipient_name},
            {"address", m.address},
            {"state", std::string(core::name(m.state))},
            {"attempts", m.attempts},
            {"last_reply", m.last_reply},
            {"queued_at", m.queued_at},
            {"next_attempt_at", m.state == core::DeliveryState::Retrying || m.state == core::DeliveryState::Queued
                                    ? nlohmann::json(m.next_attempt_at)
                                    : nlohmann::json(nullptr)},
            {"sent_at", opt(m.sent_at)},
            {"message_id", m.message_key}};
}

// "sent Tue 1 Dec 2026, 10:32", "retrying at 10:40 (attempt 2): couldn't connect to server"
std::string deliveryWords(const core::DeliveryView& d) {
    const auto& m = d.message;
    std::string s = d.recipient_name + " <" + m.address + ">: ";
    switch (m.state) {
    case core::DeliveryState::Queued: return s + "queued";
    case core::DeliveryState::Sending: return s + "being sent";
    case core::DeliveryState::Sent: return s + "sent " + core::whenWords(m.sent_at.value_or(""));
    case core::DeliveryState::Retrying:
        return s + "not delivered yet, tried " + std::to_string(m.attempts) + "x, next try " +
               core::whenWords(m.next_attempt_at) + ": " + m.last_reply;
    case core::DeliveryState::Failed: return s + "FAILED after " + std::to_string(m.attempts) + " tries: " + m.last_reply;
    }
    return s;
}

int listNotifications(const Args& a) {
    auto s = openRecords(a.o);
    const auto list = s->records.notificationViews(signIn(*s, a.officer), a.flag);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& v : list) {
            auto n = cli::toJson(v.notification);
            n["acknowledged_by_name"] = v.acknowledged_by;
            n["deliveries"] = nlohmann::json::array();
            for (const auto& d : v.deliveries) n["deliveries"].push_back(toJson(d));
            j.push_back(n);
        }
        printJson({{"notifications", j}});
        return kOk;
    }
    for (const auto& v : list) {
        const auto& n = v.notification;
        std::printf("%5lld  incident %lld, to %s, %s\n", static_cast<long long>(n.id), static_cast<long long>(n.incident_id),
                    core::recipientWords(n.recipient).c_str(),
                    n.acknowledged_at ? ("acknowledged by " + shown(v.acknowledged_by) + " " + core::whenWords(*n.acknowledged_at)).c_str()
                                      : "NOT ACKNOWLEDGED");
        if (v.deliveries.empty()) std::printf("       no e-mail: nobody of that role is on file (kiosk recipient add)\n");
        for (const auto& d : v.deliveries) std::printf("       e-mail to %s\n", shown(deliveryWords(d)).c_str());
    }
    return kOk;
}

int ackNotification(const Args& a) {
    auto s = openRecords(a.o);
    s->records.acknowledge(signIn(*s, a.officer), a.id);
    if (a.o.json) printJson({{"notification_id", a.id}, {"acknowledged", true}});
    else std::printf("notification %lld acknowledged\n", static_cast<long long>(a.id));
    return kOk;
}

int addRecipient(const Args& a) {
    const auto role = core::parse<core::RecipientRole>(a.role);
    if (!role) throw core::InputError("role '" + a.role + "' is not safeguarding_lead, duty_governor or probation_omu_manager");
    auto s = openRecords(a.o);
    const core::Id id = s->records.addRecipient(signIn(*s, a.officer), *role, a.person, a.email);
    if (a.o.json) printJson({{"recipient_id", id}});
    else std::printf("recipient %lld added: %s <%s>, told of incidents as %s\n", static_cast<long long>(id),
                     shown(a.person).c_str(), shown(a.email).c_str(), core::recipientWords(*role).c_str());
    return kOk;
}

int listRecipients(const Args& a) {
    auto s = openRecords(a.o);
    const auto list = s->records.recipients(signIn(*s, a.officer), a.flag);
    if (a.o.json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& r : list) j.push_back(toJson(r));
        printJson({{"recipients", j}});
        return kOk;
    }
    for (const auto role : {core::RecipientRole::SafeguardingLead, core::RecipientRole::DutyGovernor,
                            core::RecipientRole::ProbationOmuManager}) {
        std::printf("%s:\n", core::recipientWords(role).c_str());
        bool any = false;
        for (const auto& r : list) {
            if (r.role != role) continue;
            if (r.active()) any = true;
            std::printf("  %4lld  %s <%s>%s\n", static_cast<long long>(r.id), shown(r.name).c_str(), shown(r.email).c_str(),
                        r.removed_at ? (", removed " + core::whenWords(*r.removed_at)).c_str() : "");
        }
        if (!any) std::printf("  nobody: incidents are not e-mailed to %s\n", core::recipientWords(role).c_str());
    }
    return kOk;
}

int removeRecipient(const Args& a) {
    auto s = openRecords(a.o);
    s->records.removeRecipient(signIn(*s, a.officer), a.id);
    if (a.o.json) printJson({{"recipient_id", a.id}, {"removed", true}});
    else std::printf("recipient %lld removed: no further e-mails go to them\n", static_cast<long long>(a.id));
    return kOk;
}

int flushOutbox(const Args& a) {
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    s->records.authorise(by, core::Operation::DeliverNotifications);
    const app::DeliveryCounts c = app::deliverDue(s->records, by);
    const std::string problem = !c.configured ? "no mail server configured: kiosk settings set smtp.url smtp://HOST:PORT "
                                                "and smtp.from ADDRESS"
                                              : c.problem;
    if (a.o.json) {
        printJson({{"sent", c.sent}, {"retrying", c.retrying}, {"failed", c.failed}, {"interrupted", c.interrupted},
                   {"configured", c.configured}, {"problem", problem}});
    } else {
        if (!problem.empty()) std::printf("nothing sent: %s\n", problem.c_str());
        else
            std::printf("sent %d, to be tried again %d, failed %d, interrupted earlier (not resent) %d\n", c.sent,
                        c.retrying, c.failed, c.interrupted);
    }
    if (!problem.empty()) return kFailure;
    return c.anyFailed() ? kFailure : kOk;
}

int retryOutbox(const Args& a) {
    auto s = openRecords(a.o);
    const auto m = s->records.resend(signIn(*s, a.officer), a.id);
    if (a.o.json) printJson({{"outbox_id", m.id}, {"state", std::string(core::name(m.state))}, {"message_id", m.message_key}});
    else std::printf("outbox message %lld queued again (same Message-ID): kiosk outbox flush sends it now\n",
                     static_cast<long long>(m.id));
    return kOk;
}

int settings(const Args& a, int mode) {  // 0 list, 1 get, 2 set
    auto s = openRecords(a.o);
    const auto by = signIn(*s, a.officer);
    if (mode == 2) {
        s->records.setSetting(by, a.setting, a.value);
        if (a.o.json) printJson({{"name", a.setting}, {"value", a.value}});
        else std::printf("%s = %s\n", shown(a.setting).c_str(), shown(a.value).c_str());
        return kOk;
    }
    const auto all = s->records.settings(by);
    nlohmann::json j = nlohmann::json::array();
    bool found = false;
    for (const auto& v : all) {
        if (mode == 1 && v.name != a.setting) continue;
        found = true;
        if (a.o.json) j.push_back({{"name", v.name}, {"value", v.value}, {"default", v.is_default}, {"what", v.what}});
        else if (mode == 1) std::printf("%s\n", shown(v.value).c_str());
        else std::printf("%-26s %-30s %s%s\n", v.name.c_str(), v.value.empty() ? "(unset)" : shown(v.value).c_str(),
                         v.what.c_str(), v.is_default ? "" : " [set]");
    }
    if (mode == 1 && !found) core::checkSetting(a.setting, "");  // throws: no such setting
    if (a.o.json) printJson(mode == 1 ? j.at(0) : nlohmann::json{{"settings", j}});
    return kOk;
}

CLI::App* command(CLI::App* parent, const char* name, const char* what, std::shared_ptr<Args> a, const char* who) {
    auto* c = parent->add_subcommand(name, what);
    addRecordsOptions(c, a->o);
    addOfficerOptions(c, a->officer, who);
    return c;
}

template <typename Fn>
void wire(CLI::App* cmd, const char* label, std::shared_ptr<Args> a, Fn fn, int& exit_code) {
    cmd->callback([a, fn, label, &exit_code] { exit_code = guarded(label, [&] { return fn(*a); }); });
}

}  // namespace

void registerNotify(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto notes = std::make_shared<Args>();
    auto* c = command(&app, "notifications", "Notifications of incidents, with each e-mail's delivery state", notes,
                      "Who is looking (the lead sees all; the duty governor and OMU managers their own)");
    c->add_flag("--unacknowledged", notes->flag, "Only those not yet acknowledged");
    wire(c, "notifications", notes, listNotifications, exit_code);
    auto* notification = app.add_subcommand("notification", "Act on a notification");
    notification->require_subcommand(1);
    auto ack = std::make_shared<Args>();
    c = command(notification, "ack", "Acknowledge a notification sent to your own role", ack, "Who acknowledges");
    c->add_option("--id", ack->id, "Notification id")->required()->check(idRange());
    wire(c, "notification ack", ack, ackNotification, exit_code);

    auto* recipient = app.add_subcommand("recipient", "Who is e-mailed when an incident notifies their role");
    recipient->require_subcommand(1);
    auto add = std::make_shared<Args>();
    c = command(recipient, "add", "Add a recipient", add, "Administrator adding them");
    c->add_option("--role", add->role, "safeguarding_lead | duty_governor | probation_omu_manager")->required();
    c->add_option("--name", add->person, "Their name")->required();
    c->add_option("--email", add->email, "Their work e-mail address")->required();
    wire(c, "recipient add", add, addRecipient, exit_code);
    auto list = std::make_shared<Args>();
    c = command(recipient, "list", "List recipients by role", list, "Administrator or safeguarding lead");
    c->add_flag("--all", list->flag, "Include removed recipients");
    wire(c, "recipient list", list, listRecipients, exit_code);
    auto remove = std::make_shared<Args>();
    c = command(recipient, "remove", "Stop e-mailing a recipient (the record stays)", remove, "Administrator");
    c->add_option("--id", remove->id, "Recipient id")->required()->check(idRange());
    wire(c, "recipient remove", remove, removeRecipient, exit_code);

    auto* outbox = app.add_subcommand("outbox", "The e-mails of notifications");
    outbox->require_subcommand(1);
    auto flush = std::make_shared<Args>();
    c = command(outbox, "flush", "Deliver the e-mails due now; exit 1 if any failed", flush, "Administrator or safeguarding lead");
    wire(c, "outbox flush", flush, flushOutbox, exit_code);
    auto retry = std::make_shared<Args>();
    c = command(outbox, "retry", "Send a failed e-mail again (same Message-ID)", retry, "Administrator or safeguarding lead");
    c->add_option("--id", retry->id, "Outbox id (kiosk notifications --json lists them)")->required()->check(idRange());
    wire(c, "outbox retry", retry, retryOutbox, exit_code);

    auto* settings_cmd = app.add_subcommand("settings", "The establishment's settings (mail server, what e-mails include)");
    settings_cmd->require_subcommand(1);
    auto sl = std::make_shared<Args>();
    c = command(settings_cmd, "list", "Every setting and its value", sl, "Administrator");
    wire(c, "settings list", sl, [](const Args& x) { return settings(x, 0); }, exit_code);
    auto sg = std::make_shared<Args>();
    c = command(settings_cmd, "get", "One setting's value", sg, "Administrator");
    c->add_option("name", sg->setting, "Setting name")->required();
    wire(c, "settings get", sg, [](const Args& x) { return settings(x, 1); }, exit_code);
    auto ss = std::make_shared<Args>();
    c = command(settings_cmd, "set", "Change a setting", ss, "Administrator");
    c->add_option("name", ss->setting, "Setting name (kiosk settings list)")->required();
    c->add_option("value", ss->value, "New value (\"\" to unset)")->required();
    wire(c, "settings set", ss, [](const Args& x) { return settings(x, 2); }, exit_code);
}

}  // namespace kiosk::cli
