#include "kiosk/store/blob_codec.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>

#include <sodium.h>

#include "kiosk/store/errors.hpp"

namespace store {

static_assert(std::endian::native == std::endian::little, "descriptor blobs are stored little-endian");
static_assert(sizeof(float) == 4);

namespace {

constexpr std::uint8_t kMagic[4] = {'K', 'E', 'B', '2'};
constexpr std::uint8_t kLegacyMagic[4] = {'K', 'E', 'B', '1'};
constexpr std::size_t kIdBytes = 8;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kHeaderBytes = sizeof kMagic + kIdBytes + kNonceBytes;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonceBytes == 24 && kTagBytes == 16);

void requireSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string hex(const std::uint8_t* p, std::size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}

std::array<std::uint8_t, kIdBytes> idBytes(const std::string& id) {
    std::array<std::uint8_t, kIdBytes> out{};
    std::size_t len = 0;
    if (sodium_hex2bin(out.data(), out.size(), id.data(), id.size(), nullptr, &len, nullptr) != 0 || len != kIdBytes)
        throw std::logic_error("malformed data key id " + id);
    return out;
}

// Version 1's associated data: the column's name and the whole header.
std::vector<std::uint8_t> legacyAssociated(BlobKind kind, const std::uint8_t* header) {
    const std::string col = name(kind);
    std::vector<std::uint8_t> ad(col.begin(), col.end());
    ad.insert(ad.end(), header, header + kHeaderBytes);
    return ad;
}

// Version 2: table.column, row id, owner id and the whole header (magic, key id, nonce), so none
// of them can be changed, and the blob cannot be moved, unnoticed.
std::vector<std::uint8_t> associated(const BlobBinding& at, const std::uint8_t* header) {
    const std::string place = std::string(name(at.kind)) + '\x1e' + std::to_string(at.row_id) + '\x1e' +
                              std::to_string(at.owner_id) + '\x1e';
    std::vector<std::uint8_t> ad(place.begin(), place.end());
    ad.insert(ad.end(), header, header + kHeaderBytes);
    return ad;
}

bool isApprovedImageColumn(BlobKind k) {
    return k == BlobKind::ApprovedImage || k == BlobKind::FaceChip || k == BlobKind::Descriptor;
}

}  // namespace

const char* name(BlobKind kind) {
    switch (kind) {
    case BlobKind::ApprovedImage: return "approved_images.image";
    case BlobKind::FaceChip: return "approved_images.chip";
    case BlobKind::Descriptor: return "approved_images.descriptor";
    case BlobKind::EvidenceCrop: return "identity_checks.evidence_crop";
    case BlobKind::IncidentSnapshot: return "incidents.evidence_snapshot";
    case BlobKind::KeyCheck: return "data_key.check_value";
    }
    return "?";
}

DataKey DataKey::generate() {
    requireSodium();
    std::array<std::uint8_t, 32> b{};
    crypto_aead_xchacha20poly1305_ietf_keygen(b.data());
    auto k = fromBytes(b);
    sodium_memzero(b.data(), b.size());
    return k;
}

DataKey DataKey::fromBytes(const std::array<std::uint8_t, 32>& bytes) {
    requireSodium();
    DataKey k;
    k.bytes = bytes;
    static constexpr char kContext[] = "kiosk data key id v1";
    std::uint8_t h[kIdBytes];
    crypto_generichash(h, sizeof h, reinterpret_cast<const std::uint8_t*>(kContext), sizeof kContext - 1,
                       bytes.data(), bytes.size());
    k.id = hex(h, sizeof h);
    return k;
}

BlobCodec::BlobCodec(std::vector<DataKey> keys) : keys_(std::move(keys)) {
    requireSodium();
    if (keys_.empty()) throw std::logic_error("a BlobCodec needs at least one data key");
}

bool BlobCodec::isSealed(const std::vector<std::uint8_t>& s) {
    return s.size() >= kHeaderBytes + kTagBytes && std::memcmp(s.data(), kMagic, sizeof kMagic) == 0;
}

bool BlobCodec::isLegacySealed(const std::vector<std::uint8_t>& s) {
    return s.size() >= kHeaderBytes + kTagBytes && std::memcmp(s.data(), kLegacyMagic, sizeof kLegacyMagic) == 0;
}

std::string BlobCodec::keyIdOf(const std::vector<std::uint8_t>& s) { return hex(s.data() + sizeof kMagic, kIdBytes); }

