// What binds a stored value to its place, independent of the backend:
//  - sealed blobs: which columns hold them and whose they are (the owner: a child, or the incident
//    itself), so a blob's associated data names table, column, row, owner and key, and a blob
//    copied into another row or another child's row fails to open;
//  - safeguarding rows: which tables carry a `row_mac` and over which columns, so an edit made
//    without the key (a refusal turned into a confirmation, a review marked completed, a role
//    raised) fails the row's MAC.
// A backend reads the listed columns as canonical text (integers in decimal, reals as %.17g, text
// as stored, NULL as absent) and calls rowMac(); nothing here touches a database handle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/store/audit_mac.hpp"
#include "kiosk/store/blob_codec.hpp"

namespace store {

struct SealedColumn {
    BlobKind kind;
    const char* table;
    const char* column;
    const char* owner_column;  // the row's owner, bound into the blob ("id": the row itself)
};
// Every sealed blob column (the key-check row is sealed separately, in data_key).
const std::vector<SealedColumn>& sealedColumns();
const SealedColumn& sealedColumn(BlobKind kind);
BlobBinding bindingFor(BlobKind kind, std::int64_t row_id, std::int64_t owner_id);

struct MacTable {
    std::string table;
    std::vector<std::string> columns;  // every column but id, row_mac and sealed blobs
};
// The tables whose rows carry a row_mac. Another table joins with one line here, its
// `ALTER TABLE ... ADD COLUMN row_mac TEXT` in a migration, and a seal call after each write.
const std::vector<MacTable>& macTables();
// Throws std::logic_error for a table not in the list.
const MacTable& macTable(std::string_view table);

using FieldValues = std::vector<std::optional<std::string>>;
// Hex HMAC over (table, id, each listed column's canonical value) under the rows key.
std::string rowMac(const MacKey& key, const MacTable& table, std::int64_t id, const FieldValues& values);

}  // namespace store
