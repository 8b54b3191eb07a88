#include "kiosk/store/data_key.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/store/audit_chain.hpp"
#include "kiosk/store/integrity.hpp"
#include "kiosk/store/sqlite_integrity.hpp"
#include "kiosk/store/errors.hpp"
#include "kiosk/store/migrations.hpp"

namespace store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCheckText = "kiosk data key check v1";

std::string modeText(mode_t m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
    return buf;
}

std::string restoreHint(const std::string& path) {
    return "restore it from the key backup to " + path + " (mode 0600), or name it with --key / $KIOSK_KEY";
}

void ensureKeyTable(Database& db) {
    // Not a numbered migration: the key check belongs to the key, and this statement is idempotent.
    db.exec("CREATE TABLE IF NOT EXISTS data_key ("
            " id INTEGER PRIMARY KEY CHECK (id = 1),"
            " key_id TEXT NOT NULL,"
            " check_value BLOB NOT NULL)");
}

constexpr BlobBinding kKeyCheckAt{BlobKind::KeyCheck, 1, 0};

void fsyncDir(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

std::string keyPathFor(const std::string& db_path) { return db_path + ".key"; }

void installKeyCheck(Database& db, const BlobCodec& codec) {
    ensureKeyTable(db);
    const std::string text = kCheckText;
    auto& st = db.prepare("INSERT OR REPLACE INTO data_key (id, key_id, check_value) VALUES (1, ?, ?)");
    st.bind(1, codec.sealingKey().id).bindBlob(2, codec.encode(kKeyCheckAt, {text.begin(), text.end()}));
    st.run();
}

namespace {
struct KeyFileContents {
    std::vector<DataKey> keys;
    std::optional<PinPepper> pepper;
};
constexpr char kPepperTag[] = "pin-pepper ";

KeyFileContents readKeyFileContents(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            throw KeyFileError("no data key file at " + path +
                               ": the database's images, descriptors and evidence crops cannot be read without it; " +
                               restoreHint(path));
        throw KeyFileError("cannot read the data key file " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) throw KeyFileError("the data key path " + path + " is not a file");
    if (st.st_uid != ::geteuid())
        throw KeyFileError("the data key file " + path + " belongs to user id " + std::to_string(st.st_uid) +
                           ", not to this account (" + std::to_string(::geteuid()) +
                           "): someone else could have replaced it. Refusing to use it");
    // Whoever may write the folder may swap the key file for their own (the sticky /tmp is safe).
    const fs::path real = fs::canonical(path);
    struct stat dir{};
    const fs::path folder = real.parent_path().empty() ? fs::path(".") : real.parent_path();
    if (::stat(folder.c_str(), &dir) == 0 && (dir.st_mode & 022) && !(dir.st_mode & S_ISVTX))
        throw KeyFileError("the folder " + folder.string() + " of the data key file has mode " + modeText(dir.st_mode) +
                           ": other users could replace the key. Refusing to use it: run `chmod go-w " +
                           folder.string() + "`");
    if (st.st_mode & 077)
        throw KeyFileError("the data key file " + path + " has mode " + modeText(st.st_mode) +
                           ": other users could read the key. Refusing to use it: run `chmod 600 " + path +
                           "` and, if anyone else could have copied it, `kiosk key rotate`");
    std::ifstream in(path);
    if (!in) throw KeyFileError("cannot read the data key file " + path + ": " + std::strerror(errno));
    KeyFileContents out;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        const auto last = line.find_last_not_of(" \t\r");
        std::string hex = line.substr(first, last - first + 1);
        const bool pepper = hex.rfind(kPepperTag, 0) == 0;
        if (pepper) hex.erase(0, sizeof kPepperTag - 1);
        std::array<std::uint8_t, 32> bytes{};
        std::size_t len = 0;
        if (hex.size() != 64 ||
            sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != 32)
            throw KeyFileError("the data key file " + path + " is damaged (line " + std::to_string(n) +
                               " is not a 64-hex-digit key); " + restoreHint(path));
        if (pepper) {
            if (out.pepper) throw KeyFileError("the data key file " + path + " is damaged (two PIN peppers); " + restoreHint(path));
            out.pepper.emplace();
            out.pepper->bytes = bytes;
        } else {
            out.keys.push_back(DataKey::fromBytes(bytes));
        }
        sodium_memzero(bytes.data(), bytes.size());
        sodium_memzero(hex.data(), hex.size());
    }
    if (out.keys.empty()) throw KeyFileError("the data key file " + path + " holds no key; " + restoreHint(path));
    return out;
}
}  // namespace

std::vector<DataKey> readKeyFile(const std::string& path) { return readKeyFileContents(path).keys; }
std::optional<PinPepper> readPinPepper(const std::string& path) { return readKeyFileContents(path).pepper; }

