// PIN hashing: argon2id (libsodium's crypto_pwhash_str) over the PIN keyed with a pepper, a secret
// kept in the key file beside the database (never in it), so a copy of the database alone cannot
// be cracked offline however short the PIN. Real users get the interactive cost; tests and the
// demo seed may ask for the minimum cost so that seeding a dozen users is quick.
//
// Stored form: "$kpep1$" + crypto_pwhash_str(hex(BLAKE2b-256(key = pepper, PIN))). A hash without
// the prefix predates the pepper: it still verifies, and the kiosk re-makes it at the next right PIN.
// The pepper is not the data key: rotating the data key cannot re-make PIN hashes (the PINs are
// not known), so the pepper stays when the key rotates.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "kiosk/store/blob_codec.hpp"

namespace store {

enum class PinHashCost { Interactive, Minimum };

struct PinPepper {
    std::array<std::uint8_t, 32> bytes{};
    static PinPepper generate();
    // Derived from a data key (a new key file's pepper comes from its first key; records opened with
    // a key ring and no key file derive it the same way). Kept across rotations.
    static PinPepper derivedFrom(const DataKey& key);
};

std::string hashPin(const std::string& pin, const PinPepper& pepper, PinHashCost cost = PinHashCost::Interactive);
// A peppered hash is checked with the pepper; an older unpeppered one without.
bool verifyPin(const std::string& hash, const std::string& pin, const PinPepper& pepper);
bool isPeppered(const std::string& hash);

}  // namespace store
