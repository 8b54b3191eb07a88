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

// Who runs a command, proved as at a station: --officer USERNAME (no default) and that user's PIN
// from the environment variable named by --pin-env (default KIOSK_PIN), or typed at a prompt when
// the command runs at a terminal; or --token-file FILE, the booking system's service credential
// (mode 0600). Sign-in goes through core's signIn (audited, the same lockout as the touchscreen).
struct OfficerOptions {
    std::string officer;
    std::string pin_env = "KIOSK_PIN";
    std::string token_file;
};
// --officer is not marked required to CLI11 (--token-file stands in for it); signIn() refuses
// a command run without either.
void addOfficerOptions(CLI::App* cmd, OfficerOptions& o, const std::string& help);
// The signed-in user; throws core::PermissionError (exit 2) on a wrong PIN, an unknown or inactive
// user or a lockout, InputError when no credential was given.
core::User signIn(RecordsSession& s, const OfficerOptions& o);
// The officer's PIN from $pin_env, else a prompt on the terminal (not echoed).
std::string officerPin(const OfficerOptions& o);
// A new PIN for `user add` / `user pin`: from $var only (never argv). core checks it against the policy.
std::string newPinFrom(const std::string& var);
// Adds a booking_system service user with a fresh random token, written to `token_path` (created
// 0600; never replaced): the file is its only credential.
core::Id issueServiceToken(RecordsSession& s, const core::User& by, const core::User& user, const std::string& token_path);

// An id given on the command line: a child by numeric id or by reference.
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
