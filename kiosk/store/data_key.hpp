// The data key: a 256-bit key in a key file beside (never inside) the database, created when the
// database is, mode 0600. Opening a database checks the key against a key-check value stored in
// the database, so a wrong or missing key file is refused at open with a message naming the file,
// not discovered at the first image. RecordsStore is the one way the kiosk opens its records:
// database, migrations, data key, repository.
//
// Key file: text, '#' comments, one key per line as 64 hex digits. Normally one key; two only
// while a rotation is under way (the new key first), so a crash at any point leaves a key file
// that opens the database. One line "pin-pepper <64 hex digits>" holds the PIN pepper
// (pin_hash.hpp), which rotation keeps.
// Thread safety: functions here run on the caller's connection; see Database.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/pin_hash.hpp"
#include "kiosk/store/sqlite_records.hpp"

namespace store {

// `<db_path>.key`: the key file used when neither --key nor $KIOSK_KEY names one.
std::string keyPathFor(const std::string& db_path);

// Reads a key file. Throws KeyFileError when it is missing (naming the path and how to restore
// it), readable or writable by group or others (refused: fix with chmod 600 and rotate), or
// malformed.
std::vector<DataKey> readKeyFile(const std::string& path);
// The key file's PIN pepper (pin_hash.hpp); nullopt for a key file written before PINs were peppered.
std::optional<PinPepper> readPinPepper(const std::string& path);
// Writes a key file atomically (temp file, fsync, rename, fsync of the folder), mode 0600. With
// `create_only` it refuses (KeyFileError) when the file already exists.
void writeKeyFile(const std::string& path, const std::vector<DataKey>& keys, bool create_only);

// The id of the data key the database's blobs are sealed with; nullopt before one is installed.
std::optional<std::string> databaseKeyId(Database& db);

// Checks `ring` against the database's key-check value and returns the codec for it (sealing
// with the database's key). Throws WrongKeyError naming `source`, and IntegrityError when the
// database has no key-check row: a key is installed only in a database being created, or by an
// explicit `kiosk db upgrade`, never on an ordinary open (which would seal planted plaintext).
BlobCodec unlockDatabase(Database& db, const std::vector<DataKey>& ring, const std::string& source);
// Writes the key-check row for codec's sealing key (creation, upgrade, rotation), in the caller's
// transaction.
void installKeyCheck(Database& db, const BlobCodec& codec);

struct RotationResult {
    std::string old_key_id;
    std::string new_key_id;
    int blobs = 0;  // blobs re-encrypted
};

// Replaces the data key: the new key is written beside the old in the key file; in one
// transaction every blob is re-sealed with its row binding, the key check replaced, the audit
// chain rechained and every row re-MAC'd under keys derived from the new key (audited as
// "data_key.rotate" by `actor` at `now`); the WAL is checkpointed, and only then is the old key
// dropped from the file. Refuses (IntegrityError) records that fail their check under the old key.
// A symlinked key path stays a symlink: the target is replaced, atomically, in its own folder.
RotationResult rotateDataKey(Database& db, const std::string& key_path, const std::string& actor,
                             const std::string& now);

enum class OpenMode {
    Existing,  // the database and its key file must exist; the records must pass their check
    Create,    // migrate; a database with nothing in it yet gets its key (and key file if absent)
    Inspect,   // as Existing, without requiring the check to pass (audit verify, reanchor)
};

// An open, migrated, unlocked kiosk database with its repository, its records checked (audit
// chain against the anchor, row MACs: IntegrityError when they fail). ":memory:" uses a fresh
// key held only in memory.
class RecordsStore {
public:
    RecordsStore(const std::string& db_path, const std::string& key_path, OpenMode mode);
    // For tests and tools that hold the key ring themselves (no key file).
    RecordsStore(const std::string& db_path, const std::vector<DataKey>& ring, OpenMode mode = OpenMode::Create);

    Database db;
    bool key_created = false;  // this open created the key file
    PinPepper pepper;          // from the key file (derived from the ring when given one)
    BlobCodec codec;
    SqliteRecords repo;

private:
    BlobCodec open(const std::string& key_path, const std::vector<DataKey>* ring, OpenMode mode);
};

}  // namespace store