void writeKeyFile(const std::string& path, const std::vector<DataKey>& keys, bool create_only) {
    if (create_only && fs::exists(path))
        throw KeyFileError("a data key file already exists at " + path +
                           ": refusing to replace it (the data it opens would be lost)");
    // The PIN pepper outlives key rotation (PIN hashes cannot be re-made without the PINs): the
    // file being replaced keeps its pepper; a new file gets a new one.
    std::optional<PinPepper> pepper;
    if (!create_only && fs::exists(path)) {
        try {
            pepper = readKeyFileContents(path).pepper;
        } catch (const KeyFileError&) {
        }
    }
    // A new pepper is derived from the first key (a secret as the key is), so records opened with
    // the key ring itself (tests, tools) check PINs as those opened through this file do.
    if (!pepper) pepper = PinPepper::derivedFrom(keys.front());
    std::string text =
        "# Kiosk data key: it decrypts the approved images, descriptors and evidence crops in the database,\n"
        "# and its pin-pepper line is needed to check staff PINs (a lost file means new PINs for everyone).\n"
        "# Keep it secret (mode 0600), off the database's disk backups, and backed up separately.\n";
    const auto hexLine = [&](const std::string& tag, const std::array<std::uint8_t, 32>& bytes) {
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, bytes.data(), bytes.size());
        text += tag + std::string(hex) + "\n";
        sodium_memzero(hex, sizeof hex);
    };
    for (const auto& k : keys) hexLine("", k.bytes);
    hexLine(kPepperTag, pepper->bytes);
    // A symlinked key path (the key on separate storage) stays a symlink: the file it points to is
    // replaced, atomically, in its own folder.
    std::error_code ec;
    const fs::path target = fs::is_symlink(path, ec) ? fs::weakly_canonical(path) : fs::path(path);
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path());
    const std::string tmp = target.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw KeyFileError("cannot write the data key file " + tmp + ": " + std::strerror(errno));
    bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    const int err = errno;
    ok = (::close(fd) == 0) && ok;
    sodium_memzero(text.data(), text.size());
    if (ok) {
        // link() fails if the target appeared meanwhile; rename() replaces it atomically.
        ok = create_only ? ::link(tmp.c_str(), target.c_str()) == 0 : ::rename(tmp.c_str(), target.c_str()) == 0;
    }
    const int err2 = errno;
    ::unlink(tmp.c_str());
    if (!ok)
        throw KeyFileError("cannot write the data key file " + path + ": " + std::strerror(err2 ? err2 : err));
    fsyncDir(target.parent_path());
}

std::optional<std::string> databaseKeyId(Database& db) {
    auto& has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_key'");
    if (!has.step()) return std::nullopt;
    has.reset();
    auto& st = db.prepare("SELECT key_id FROM data_key WHERE id = 1");
    std::optional<std::string> id;
    if (st.step()) id = st.text(0);
    st.reset();
    return id;
}

BlobCodec unlockDatabase(Database& db, const std::vector<DataKey>& ring, const std::string& source) {
    const std::optional<std::string> id = databaseKeyId(db);
    if (!id)
        throw IntegrityError("the data key check row of " + db.path() +
                             " is missing: a database that has records is never given a key on an ordinary open. If "
                             "it was made by a kiosk without encryption, an administrator runs `kiosk db upgrade --db " +
                             db.path() + " --officer ADMIN`; otherwise it was tampered with: restore it from backup");
    std::vector<DataKey> ordered;
    for (const auto& k : ring)
        if (k.id == *id) ordered.insert(ordered.begin(), k);
        else ordered.push_back(k);
    if (ordered.front().id != *id) {
        std::string held;
        for (const auto& k : ring) held += (held.empty() ? "" : ", ") + k.id;
        throw WrongKeyError("the data key in " + source + " (key " + held + ") is not the key of database " +
                            db.path() + " (key " + *id +
                            "): use the key file created with this database, or restore it from the key backup");
    }
    BlobCodec codec(std::move(ordered));
    auto& st = db.prepare("SELECT check_value FROM data_key WHERE id = 1");
    if (!st.step()) throw DatabaseCorruptError(db.path() + ": the data key check vanished while opening");
    const auto stored = st.blob(0);
    st.reset();
    std::vector<std::uint8_t> plain;
    try {
        // An older kiosk's key check is bound to its column only; `db upgrade` rewrites it.
        plain = BlobCodec::isLegacySealed(stored) ? codec.decodeLegacy(BlobKind::KeyCheck, stored)
                                                  : codec.decode(kKeyCheckAt, stored);
    } catch (const DatabaseCorruptError&) {
        throw WrongKeyError("the data key in " + source + " does not open database " + db.path() +
                            " (its key check fails): the key file or the database was altered; restore them from backup");
    }
    if (std::string(plain.begin(), plain.end()) != kCheckText)
        throw WrongKeyError("the key check of database " + db.path() + " does not match the data key in " + source);
    return codec;
}

