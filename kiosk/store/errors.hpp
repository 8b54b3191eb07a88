// Typed faults of the storage layer, each with a message a person can act on.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace store {

class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Another process held the database longer than the busy timeout.
class DatabaseLockedError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The file is not a SQLite database, or is damaged.
class DatabaseCorruptError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The database was written by a newer kiosk than this binary.
class SchemaTooNewError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// A UNIQUE / CHECK / FOREIGN KEY rule in the schema refused a write.
class ConstraintError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The file cannot be opened (missing folder, permissions) or the schema is absent.
class DatabaseOpenError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

// The data key file is missing, unreadable, too widely readable or malformed. Opening refuses
// rather than writing biometric data that no key could read back.
class KeyFileError : public DatabaseOpenError {
public:
    using DatabaseOpenError::DatabaseOpenError;
};

// The key file holds no key that opens this database (another database's key, an old key).
class WrongKeyError : public KeyFileError {
public:
    using KeyFileError::KeyFileError;
};

// The records cannot be trusted: a row's MAC fails, the audit chain or its anchor disagree, the
// key-check row is gone. Every station shows the message and records nothing (fail closed): no
// eligibility is decided from records that may have been edited behind the kiosk's back.
class IntegrityError : public DatabaseCorruptError {
public:
    explicit IntegrityError(const std::string& detail)
        : DatabaseCorruptError(std::string(kMessage) + " (" + detail + ")"), detail_(detail) {}
    const std::string& detail() const { return detail_; }
    static constexpr const char* kMessage =
        "records failed their integrity check \u2014 contact the administrator; follow the paper procedure";

private:
    std::string detail_;
};

// A sealed blob that does not open under its row's binding: altered, or copied from another row
// or another child. The check it belonged to cannot assess the child (band cannot_assess).
class SealedBlobError : public DatabaseCorruptError {
public:
    SealedBlobError(const std::string& message, std::int64_t row_id, std::int64_t owner_id)
        : DatabaseCorruptError(message), row_id_(row_id), owner_id_(owner_id) {}
    std::int64_t rowId() const { return row_id_; }
    std::int64_t ownerId() const { return owner_id_; }
    static constexpr const char* kApprovedImage = "approved image damaged or moved \u2014 re-enrol";

private:
    std::int64_t row_id_;
    std::int64_t owner_id_;
};

// The database was made by an older kiosk (no row binding, no keyed audit chain): it opens only
// after an explicit, audited `kiosk db upgrade`.
class UpgradeNeededError : public DatabaseOpenError {
public:
    using DatabaseOpenError::DatabaseOpenError;
};

}  // namespace store
