#include "kiosk/store/pin_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace store {
namespace {
void initSodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

std::string hashPin(const std::string& pin, PinHashCost cost) {
    initSodium();
    char out[crypto_pwhash_STRBYTES];
    const bool minimum = cost == PinHashCost::Minimum;
    const auto ops = minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const auto mem = minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str(out, pin.data(), pin.size(), ops, mem) != 0)
        throw std::runtime_error("hashing a PIN ran out of memory");
    return out;
}

bool verifyPin(const std::string& hash, const std::string& pin) {
    initSodium();
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace store
