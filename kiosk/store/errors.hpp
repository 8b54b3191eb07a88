// Typed faults of the storage layer, each with a message a person can act on.
#pragma once

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

}  // namespace store
