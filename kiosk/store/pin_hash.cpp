#include "kiosk/store/pin_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace store {
namespace {
constexpr char kPrefix[] = "$kpep1$";

void initSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

// hex(BLAKE2b-256 keyed with the pepper): what argon2id hashes.
std::string peppered(const std::string& pin, const PinPepper& pepper) {
    unsigned char mac[32];
    crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(pin.data()), pin.size(),
                       pepper.bytes.data(), pepper.bytes.size());
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    sodium_memzero(mac, sizeof mac);
    std::string out(hex);
    sodium_memzero(hex, sizeof hex);
    return out;
}
}  // namespace

PinPepper PinPepper::generate() {
    initSodium();
    PinPepper p;
    randombytes_buf(p.bytes.data(), p.bytes.size());
    return p;
}

PinPepper PinPepper::derivedFrom(const DataKey& key) {
    initSodium();
    PinPepper p;
    crypto_kdf_derive_from_key(p.bytes.data(), p.bytes.size(), 3, "kpinpepr", key.bytes.data());
    return p;
}

std::string hashPin(const std::string& pin, const PinPepper& pepper, PinHashCost cost) {
    initSodium();
    char out[crypto_pwhash_STRBYTES];
    const bool minimum = cost == PinHashCost::Minimum;
    const auto ops = minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const auto mem = minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    std::string secret = peppered(pin, pepper);
    const int rc = crypto_pwhash_str(out, secret.data(), secret.size(), ops, mem);
    sodium_memzero(secret.data(), secret.size());
    if (rc != 0) throw std::runtime_error("hashing a PIN ran out of memory");
    return kPrefix + std::string(out);
}

bool isPeppered(const std::string& hash) { return hash.rfind(kPrefix, 0) == 0; }

bool verifyPin(const std::string& hash, const std::string& pin, const PinPepper& pepper) {
    initSodium();
    if (!isPeppered(hash)) return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
    std::string secret = peppered(pin, pepper);
    const bool ok = crypto_pwhash_str_verify(hash.c_str() + sizeof kPrefix - 1, secret.data(), secret.size()) == 0;
    sodium_memzero(secret.data(), secret.size());
    return ok;
}

}  // namespace store