RotationResult rotateDataKey(Database& db, const std::string& key_path, const std::string& actor,
                             const std::string& now) {
    const auto ring = readKeyFile(key_path);
    const BlobCodec old_codec = unlockDatabase(db, ring, key_path);
    const DataKey old_key = old_codec.sealingKey();
    const auto old_keys = std::make_shared<const IntegrityKeys>(IntegrityKeys::derive(old_key));
    db.setIntegrity(old_keys);
    // Nothing tampered with is re-MAC'd under the new key: that would launder it.
    requireIntact(db);
    const DataKey new_key = DataKey::generate();
    const auto new_keys = std::make_shared<const IntegrityKeys>(IntegrityKeys::derive(new_key));
    RotationResult r{old_key.id, new_key.id, 0};
    // 1. Both keys on disk before any blob changes: whichever key the database holds after a
    //    crash, the file opens it.
    writeKeyFile(key_path, {new_key, old_key}, false);
    // 2. Everything re-sealed, rechained and re-MAC'd, and the key check replaced, in one transaction.
    const BlobCodec new_codec({new_key, old_key});
    try {
        Transaction tx(db);
        r.blobs = resealAllBlobs(db, [&](BlobKind, const BlobBinding& at, const std::vector<std::uint8_t>& b) {
            return old_codec.decode(at, b);
        }, new_codec);
        installKeyCheck(db, new_codec);
        rechainAudit(db, new_keys->audit, /*from_legacy=*/false);
        db.setIntegrity(new_keys);
        const int rows = sealAllRows(db);
        appendAudit(db, {now, actor, "data_key.rotate", "data_key", 1,
                         "key " + old_key.id + " replaced by " + new_key.id + ", " + std::to_string(r.blobs) +
                             " blobs re-encrypted, " + std::to_string(rows) + " rows and the audit chain re-MAC'd"});
        tx.commit();  // the audited-commit hook moves the anchor to the new chain
    } catch (...) {
        db.setIntegrity(old_keys);
        throw;
    }
    // 3. Old ciphertexts out of the WAL (secure_delete has zeroed the freed pages), then the old
    //    key out of the file.
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    writeKeyFile(key_path, {new_key}, false);
    return r;
}

// --- RecordsStore ---------------------------------------------------------------------------------

RecordsStore::RecordsStore(const std::string& db_path, const std::string& key_path, OpenMode mode)
    : db(db_path), codec(open(key_path, nullptr, mode)), repo(db, codec, pepper) {}

RecordsStore::RecordsStore(const std::string& db_path, const std::vector<DataKey>& ring, OpenMode mode)
    : db(db_path), codec(open("the given key", &ring, mode)), repo(db, codec, pepper) {}

BlobCodec RecordsStore::open(const std::string& key_path, const std::vector<DataKey>* given, OpenMode mode) {
    if (mode == OpenMode::Create || db.userVersion() > 0) migrate(db);
    requireCurrentSchema(db);
    const bool memory = db.path() == ":memory:" || db.path().empty();
    const bool has_key = databaseKeyId(db).has_value();
    // Only a database with nothing in it yet (and no anchor left by one that had) is given a key.
    const bool fresh = mode == OpenMode::Create && !has_key && isEmptyDatabase(db) &&
                       (memory || !fs::exists(anchorPathFor(db.path())));
    if (!has_key && !fresh && setting(db, "integrity") != "v1" && !fs::exists(anchorPathFor(db.path())))
        throw UpgradeNeededError(db.path() + " was made by a kiosk without encryption (it has records but no data key): "
                                 "an administrator runs `kiosk db upgrade --db " + db.path() +
                                 " --officer ADMIN` to create its key file and seal its images, audited");
    std::vector<DataKey> ring;
    if (given) ring = *given;
    else if (memory) ring = {DataKey::generate()};
    else {
        if (fresh && !fs::exists(key_path)) {
            writeKeyFile(key_path, {DataKey::generate()}, true);
            key_created = true;
        }
        auto contents = readKeyFileContents(key_path);
        if (!contents.pepper) {  // a key file from before PINs were peppered: it gains one now
            writeKeyFile(key_path, contents.keys, false);
            contents = readKeyFileContents(key_path);
        }
        ring = std::move(contents.keys);
        pepper = *contents.pepper;
    }
    if (given || memory) pepper = PinPepper::derivedFrom(ring.front());
    if (fresh) {
        Transaction tx(db);
        installKeyCheck(db, BlobCodec(ring));
        setSetting(db, "integrity", "v1");
        tx.commit();
    }
    BlobCodec unlocked = unlockDatabase(db, ring, key_path);
    db.setIntegrity(std::make_shared<const IntegrityKeys>(IntegrityKeys::derive(unlocked.sealingKey())));
    if (setting(db, "integrity") != "v1")
        throw UpgradeNeededError(db.path() + " was made by an older kiosk (images not bound to their rows, audit log "
                                 "without a key): an administrator runs `kiosk db upgrade --db " + db.path() +
                                 " --officer ADMIN` once, audited");
    installAuditedCommitHook(db);
    if (mode != OpenMode::Inspect) requireIntact(db);
    return unlocked;
}

}  // namespace store
