#include "kiosk/store/blob_codec.hpp"

#include <bit>
#include <cstring>

#include "kiosk/store/errors.hpp"

namespace store {

static_assert(std::endian::native == std::endian::little, "descriptor blobs are stored little-endian");
static_assert(sizeof(float) == 4);

std::vector<std::uint8_t> BlobCodec::encode(const std::vector<std::uint8_t>& plain) { return plain; }
std::vector<std::uint8_t> BlobCodec::decode(const std::vector<std::uint8_t>& stored) { return stored; }

std::vector<std::uint8_t> BlobCodec::encodeDescriptor(const std::vector<float>& d) {
    std::vector<std::uint8_t> bytes(d.size() * sizeof(float));
    if (!d.empty()) std::memcpy(bytes.data(), d.data(), bytes.size());
    return encode(bytes);
}

std::vector<float> BlobCodec::decodeDescriptor(const std::vector<std::uint8_t>& stored) {
    const auto bytes = decode(stored);
    if (bytes.size() != 128 * sizeof(float))
        throw DatabaseCorruptError("a stored face descriptor has " + std::to_string(bytes.size()) +
                                   " bytes instead of 512");
    std::vector<float> d(128);
    std::memcpy(d.data(), bytes.data(), bytes.size());
    return d;
}

}  // namespace store
