// kiosk db init [--db PATH] [--json]      create or migrate a kiosk database
// kiosk audit verify [--db PATH] [--json]  recompute the audit hash chain (exit 1 when broken)
// kiosk user add USERNAME --role ROLE --name TEXT [--pin-env VAR]  add a staff user
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/migrations.hpp"
#include "kiosk/store/pin_hash.hpp"

namespace kiosk::cli {
namespace {

int runInit(const RecordsOptions& o) {
    if (const auto parent = std::filesystem::path(o.db).parent_path(); !parent.empty())
        std::filesystem::create_directories(parent);
    int before = 0;
    if (std::filesystem::exists(o.db)) before = store::Database(o.db).userVersion();
    const int applied = store::latestSchemaVersion() - std::min(before, store::latestSchemaVersion());
    const std::string key = o.keyPath();
    RecordsSession s(o.db, key, store::OpenMode::Create);
    if (o.json) {
        printJson({{"db", o.db}, {"schema_version", s.db.userVersion()}, {"from_version", before}, {"applied", applied},
                   {"key_file", key}, {"key_created", s.store.key_created}, {"key_id", s.store.codec.sealingKey().id}});
    } else {
        std::printf("%s: schema version %d (was %d, %d migration%s applied)\n", o.db.c_str(), s.db.userVersion(),
                    before, applied, applied == 1 ? "" : "s");
        if (s.store.key_created)
            std::printf("data key created in %s (mode 0600): back it up apart from the database; without it the "
                        "images cannot be read\n", key.c_str());
        else
            std::printf("data key: %s\n", key.c_str());
    }
    return kOk;
}

int runVerify(const RecordsOptions& o) {
    auto s = openRecords(o);
    const auto v = store::verifyAuditChain(s->db);
    if (o.json) {
        nlohmann::json j = {{"intact", v.intact}, {"entries", v.entries}, {"first_broken_entry", nullptr}};
        if (v.first_broken_seq) {
            j["first_broken_entry"] = *v.first_broken_seq;
            j["problem"] = v.problem;
        }
        printJson(j);
    } else if (v.intact) {
        std::printf("audit log intact: %lld entries\n", static_cast<long long>(v.entries));
    }
    if (!v.intact) {
        std::cerr << "kiosk audit verify: audit log broken at entry " << *v.first_broken_seq << ": " << v.problem
                  << " (" << v.entries << " entries before it are intact)\n";
        return kFailure;
    }
    return kOk;
}

struct UserArgs {
    RecordsOptions o;
    std::string username, display_name, role, pin_env = "KIOSK_NEW_PIN", actor = "admin";
};

int runUserAdd(const UserArgs& a) {
    auto s = openRecords(a.o);
    const auto role = core::parse<core::Role>(a.role);
    if (!role) throw core::InputError("role '" + a.role + "' is not visits_officer, video_call_officer, safeguarding_lead or admin");
    const char* pin = std::getenv(a.pin_env.c_str());
    if (!pin || std::string(pin).size() < 4)
        throw core::InputError("set the new user's PIN (4 or more digits) in $" + a.pin_env);
    // An admin adds users; until a database has an active admin, users are added as "setup".
    const auto users = s->records.activeUsers();
    const bool setup = std::none_of(users.begin(), users.end(), [](const core::User& u) { return u.role == core::Role::Admin; });
    const core::User user{0, a.username, a.display_name, *role, true};
    const auto id = setup ? s->records.createUserAtSetup(user, store::hashPin(pin))
                          : s->records.createUser(s->records.requireUser(a.actor), user, store::hashPin(pin));
    if (a.o.json) printJson({{"user_id", id}, {"username", a.username}, {"role", a.role}});
    else std::printf("user %lld: %s (%s)\n", static_cast<long long>(id), a.username.c_str(), a.role.c_str());
    return kOk;
}

}  // namespace

void registerDb(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto* db = app.add_subcommand("db", "Kiosk database administration");
    db->require_subcommand(1);
    auto init = std::make_shared<RecordsOptions>();
    auto* cmd = db->add_subcommand("init", "Create the database or migrate it to this kiosk's schema");
    addRecordsOptions(cmd, *init);
    cmd->callback([init, &exit_code] { exit_code = guarded("db init", [&] { return runInit(*init); }); });

    auto* audit = app.add_subcommand("audit", "The append-only, hash-chained audit log");
    audit->require_subcommand(1);
    auto verify = std::make_shared<RecordsOptions>();
    auto* vcmd = audit->add_subcommand("verify", "Recompute the hash chain: exit 0 intact, 1 naming the first broken entry");
    addRecordsOptions(vcmd, *verify);
    vcmd->callback([verify, &exit_code] { exit_code = guarded("audit verify", [&] { return runVerify(*verify); }); });

    auto* user = app.add_subcommand("user", "Staff users");
    user->require_subcommand(1);
    auto ua = std::make_shared<UserArgs>();
    auto* add = user->add_subcommand("add", "Add a user; the PIN is read from an environment variable, never argv");
    addRecordsOptions(add, ua->o);
    add->add_option("username", ua->username, "Login name")->required();
    add->add_option("--name", ua->display_name, "Full name")->required();
    add->add_option("--role", ua->role, "visits_officer | video_call_officer | safeguarding_lead | admin")->required();
    add->add_option("--pin-env", ua->pin_env, "Environment variable holding the PIN")->capture_default_str();
    add->add_option("--officer", ua->actor, "Admin adding the user")->capture_default_str();
    add->callback([ua, &exit_code] { exit_code = guarded("user add", [&] { return runUserAdd(*ua); }); });
}

}  // namespace kiosk::cli
