// Internal to kiosk_store: the row MACs and sealed-blob bindings of row_seal.hpp applied to a
// SQLite database. Reads the listed columns as canonical text, computes and checks the MACs,
// and re-seals everything for `kiosk db upgrade` and key rotation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/store/blob_codec.hpp"
#include "kiosk/store/database.hpp"

namespace store {

// Writes the row_mac of `table` row `id` (call after every insert or update of a MAC'd table, in
// the same transaction).
void sealRow(Database& db, std::string_view table, std::int64_t id);
// Every row of `table` matching `where` (an SQL condition with one `?`, bound to `param`).
void sealRowsWhere(Database& db, std::string_view table, const std::string& where, std::int64_t param);

// Throws IntegrityError naming the row when a row of `table` matching `where` fails its MAC.
void verifyRowsWhere(Database& db, std::string_view table, const std::string& where, std::int64_t param);
inline void verifyRow(Database& db, std::string_view table, std::int64_t id) { verifyRowsWhere(db, table, "id = ?", id); }

struct RowProblem {
    std::string table;
    std::int64_t id = 0;
    std::string problem;
};
// Every MAC'd row whose MAC fails, and every row the audit log names (entity, entity_id) that is gone.
std::vector<RowProblem> checkAllRows(Database& db, std::size_t limit = 100);

// Re-MACs every row of every MAC'd table (upgrade, rotation). In the caller's transaction.
int sealAllRows(Database& db);

// Re-seals every blob with its row binding: `open` returns the plaintext of a stored blob
// (current, version-1 or plaintext, as the caller allows), `seal` the codec to seal it with.
int resealAllBlobs(Database& db, const std::function<std::vector<std::uint8_t>(BlobKind, const BlobBinding&,
                                                                               const std::vector<std::uint8_t>&)>& open,
                   const BlobCodec& seal);

// The owner id bound into a blob of `kind` in row `row_id` (reads the row).
std::int64_t blobOwner(Database& db, BlobKind kind, std::int64_t row_id);

}  // namespace store
