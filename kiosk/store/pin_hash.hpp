// PIN hashing with libsodium's crypto_pwhash_str (argon2id). Real users get the interactive cost;
// tests and the demo seed may ask for the minimum cost so that seeding a dozen users is quick.
#pragma once

#include <string>

namespace store {

enum class PinHashCost { Interactive, Minimum };

std::string hashPin(const std::string& pin, PinHashCost cost = PinHashCost::Interactive);
bool verifyPin(const std::string& hash, const std::string& pin);

}  // namespace store