std::vector<std::uint8_t> BlobCodec::encode(const BlobBinding& at, const std::vector<std::uint8_t>& plain) const {
    const DataKey& key = sealingKey();
    std::vector<std::uint8_t> out(kHeaderBytes + plain.size() + kTagBytes);
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    const auto id = idBytes(key.id);
    std::memcpy(out.data() + sizeof kMagic, id.data(), kIdBytes);
    std::uint8_t* nonce = out.data() + sizeof kMagic + kIdBytes;
    randombytes_buf(nonce, kNonceBytes);
    const auto ad = associated(at, out.data());
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kHeaderBytes, &written, plain.data(), plain.size(),
                                               ad.data(), ad.size(), nullptr, nonce, key.bytes.data());
    out.resize(kHeaderBytes + written);
    return out;
}

const DataKey& BlobCodec::keyFor(BlobKind kind, const std::vector<std::uint8_t>& s) const {
    const std::string id = keyIdOf(s);
    for (const auto& k : keys_)
        if (k.id == id) return k;
    throw WrongKeyError(std::string("a stored ") + name(kind) + " blob was sealed with data key " + id +
                        ", which the key file does not hold (sealing key " + sealingKey().id + ")");
}

namespace {
bool open(std::vector<std::uint8_t>& plain, const std::vector<std::uint8_t>& s, const std::vector<std::uint8_t>& ad,
          const DataKey& key) {
    plain.resize(s.size() - kHeaderBytes - kTagBytes);
    unsigned long long len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &len, nullptr, s.data() + kHeaderBytes,
                                                   s.size() - kHeaderBytes, ad.data(), ad.size(),
                                                   s.data() + sizeof kMagic + kIdBytes, key.bytes.data()) != 0)
        return false;
    plain.resize(len);
    return true;
}
}  // namespace

std::vector<std::uint8_t> BlobCodec::decode(const BlobBinding& at, const std::vector<std::uint8_t>& s) const {
    if (!isSealed(s)) {
        if (isLegacySealed(s))
            throw UpgradeNeededError(std::string("a stored ") + name(at.kind) +
                                     " blob is sealed by an older kiosk (not bound to its row): run `kiosk db upgrade`");
        throw DatabaseCorruptError(std::string("a stored ") + name(at.kind) +
                                   " blob is not encrypted in the kiosk's format (damaged, planted as plaintext, or "
                                   "written by another program): restore the database from backup");
    }
    const DataKey& key = keyFor(at.kind, s);
    std::vector<std::uint8_t> plain;
    if (!open(plain, s, associated(at, s.data()), key)) {
        const std::string where = std::string(name(at.kind)) + " of row " + std::to_string(at.row_id) + " (owner " +
                                  std::to_string(at.owner_id) + ")";
        if (isApprovedImageColumn(at.kind))
            throw SealedBlobError(std::string(SealedBlobError::kApprovedImage) + ": the " + where +
                                      " failed authentication: it was altered, or copied from another row or child",
                                  at.row_id, at.owner_id);
        throw SealedBlobError("the stored " + where +
                                  " failed authentication: it was altered, damaged, or copied from another row or "
                                  "column; restore the database from backup",
                              at.row_id, at.owner_id);
    }
    return plain;
}

std::vector<std::uint8_t> BlobCodec::decodeLegacy(BlobKind kind, const std::vector<std::uint8_t>& s) const {
    if (!isLegacySealed(s))
        throw DatabaseCorruptError(std::string("a stored ") + name(kind) + " blob is not in the older sealed format");
    std::vector<std::uint8_t> plain;
    if (!open(plain, s, legacyAssociated(kind, s.data()), keyFor(kind, s)))
        throw DatabaseCorruptError(std::string("a stored ") + name(kind) +
                                   " blob failed authentication: it was altered, damaged or copied from another column; "
                                   "restore the database from backup");
    return plain;
}

std::vector<std::uint8_t> BlobCodec::encodeDescriptor(const BlobBinding& at, const std::vector<float>& d) const {
    std::vector<std::uint8_t> bytes(d.size() * sizeof(float));
    if (!d.empty()) std::memcpy(bytes.data(), d.data(), bytes.size());
    return encode(at, bytes);
}

std::vector<float> BlobCodec::decodeDescriptor(const BlobBinding& at, const std::vector<std::uint8_t>& stored) const {
    const auto bytes = decode(at, stored);
    if (bytes.empty() || bytes.size() % sizeof(float) != 0 || bytes.size() > kMaxDescriptorFloats * sizeof(float))
        throw DatabaseCorruptError("a stored face descriptor has " + std::to_string(bytes.size()) +
                                   " bytes, not a whole number of floats (at most " +
                                   std::to_string(kMaxDescriptorFloats) + ")");
    std::vector<float> d(bytes.size() / sizeof(float));
    std::memcpy(d.data(), bytes.data(), bytes.size());
    return d;
}

}  // namespace store
