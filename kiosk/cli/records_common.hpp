// Shared plumbing for the record-keeping subcommands: --db/--json, opening the database, finding
// the officer, and the JSON shapes of records. Rules live in kiosk/core, never here.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "kiosk/core/records.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/sqlite_records.hpp"

namespace kiosk::cli {

struct RecordsOptions {
    std::string db;
    bool json = false;
};

// Adds --db PATH (default $KIOSK_DB, else data/demo/kiosk.db under the project root) and --json.
void addRecordsOptions(CLI::App* cmd, RecordsOptions& options);
std::string defaultDatabasePath();

// One open database with the records facade on top.
struct RecordsSession {
    explicit RecordsSession(const std::string& path);
    store::Database db;
    store::SqliteRecords repo;
    core::Records records;
};

// Opens an existing kiosk database, migrating an older schema. Throws core::InputError when there
// is no file (so a mistyped --db never creates an empty database).
std::unique_ptr<RecordsSession> openRecords(const RecordsOptions& options);

// An id given on the command line: a child by numeric id or by reference.
core::Id childIdFrom(core::Records& records, const std::string& text);

nlohmann::json toJson(const core::BookingRow& row);
nlohmann::json toJson(const core::Incident& incident);
nlohmann::json toJson(const core::Review& review);
nlohmann::json toJson(const core::Notification& notification);

}  // namespace kiosk::cli
