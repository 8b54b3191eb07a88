// kiosk bench-records [--json] [--runs N]
// The record-keeping figures of docs/PERFORMANCE.md, measured on a temporary database file (WAL,
// synchronous=FULL, as the kiosk runs): recording a check (face pipeline excluded), importing
// 10,000 bookings, listing a day of 2,000 bookings, verifying 100,000 audit entries, and opening
// that database as every command does (chain, anchor and row MACs verified). --keep-audit-db keeps
// it, to time the real binary starting on it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <unistd.h>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/importer.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/migrations.hpp"

namespace kiosk::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

struct BenchDb {
    fs::path dir;
    std::unique_ptr<RecordsSession> session;
    explicit BenchDb(const std::string& tag) {
        dir = fs::temp_directory_path() / ("kiosk-bench-" + tag + "-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        const std::string db = (dir / "bench.db").string();
        session = std::make_unique<RecordsSession>(db, store::keyPathFor(db), store::OpenMode::Create);
    }
    ~BenchDb() {
        session.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

// Staff, 50 prisoners and 100 children with arrangements allowing visits and video calls.
core::User populate(core::Records& rec) {
    rec.createUserAtSetup({0, "admin", "Bench Admin", core::Role::Admin, true}, "bench-no-login");
    const core::User admin = rec.requireUser("admin");
    rec.inTransaction([&] {
        for (int p = 0; p < 50; ++p) {
            char num[8];
            std::snprintf(num, sizeof num, "A%04dBC", p);
            const auto pid = rec.addPrisoner(admin, {0, num, "Bench", "Prisoner" + std::to_string(p), "pprc", "HMP Bench"});
            for (int c = 0; c < 2; ++c) {
                const auto cid = rec.addChild(admin, {0, "C-" + std::to_string(p * 2 + c), "Bench", "Child",
                                                      rec.today().plusYears(-8), "Carer"});
                core::Arrangement a;
                a.prisoner_id = pid;
                a.child_id = cid;
                a.allowed = {core::ContactType::Visit, core::ContactType::VideoCall};
                a.decision_date = rec.today();
                a.next_review_due = rec.today().plusYears(3);
                rec.addArrangement(admin, a);
            }
        }
    });
    return admin;
}

std::string bookingsCsv(const core::Date& first_day, int n, int per_day) {
    std::string csv = "ref,kind,prison_number,date,time,children\n";
    for (int i = 0; i < n; ++i) {
        const int p = i % 50;
        char line[128];
        std::snprintf(line, sizeof line, "BK%06d,%s,A%04dBC,%s,%02d:%02d,C-%d;C-%d\n", i, i % 3 ? "visit" : "video_call", p,
                      first_day.plusDays(i / per_day).iso().c_str(), 8 + (i % 10), (i * 7) % 60, p * 2, p * 2 + 1);
        csv += line;
    }
    return csv;
}

struct Figures {
    double check_ms = 0, import_ms = 0, day_ms = 0, verify_ms = 0, open_ms = 0;
    double large_import_ms = 0, large_write_lock_ms = 0;  // one import of --import-rows bookings
    int large_rows = 0;
    std::size_t day_rows = 0;
    std::int64_t audit_entries = 0;
};

Figures measure(int runs, const std::string& keep_dir, int large_rows) {
    Figures f;
    const core::Date day{2027, 3, 1};
    {  // one large import: how long it takes, and how long of it the write lock is held (the time
       // another station's write may have to wait; the busy timeout must cover it)
        BenchDb b("large");
        auto& rec = b.session->records;
        const auto admin = populate(rec);
        const std::string csv = bookingsCsv(day, large_rows, 2000);
        const auto t0 = Clock::now();
        const auto res = core::importCsv(rec, admin, core::ImportKind::Bookings, csv);
        f.large_import_ms = msSince(t0);
        if (res.error_count > 0) throw std::runtime_error("bench import failed: " + res.errors[0].message);
        f.large_write_lock_ms = res.write_ms;
        f.large_rows = large_rows;
    }
    {  // import 10,000 bookings (fresh database each run) and list a day of 2,000
        std::vector<double> imports, lists;
        for (int r = 0; r < runs; ++r) {
            BenchDb b("import");
            auto& rec = b.session->records;
            const auto admin = populate(rec);
            const std::string csv = bookingsCsv(day, 10000, 2000);
            const auto t0 = Clock::now();
            const auto res = core::importCsv(rec, admin, core::ImportKind::Bookings, csv);
            imports.push_back(msSince(t0));
            if (!res.errors.empty()) throw std::runtime_error("bench import failed: " + res.errors[0].message);
            for (int i = 0; i < 20; ++i) {
                const auto t1 = Clock::now();
                f.day_rows = rec.bookingsOn(admin, day).size();
                lists.push_back(msSince(t1));
            }
        }
        f.import_ms = median(imports);
        f.day_ms = median(lists);
    }
    {  // record a check, face pipeline excluded: the evidence is what the pipeline would hand over
        BenchDb b("check");
        auto& rec = b.session->records;
        const auto admin = populate(rec);
        rec.createUser(admin, {0, "officer", "Bench Officer", core::Role::VisitsOfficer, true}, "bench-no-login");
        const core::User officer = rec.requireUser("officer");  // only a visits officer records a visit check
        const auto booking = rec.addBooking(admin, {0, "", core::BookingKind::Visit, 1, rec.today(), "10:00",
                                                    core::BookingStatus::Scheduled, {1, 2}});
        core::FaceEvidence ev;
        ev.band = core::Band::StrongMatch;
        ev.best_distance = 0.38;
        ev.distances = {{1, 0.38}, {2, 0.41}};
        ev.faces = 1;
        ev.quality_ok = true;
        ev.evidence_jpeg.assign(9000, 0x5a);  // a 150x150 JPEG crop is ~9 KB
        core::CheckRequest req;
        req.booking_id = booking;
        req.child_id = 1;
        req.decision = core::Decision::Confirmed;
        std::vector<double> times;
        for (int i = 0; i < 200; ++i) {
            const auto t0 = Clock::now();
            rec.recordCheck(officer, req, ev);
            times.push_back(msSince(t0));
        }
        f.check_ms = median(times);
    }
    {  // verify 100,000 audit entries
        BenchDb b("audit");
        auto& db = b.session->db;
        populate(b.session->records);
        store::Transaction tx(db);
        for (int i = 0; i < 100000; ++i)
            store::appendAudit(db, {"2027-03-01T10:00:00", "bench", "check.record", "identity_checks", std::nullopt,
                                    "booking 1 child 1 band strong_match decision confirmed"});
        tx.commit();
        std::vector<double> times;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            const auto v = store::verifyAuditChain(db);
            times.push_back(msSince(t0));
            f.audit_entries = v.entries;
            if (!v.intact) throw std::runtime_error("bench audit chain broken");
        }
        f.verify_ms = median(times);
        // Start-up: opening the database as every command and the kiosk do, which verifies the
        // keyed chain against its anchor and every row MAC before anything is shown.
        const std::string path = db.path();
        std::vector<double> opens;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            RecordsSession again(path, store::keyPathFor(path), store::OpenMode::Existing);
            opens.push_back(msSince(t0));
        }
        f.open_ms = median(opens);
        if (!keep_dir.empty()) {
            fs::create_directories(keep_dir);
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            for (const char* suffix : {"", ".key", ".anchor"})
                fs::copy_file(path + suffix, fs::path(keep_dir) / (std::string("audit100k.db") + suffix),
                              fs::copy_options::overwrite_existing);
        }
    }
    return f;
}

struct BenchArgs {
    bool json = false;
    int runs = 3;
    int import_rows = 100'000;
    std::string keep;
};

int run(const BenchArgs& a) {
    const Figures f = measure(a.runs, a.keep, a.import_rows);
    if (a.json) {
        printJson({{"record_check_median_ms", f.check_ms},
                   {"import_10000_bookings_ms", f.import_ms},
                   {"bookings_day_2000_median_ms", f.day_ms},
                   {"bookings_day_rows", f.day_rows},
                   {"audit_verify_100000_ms", f.verify_ms},
                   {"audit_entries", f.audit_entries},
                   {"open_and_verify_100000_ms", f.open_ms},
                   {"large_import_rows", f.large_rows},
                   {"large_import_ms", f.large_import_ms},
                   {"large_import_write_lock_ms", f.large_write_lock_ms},
                   {"targets_ms", {{"record_check", 5}, {"import_10000", 2000}, {"bookings_day", 50}, {"audit_verify", 1000}}}});
        return kOk;
    }
    std::printf("%-46s %10s %8s\n", "figure", "median ms", "target");
    std::printf("%-46s %10.2f %8s\n", "record a check (face pipeline excluded)", f.check_ms, "<= 5");
    std::printf("%-46s %10.1f %8s\n", "import 10,000 bookings", f.import_ms, "<= 2000");
    std::printf("%-46s %10.2f %8s\n", ("bookings for a day (" + std::to_string(f.day_rows) + " rows)").c_str(), f.day_ms, "<= 50");
    std::printf("%-46s %10.1f %8s\n", ("audit verify (" + std::to_string(f.audit_entries) + " entries)").c_str(), f.verify_ms, "<= 1000");
    std::printf("%-46s %10.1f %8s\n", "open + verify at start (100,000 entries)", f.open_ms, "<= 1500");
    std::printf("%-46s %10.1f %8s\n", ("import " + std::to_string(f.large_rows) + " bookings (once)").c_str(),
                f.large_import_ms, "");
    std::printf("%-46s %10.1f %8s\n", "  of which the write lock is held", f.large_write_lock_ms, "< 30000");
    return kOk;
}

}  // namespace

void registerBenchRecords(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto a = std::make_shared<BenchArgs>();
    auto* cmd = app.add_subcommand("bench-records", "Record-keeping speed on a temporary database (docs/PERFORMANCE.md)");
    cmd->add_flag("--json", a->json, "Print one JSON document instead of text");
    cmd->add_option("--runs", a->runs, "Repetitions of the import and audit-verify figures")
        ->capture_default_str()->check(CLI::Range(1, 100));
    cmd->add_option("--import-rows", a->import_rows, "Bookings in the one large import (its time and write-lock hold)")
        ->capture_default_str()->check(CLI::Range(1, 200'000));
    cmd->add_option("--keep-audit-db", a->keep, "Folder to keep the 100,000-entry database in (audit100k.db, its key "
                                                "and anchor), to time the real binary's start-up on it");
    cmd->callback([a, &exit_code] { exit_code = guarded("bench-records", [&] { return run(*a); }); });
}

}  // namespace kiosk::cli
