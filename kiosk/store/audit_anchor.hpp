// The audit chain's anchor: the newest (seq, MAC) kept outside the database, in `<db>.anchor`
// (mode 0600, replaced atomically: temp file, fsync, rename, fsync of the folder). Rows cut from
// the end of the log, or the whole log emptied, leave a chain shorter than its anchor; that is
// how truncation shows, since the MAC alone cannot tell a short chain from a complete one.
// File-only: shared by every backend. Thread/process safety: writers take an flock on
// `<anchor>.lock`, and an anchor only moves forward unless an administrator re-anchors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace store {

struct Anchor {
    std::int64_t seq = 0;
    std::string mac;
};

std::string anchorPathFor(const std::string& db_path);

// nullopt when there is no anchor file; throws IntegrityError when it is unreadable or malformed.
std::optional<Anchor> readAnchor(const std::string& path);

// Writes `a` unless the anchor already names a later entry (another station committed after
// this one); `force` (re-anchoring after an investigation, key rotation, upgrade) writes anyway.
void writeAnchor(const std::string& path, const Anchor& a, bool force);

}  // namespace store
