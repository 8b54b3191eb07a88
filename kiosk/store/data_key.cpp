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
#include "kiosk/store/errors.hpp"
#include "kiosk/store/migrations.hpp"

namespace store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCheckText = "kiosk data key check v1";

struct BlobColumn {
    const char* table;
    const char* column;
    BlobKind kind;
};
constexpr BlobColumn kBlobColumns[] = {
    {"approved_images", "image", BlobKind::ApprovedImage},
    {"approved_images", "chip", BlobKind::FaceChip},
    {"approved_images", "descriptor", BlobKind::Descriptor},
    {"identity_checks", "evidence_crop", BlobKind::EvidenceCrop},
    {"incidents", "evidence_snapshot", BlobKind::IncidentSnapshot},
};

std::string modeText(mode_t m) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(m & 07777));
    return buf;
}

std::string restoreHint(const std::string& path) {
    return "restore it from the key backup to " + path + " (mode 0600), or name it with --key / $KIOSK_KEY";
}

// Rewrites every stored blob through `fn`; returns how many were rewritten. Runs in the caller's
// transaction. Ids are read first so no row is visited while it is being updated.
int recodeBlobs(Database& db, const std::function<std::vector<std::uint8_t>(BlobKind, const std::vector<std::uint8_t>&)>& fn) {
    int n = 0;
    for (const auto& c : kBlobColumns) {
        const std::string col = c.column, table = c.table;
        std::vector<std::int64_t> ids;
        auto& list = db.prepare("SELECT id FROM " + table + " WHERE " + col + " IS NOT NULL ORDER BY id");
        while (list.step()) ids.push_back(list.int64(0));
        for (const auto id : ids) {
            auto& get = db.prepare("SELECT " + col + " FROM " + table + " WHERE id = ?");
            get.bind(1, id);
            if (!get.step()) continue;
            const auto before = get.blob(0);
            get.reset();
            const auto after = fn(c.kind, before);
            if (after == before) continue;
            auto& put = db.prepare("UPDATE " + table + " SET " + col + " = ? WHERE id = ?");
            put.bindBlob(1, after).bind(2, id);
            put.run();
            ++n;
        }
    }
    return n;
}

void ensureKeyTable(Database& db) {
    // Not a numbered migration: the key check belongs to the key, and this statement is idempotent.
    db.exec("CREATE TABLE IF NOT EXISTS data_key ("
            " id INTEGER PRIMARY KEY CHECK (id = 1),"
            " key_id TEXT NOT NULL,"
            " check_value BLOB NOT NULL)");
}

void writeKeyCheck(Database& db, const BlobCodec& codec) {
    const std::string text = kCheckText;
    auto& st = db.prepare("INSERT OR REPLACE INTO data_key (id, key_id, check_value) VALUES (1, ?, ?)");
    st.bind(1, codec.sealingKey().id).bindBlob(2, codec.encode(BlobKind::KeyCheck, {text.begin(), text.end()}));
    st.run();
}

void fsyncDir(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace

std::string keyPathFor(const std::string& db_path) { return db_path + ".key"; }

std::vector<DataKey> readKeyFile(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT)
            throw KeyFileError("no data key file at " + path +
                               ": the database's images, descriptors and evidence crops cannot be read without it; " +
                               restoreHint(path));
        throw KeyFileError("cannot read the data key file " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) throw KeyFileError("the data key path " + path + " is not a file");
    if (st.st_mode & 077)
        throw KeyFileError("the data key file " + path + " has mode " + modeText(st.st_mode) +
                           ": other users could read the key. Refusing to use it: run `chmod 600 " + path +
                           "` and, if anyone else could have copied it, `kiosk key rotate`");
    std::ifstream in(path);
    if (!in) throw KeyFileError("cannot read the data key file " + path + ": " + std::strerror(errno));
    std::vector<DataKey> keys;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        const auto last = line.find_last_not_of(" \t\r");
        const std::string hex = line.substr(first, last - first + 1);
        std::array<std::uint8_t, 32> bytes{};
        std::size_t len = 0;
        if (hex.size() != 64 ||
            sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != 32)
            throw KeyFileError("the data key file " + path + " is damaged (line " + std::to_string(n) +
                               " is not a 64-hex-digit key); " + restoreHint(path));
        keys.push_back(DataKey::fromBytes(bytes));
        sodium_memzero(bytes.data(), bytes.size());
    }
    if (keys.empty()) throw KeyFileError("the data key file " + path + " holds no key; " + restoreHint(path));
    return keys;
}

