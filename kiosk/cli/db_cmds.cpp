// kiosk db init [--db PATH] [--json]      create or migrate a kiosk database
// kiosk db upgrade --officer ADMIN [--db PATH] [--json]
//     a database from an older kiosk: seal its images bound to their rows, rechain its audit log
//     under the key, MAC its rows and anchor it, once, audited
// kiosk audit verify [--db PATH] [--json]  the keyed audit chain against its anchor, and every row
//     MAC (exit 1 naming the failure)
// kiosk audit reanchor --reason TEXT --officer ADMIN  after an investigation: anchor the chain as
//     it is now, the reason audited
// kiosk user add USERNAME --role ROLE --name TEXT [--new-pin-env VAR] --officer ADMIN  add a staff user
//     (the first administrator without --officer); --role booking_system --token-out FILE: a service
//     user for imports, its credential a 0600 token file
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/core/permissions.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/integrity.hpp"
#include "kiosk/store/migrations.hpp"
#include "kiosk/store/pin_hash.hpp"

namespace kiosk::cli {
namespace {

int runInit(const RecordsOptions& o) {
    if (const auto parent = std::filesystem::path(o.db).parent_path(); !parent.empty())
        std::filesystem::create_directories(parent);
    int before = 0;
    if (std::filesystem::exists(o.db)) before = store::Database(o.db).userVersion();
    const auto& all = store::migrations();
    const int applied = static_cast<int>(std::count_if(all.begin(), all.end(), [&](const store::Migration& m) { return m.version > before; }));
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
    auto s = openRecords(o, store::OpenMode::Inspect);
    const auto r = store::verifyRecords(s->db);
    const auto& v = r.audit;
    if (o.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& p : r.rows) rows.push_back({{"table", p.table}, {"id", p.id}, {"problem", p.problem}});
        nlohmann::json j = {{"intact", r.intact()}, {"chain_intact", v.intact}, {"entries", v.entries},
                            {"first_broken_entry", nullptr}, {"anchor_seq", v.anchor ? nlohmann::json(v.anchor->seq) : nullptr},
                            {"rows_failing", rows}};
        if (v.first_broken_seq) j["first_broken_entry"] = *v.first_broken_seq;
        if (!v.intact) j["problem"] = v.problem;
        printJson(j);
    } else if (r.intact()) {
        std::printf("audit log intact: %lld entries, anchored at entry %lld; every record's MAC verifies\n",
                    static_cast<long long>(v.entries), static_cast<long long>(v.anchor ? v.anchor->seq : 0));
    }
    if (!v.intact)
        std::cerr << "kiosk audit verify: audit log broken: " << shown(v.problem) << " (" << v.entries
                  << " entries before it are intact)\n";
    for (const auto& p : r.rows)
        std::cerr << "kiosk audit verify: " << p.table << " row " << p.id << " " << shown(p.problem) << "\n";
    return r.intact() ? kOk : kFailure;
}

struct AdminArgs {
    RecordsOptions o;
    std::string reason;
    OfficerOptions officer;
};

// Before the upgrade the rows carry no MACs yet: the officer's role is read as stored, and the
// rule (only an admin) is core's.
// The PIN is checked against the hash as stored (made before PINs were peppered, or peppered with
// the key file's pepper when the database already has one).
void requireAdminBeforeUpgrade(store::Database& db, const OfficerOptions& who, const std::string& key_path) {
    const std::string& officer = who.officer;
    auto& st = db.prepare("SELECT role, active, pin_hash FROM users WHERE username = ?");
    st.bind(1, officer);
    if (!st.step()) throw core::PermissionError("sign-in refused for '" + officer + "': no such user");
    const auto role = core::parse<core::Role>(st.text(0));
    const bool active = st.int64(1) != 0;
    const std::string hash = st.text(2);
    st.reset();
    const auto pepper = std::filesystem::exists(key_path) ? store::readPinPepper(key_path) : std::nullopt;
    if (!store::verifyPin(hash, officerPin(who), pepper.value_or(store::PinPepper{})))
        throw core::PermissionError("sign-in refused for '" + officer + "': wrong PIN");
    if (!active || !role || !core::allowed(*role, core::Operation::RotateDataKey))
        throw core::InputError(officer + " is not an active admin: only an admin upgrades a database");
}

int runUpgrade(const AdminArgs& a) {
    if (!std::filesystem::exists(a.o.db)) throw core::InputError("no database at " + a.o.db);
    store::UpgradeResult r;
    {
        store::Database db(a.o.db);
        store::migrate(db);
        requireAdminBeforeUpgrade(db, a.officer, a.o.keyPath());
        r = store::upgradeDatabase(db, a.o.keyPath(), a.officer.officer);
    }
    auto s = openRecords(a.o);  // the ordinary open must now pass the check
    signIn(*s, a.officer);      // and the admin signs in as anywhere else (audited)
    if (a.o.json) {
        printJson({{"db", a.o.db}, {"already_current", r.already_current}, {"key_created", r.key_created},
                   {"key_id", r.key_id}, {"blobs_sealed", r.blobs}, {"rows_maced", r.rows},
                   {"audit_entries_rechained", r.audit_entries}});
    } else if (r.already_current) {
        std::printf("%s is already current (row-bound images, keyed audit chain, row MACs)\n", a.o.db.c_str());
    } else {
        std::printf("%s upgraded: %d blobs bound to their rows, %d rows MAC'd, %lld audit entries rechained under the key\n",
                    a.o.db.c_str(), r.blobs, r.rows, static_cast<long long>(r.audit_entries));
        if (r.key_created)
            std::printf("data key created in %s (mode 0600): back it up apart from the database\n", a.o.keyPath().c_str());
    }
    return kOk;
}

int runReanchor(const AdminArgs& a) {
    auto s = openRecords(a.o, store::OpenMode::Inspect);
    const auto by = signIn(*s, a.officer);
    s->records.authorise(by, core::Operation::RotateDataKey);
    const auto before = store::verifyRecords(s->db);
    const auto anchor = store::reanchor(s->db, by.username, a.reason);
    if (a.o.json)
        printJson({{"anchor_seq", anchor.seq}, {"was", before.audit.problem}, {"rows_failing", before.rows.size()}});
    else
        std::printf("audit log re-anchored at entry %lld (was: %s)\n", static_cast<long long>(anchor.seq),
                    before.audit.intact ? "intact" : shown(before.audit.problem).c_str());
    if (!before.rows.empty())
        std::cerr << "kiosk audit reanchor: " << before.rows.size()
                  << " rows still fail their MAC: re-anchoring does not vouch for them; restore them from backup\n";
    return kOk;
}

struct UserArgs {
    RecordsOptions o;
    std::string username, display_name, role, new_pin_env = "KIOSK_NEW_PIN", token_out;
    OfficerOptions officer;
};

int runUserAdd(const UserArgs& a) {
    auto s = openRecords(a.o);
    const auto role = core::parse<core::Role>(a.role);
    if (!role) throw core::InputError("role '" + a.role + "' is not one of " + core::roleNames());
    const core::User user{0, a.username, a.display_name, *role, true};
    // An admin adds users; until a database has an active admin, the first one is added as "setup".
    const auto users = s->records.activeUsers();
    const bool setup = std::none_of(users.begin(), users.end(), [](const core::User& u) { return u.role == core::Role::Admin; });
    if (setup && !a.officer.officer.empty())
        throw core::InputError("this database has no administrator yet: add the first one without --officer");
    if (*role == core::Role::BookingSystem) {
        // A service user signs in with a token file, never a PIN.
        if (setup) throw core::InputError("add an administrator first: a service user is added by an administrator");
        if (a.token_out.empty()) throw core::InputError("a booking_system user needs --token-out FILE for its credential");
        const core::User by = signIn(*s, a.officer);
        const auto id = issueServiceToken(*s, by, user, a.token_out);
        if (a.o.json) printJson({{"user_id", id}, {"username", a.username}, {"role", a.role}, {"token_file", a.token_out}});
        else std::printf("user %lld: %s (%s), token in %s (mode 0600)\n", static_cast<long long>(id), a.username.c_str(),
                         a.role.c_str(), a.token_out.c_str());
        return kOk;
    }
    const std::string pin = newPinFrom(a.new_pin_env);
    const auto id = setup ? s->records.createUserAtSetupWithPin(user, pin)
                          : s->records.createUserWithPin(signIn(*s, a.officer), user, pin);
    if (a.o.json) printJson({{"user_id", id}, {"username", a.username}, {"role", a.role}});
    else std::printf("user %lld: %s (%s)\n", static_cast<long long>(id), shown(a.username).c_str(), shown(a.role).c_str());
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

    auto up = std::make_shared<AdminArgs>();
    auto* ucmd = db->add_subcommand("upgrade", "Bring a database from an older kiosk under row binding, the keyed "
                                              "audit chain and row MACs (once, audited)");
    addRecordsOptions(ucmd, up->o);
    addOfficerOptions(ucmd, up->officer, "Admin running the upgrade");
    ucmd->callback([up, &exit_code] { exit_code = guarded("db upgrade", [&] { return runUpgrade(*up); }); });

    auto* audit = app.add_subcommand("audit", "The append-only audit log, chained under a key and anchored");
    audit->require_subcommand(1);
    auto verify = std::make_shared<RecordsOptions>();
    auto* vcmd = audit->add_subcommand("verify", "Check the keyed chain against its anchor and every row MAC: exit 0 intact, 1 naming the failure");
    addRecordsOptions(vcmd, *verify);
    vcmd->callback([verify, &exit_code] { exit_code = guarded("audit verify", [&] { return runVerify(*verify); }); });
    auto ra = std::make_shared<AdminArgs>();
    auto* rcmd = audit->add_subcommand("reanchor", "After an investigation: anchor the audit chain as it is now, "
                                                   "with the reason audited");
    addRecordsOptions(rcmd, ra->o);
    addOfficerOptions(rcmd, ra->officer, "Admin who investigated");
    rcmd->add_option("--reason", ra->reason, "What was found and decided")->required();
    rcmd->callback([ra, &exit_code] { exit_code = guarded("audit reanchor", [&] { return runReanchor(*ra); }); });

    auto* user = app.add_subcommand("user", "Staff users");
    user->require_subcommand(1);
    auto ua = std::make_shared<UserArgs>();
    auto* add = user->add_subcommand("add", "Add a user; the PIN is read from an environment variable, never argv");
    addRecordsOptions(add, ua->o);
    add->add_option("username", ua->username, "Login name")->required();
    add->add_option("--name", ua->display_name, "Full name")->required();
    add->add_option("--role", ua->role, core::roleNames(" | "))->required();
    add->add_option("--new-pin-env", ua->new_pin_env, "Environment variable holding the new user's PIN")
        ->capture_default_str();
    add->add_option("--token-out", ua->token_out, "booking_system users: where to write the token file (0600)");
    addOfficerOptions(add, ua->officer, "Admin adding the user (none for the first administrator)");
    add->callback([ua, &exit_code] { exit_code = guarded("user add", [&] { return runUserAdd(*ua); }); });
}

}  // namespace kiosk::cli
