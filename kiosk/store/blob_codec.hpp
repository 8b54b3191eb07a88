// The one point every biometric byte passes through on its way into or out of the database:
// approved images, aligned face chips, descriptors, evidence crops and incident snapshots. Each blob is sealed with
// libsodium's XChaCha20-Poly1305 (IETF AEAD) under the data key, with a fresh random nonce, and
// the column it belongs to as associated data (a blob copied into another column fails to open).
//
// Stored format (version 1):  "KEB1" | key id (8 bytes) | nonce (24 bytes) | ciphertext + tag (16)
// The header is authenticated too. The key id says which data key sealed a blob, so a wrong key
// is named as such rather than reported as damage.
// Thread safety: a BlobCodec is immutable after construction; copies may be used on any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace store {

// Which column a blob belongs to; bound into the ciphertext as associated data.
enum class BlobKind { ApprovedImage, FaceChip, Descriptor, EvidenceCrop, IncidentSnapshot, KeyCheck };
const char* name(BlobKind kind);

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

    std::vector<std::uint8_t> encode(BlobKind kind, const std::vector<std::uint8_t>& plain) const;
    // Throws WrongKeyError when no key in the ring sealed the blob, DatabaseCorruptError when the
    // blob is not in the sealed format or fails authentication (tampered or damaged).
    std::vector<std::uint8_t> decode(BlobKind kind, const std::vector<std::uint8_t>& stored) const;

    // A descriptor is 128 float32, little-endian: 512 bytes before sealing.
    std::vector<std::uint8_t> encodeDescriptor(const std::vector<float>& descriptor) const;
    // Throws as decode(), and DatabaseCorruptError when the plaintext is not 128 floats.
    std::vector<float> decodeDescriptor(const std::vector<std::uint8_t>& stored) const;

    // Whether `stored` is in the sealed format (a plaintext blob from before encryption is not).
    static bool isSealed(const std::vector<std::uint8_t>& stored);
    // The id of the key that sealed `stored` (isSealed() must hold).
    static std::string keyIdOf(const std::vector<std::uint8_t>& stored);

private:
    std::vector<DataKey> keys_;
};

}  // namespace store
