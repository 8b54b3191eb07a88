// The one point every biometric byte passes through on its way into or out of the database:
// approved images, aligned face chips, descriptors, evidence crops and incident snapshots. Each blob is sealed with
// libsodium's XChaCha20-Poly1305 (IETF AEAD) under the data key, with a fresh random nonce, and
// its place as associated data: table, column, row id, the owning child (or incident) and the key
// id. A blob copied into another column, another row or another child's row fails to open.
//
// Stored format (version 2):  "KEB2" | key id (8 bytes) | nonce (24 bytes) | ciphertext + tag (16)
// The header is authenticated too. The key id says which data key sealed a blob, so a wrong key
// is named as such rather than reported as damage. Version 1 ("KEB1", bound to the column only)
// is opened by `kiosk db upgrade` alone, which re-seals it as version 2.
// Thread safety: a BlobCodec is immutable after construction; copies may be used on any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace store {

// Which column a blob belongs to; bound into the ciphertext as associated data.
enum class BlobKind { ApprovedImage, FaceChip, Descriptor, EvidenceCrop, IncidentSnapshot, KeyCheck };
const char* name(BlobKind kind);

// Where a sealed blob lives: its column (kind), its row and the row's owner (the child of an
// approved image or check, the incident itself for a snapshot). row_seal.hpp says which owner.
struct BlobBinding {
    BlobKind kind = BlobKind::KeyCheck;
    std::int64_t row_id = 0;
    std::int64_t owner_id = 0;
};

// A 256-bit data key and its id (16 hex digits derived from the key by a keyed hash, so the id
// reveals nothing about the key and can never disagree with it).
struct DataKey {
    std::array<std::uint8_t, 32> bytes{};
    std::string id;

    static DataKey generate();
    static DataKey fromBytes(const std::array<std::uint8_t, 32>& bytes);
};

class BlobCodec {
public:
    // `keys` is a key ring: the first key seals; any key in it opens a blob sealed with it.
    explicit BlobCodec(std::vector<DataKey> keys);

    const DataKey& sealingKey() const { return keys_.front(); }

    std::vector<std::uint8_t> encode(const BlobBinding& at, const std::vector<std::uint8_t>& plain) const;
    // Throws WrongKeyError when no key in the ring sealed the blob, DatabaseCorruptError when the
    // blob is not in the sealed format, SealedBlobError when it fails authentication at `at`
    // (altered, or moved from another row or child).
    std::vector<std::uint8_t> decode(const BlobBinding& at, const std::vector<std::uint8_t>& stored) const;
    // A version-1 blob (bound to its column only): for `kiosk db upgrade` alone.
    std::vector<std::uint8_t> decodeLegacy(BlobKind kind, const std::vector<std::uint8_t>& stored) const;

    // A descriptor is float32s, little-endian. Its length is the face pipeline's business (128 for
    // a dlib-only descriptor from before issue 14, 643 for a two-network face template that names
    // its model): the store keeps what it is given and the pipeline refuses what it cannot compare.
    static constexpr std::size_t kMaxDescriptorFloats = 4096;
    std::vector<std::uint8_t> encodeDescriptor(const BlobBinding& at, const std::vector<float>& descriptor) const;
    // Throws as decode(), and DatabaseCorruptError when the plaintext is not 1..kMaxDescriptorFloats
    // whole floats.
    std::vector<float> decodeDescriptor(const BlobBinding& at, const std::vector<std::uint8_t>& stored) const;

    // Whether `stored` is in the current sealed format; isLegacySealed(): in version 1.
    static bool isSealed(const std::vector<std::uint8_t>& stored);
    static bool isLegacySealed(const std::vector<std::uint8_t>& stored);
    // The id of the key that sealed `stored` (isSealed() must hold).
    static std::string keyIdOf(const std::vector<std::uint8_t>& stored);

private:
    const DataKey& keyFor(BlobKind kind, const std::vector<std::uint8_t>& stored) const;
    std::vector<DataKey> keys_;
};

}  // namespace store
