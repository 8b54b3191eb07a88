// The schema, as numbered SQL migrations (data/migrations/NNNN_name.sql, embedded at build time).
// Each is applied in its own transaction together with its PRAGMA user_version bump.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/store/database.hpp"

namespace store {

struct Migration {
    int version = 0;
    std::string file_name;
    std::string sql;
};

// Every embedded migration in order; versions strictly increasing (checked).
const std::vector<Migration>& migrations();
int latestSchemaVersion();

// Brings the database up to `target` (default: latest). Returns how many migrations ran.
// Throws SchemaTooNewError when the file is newer than this binary knows.
int migrate(Database& db, std::optional<int> target = std::nullopt);

// Throws unless the database is at the latest version (commands other than `db init` use this so
// they never run against an empty or half-made file).
void requireCurrentSchema(Database& db);

}  // namespace store
