// Shared plumbing for the record-keeping subcommands: --db/--json, opening the database, finding
// the officer, and the JSON shapes of records. Rules live in kiosk/core, never here.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "kiosk/core/records.hpp"
#include "kiosk/store/data_key.hpp"

namespace kiosk::cli {

struct RecordsOptions {
    std::string db;
    std::string key;  // empty: $KIOSK_KEY, else <db>.key
    bool json = false;
    std::string keyPath() const;
};

// Adds --db PATH (default $KIOSK_DB, else data/demo/kiosk.db under the project root), --key PATH
// (the data key file; default $KIOSK_KEY, else <db>.key) and --json.
void addRecordsOptions(CLI::App* cmd, RecordsOptions& options);
std::string defaultDatabasePath();
// The data key file for `db`: `key` when given, else $KIOSK_KEY, else <db>.key.
std::string keyPathFor(const std::string& db, const std::string& key);

// One open, unlocked database with the records facade on top.
struct RecordsSession {
    RecordsSession(const std::string& db_path, const std::string& key_path, store::OpenMode mode);
    store::RecordsStore store;
    store::Database& db;
    store::SqliteRecords& repo;
    core::Records records;
};

// Opens an existing kiosk database with its key file, migrating an older schema. Throws
// core::InputError when there is no database file (so a mistyped --db never creates an empty
// database) and store::KeyFileError when the key file is missing or wrong.
// Records that fail their integrity check throw store::IntegrityError (exit 1) unless `mode` is
// Inspect (audit verify, reanchor).
std::unique_ptr<RecordsSession> openRecords(const RecordsOptions& options,
                                            store::OpenMode mode = store::OpenMode::Existing);

// An id given on the command line: a child by numeric id or by reference. Digits name an id; when
// another child has those digits as its reference (possible in records made before references had
// to hold a letter) the choice is refused as ambiguous, never guessed.
// Read as `by` (core checks the role).
core::Id childIdFrom(core::Records& records, const core::User& by, const std::string& text);

// The child a command is about: `--child ID|REF`, or `--child-ref REF`, which always means the
// reference (for a reference of digits only).
struct ChildChoice {
    std::string id_or_ref, ref;
};
void addChildOptions(CLI::App* cmd, ChildChoice& choice, bool required);
// The child chosen, or nullopt when neither option was given (and they were not required).
std::optional<core::Id> chosenChild(core::Records& records, const core::User& by, const ChildChoice& choice);

nlohmann::json toJson(const core::BookingRow& row);
nlohmann::json toJson(const core::Incident& incident);
nlohmann::json toJson(const core::Review& review);
nlohmann::json toJson(const core::Notification& notification);
nlohmann::json toJson(const core::Appeal& appeal);

}  // namespace kiosk::cli