void writeKeyFile(const std::string& path, const std::vector<DataKey>& keys, bool create_only) {
    if (create_only && fs::exists(path))
        throw KeyFileError("a data key file already exists at " + path +
                           ": refusing to replace it (the data it opens would be lost)");
    std::string text =
        "# Kiosk data key: it decrypts the approved images, descriptors and evidence crops in the database.\n"
        "# Keep it secret (mode 0600), off the database's disk backups, and backed up separately.\n";
    for (const auto& k : keys) {
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, k.bytes.data(), k.bytes.size());
        text += std::string(hex) + "\n";
        sodium_memzero(hex, sizeof hex);
    }
    const fs::path target(path);
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path());
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw KeyFileError("cannot write the data key file " + tmp + ": " + std::strerror(errno));
    bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    const int err = errno;
    ok = (::close(fd) == 0) && ok;
    sodium_memzero(text.data(), text.size());
    if (ok) {
        // link() fails if the target appeared meanwhile; rename() replaces it atomically.
        ok = create_only ? ::link(tmp.c_str(), path.c_str()) == 0 : ::rename(tmp.c_str(), path.c_str()) == 0;
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
    std::optional<std::string> id = databaseKeyId(db);
    if (!id) {
        Transaction tx(db);
        ensureKeyTable(db);
        id = databaseKeyId(db);  // another process may have installed one meanwhile
        if (!id) {
            BlobCodec codec(ring);
            writeKeyCheck(db, codec);
            // Plaintext blobs left by a kiosk from before encryption are sealed now.
            recodeBlobs(db, [&](BlobKind kind, const std::vector<std::uint8_t>& b) {
                return BlobCodec::isSealed(b) ? b : codec.encode(kind, b);
            });
            tx.commit();
            return codec;
        }
        tx.commit();
    }
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
        plain = codec.decode(BlobKind::KeyCheck, stored);
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
    const DataKey new_key = DataKey::generate();
    RotationResult r{old_key.id, new_key.id, 0};
    // 1. Both keys on disk before any blob changes: whichever key the database holds after a
    //    crash, the file opens it.
    writeKeyFile(key_path, {new_key, old_key}, false);
    // 2. Everything re-encrypted, and the key check replaced, in one transaction.
    const BlobCodec new_codec({new_key, old_key});
    {
        Transaction tx(db);
        r.blobs = recodeBlobs(db, [&](BlobKind kind, const std::vector<std::uint8_t>& b) {
            return new_codec.encode(kind, old_codec.decode(kind, b));
        });
        writeKeyCheck(db, new_codec);
        appendAudit(db, {now, actor, "data_key.rotate", "data_key", 1,
                         "key " + old_key.id + " replaced by " + new_key.id + ", " + std::to_string(r.blobs) +
                             " blobs re-encrypted"});
        tx.commit();
    }
    // 3. Old ciphertexts out of the WAL (secure_delete has zeroed the freed pages), then the old
    //    key out of the file.
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    writeKeyFile(key_path, {new_key}, false);
    return r;
}

// --- RecordsStore ---------------------------------------------------------------------------------

RecordsStore::RecordsStore(const std::string& db_path, const std::string& key_path, OpenMode mode)
    : db(db_path), codec(open(key_path, mode)), repo(db, codec) {}

RecordsStore::RecordsStore(const std::string& db_path, const std::vector<DataKey>& ring)
    : db(db_path), codec([&] {
          migrate(db);
          return unlockDatabase(db, ring, "the given key");
      }()),
      repo(db, codec) {}

BlobCodec RecordsStore::open(const std::string& key_path, OpenMode mode) {
    if (mode == OpenMode::Create || db.userVersion() > 0) migrate(db);
    requireCurrentSchema(db);
    if (db.path() == ":memory:" || db.path().empty()) return unlockDatabase(db, {DataKey::generate()}, "memory");
    if (!fs::exists(key_path) && !databaseKeyId(db)) {
        if (mode != OpenMode::Create)
            throw KeyFileError(db.path() + " has no data key yet (it was made by a kiosk without encryption): run "
                               "`kiosk db init --db " + db.path() + "` to create its key file " + key_path +
                               " and encrypt its images");
        writeKeyFile(key_path, {DataKey::generate()}, true);
        key_created = true;
    }
    return unlockDatabase(db, readKeyFile(key_path), key_path);
}

}  // namespace store
