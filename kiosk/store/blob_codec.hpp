// The one point every biometric byte passes through on its way into or out of the database:
// approved images, aligned face chips, descriptors and evidence crops. Today it stores them as
// they are; the security issue adds libsodium encryption here, and no repository changes.
#pragma once

#include <cstdint>
#include <vector>

namespace store {

class BlobCodec {
public:
    static std::vector<std::uint8_t> encode(const std::vector<std::uint8_t>& plain);
    static std::vector<std::uint8_t> decode(const std::vector<std::uint8_t>& stored);

    // A descriptor is 128 float32, little-endian: 512 bytes before encoding.
    static std::vector<std::uint8_t> encodeDescriptor(const std::vector<float>& descriptor);
    // Throws DatabaseCorruptError when the stored bytes are not 128 floats.
    static std::vector<float> decodeDescriptor(const std::vector<std::uint8_t>& stored);
};

}  // namespace store
