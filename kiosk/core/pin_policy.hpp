// PIN rules: which new PINs are allowed, and how long wrong PINs lock a user out. Pure rules: the
// store hashes PINs (peppered with a secret from the key file) and Records applies these.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace core {

// The demo database's PIN for every demo user. Refused as a PIN anywhere else.
inline constexpr std::string_view kDemoPin = "246810";

inline constexpr std::size_t kMinPinDigits = 6;
inline constexpr std::size_t kMaxPinDigits = 12;

// Why `pin` may not be a new PIN, in words for the person choosing it; nullopt when it may.
// Refused: anything but 6 to 12 digits; one digit repeated (000000); a run up or down (123456,
// 987654, 890123); a short block repeated (121212, 123123); a date (ddmmyy, ddmmyyyy, yyyymmdd),
// which is how people pick dates of birth; the demo PIN outside a demo database.
std::optional<std::string> pinRefusal(std::string_view pin, bool demo_records);
// Throws InputError with pinRefusal()'s words.
void checkNewPin(std::string_view pin, bool demo_records);

// Wrong PINs: every kMaxWrongPins in a row since the last success (or PIN reset) lock the user out,
// for longer each time: 5 minutes, then 30 minutes, then until an administrator resets the PIN.
inline constexpr int kMaxWrongPins = 5;
// The lockout that `failures` consecutive wrong PINs earn, in seconds; nullopt: until reset.
// Only meaningful when failures is a multiple of kMaxWrongPins.
std::optional<long> lockoutSeconds(int failures);
// Whether `failures` consecutive wrong PINs hold the user out until an administrator resets the PIN.
bool lockedUntilReset(int failures);

}  // namespace core
