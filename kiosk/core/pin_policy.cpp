#include "kiosk/core/pin_policy.hpp"

#include "kiosk/core/domain.hpp"
#include "kiosk/core/errors.hpp"

namespace core {
namespace {

int digit(char c) { return c - '0'; }

// Every digit one up (or one down) from the one before, wrapping 9 -> 0.
bool run(std::string_view pin, int step) {
    for (std::size_t i = 1; i < pin.size(); ++i)
        if ((digit(pin[i - 1]) + step + 10) % 10 != digit(pin[i])) return false;
    return true;
}

// The PIN is a block of 1 to half its length written again and again (000000, 121212, 123123).
bool repeatedBlock(std::string_view pin) {
    for (std::size_t len = 1; len <= pin.size() / 2; ++len) {
        if (pin.size() % len) continue;
        bool same = true;
        for (std::size_t i = len; i < pin.size() && same; ++i) same = pin[i] == pin[i - len];
        if (same) return true;
    }
    return false;
}

bool validDate(int y, int m, int d) {
    char iso[11];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    return Date::parse(iso).has_value();
}

int num(std::string_view s) { return std::stoi(std::string(s)); }

// ddmmyy, ddmmyyyy (19xx or 20xx) or yyyymmdd: a birthday is the first PIN a guesser tries.
bool looksLikeDate(std::string_view p) {
    if (p.size() == 6) return validDate(2000 + num(p.substr(4, 2)), num(p.substr(2, 2)), num(p.substr(0, 2)));
    if (p.size() != 8) return false;
    const int y1 = num(p.substr(4, 4)), y2 = num(p.substr(0, 4));
    const auto century = [](int y) { return y >= 1900 && y < 2100; };
    return (century(y1) && validDate(y1, num(p.substr(2, 2)), num(p.substr(0, 2)))) ||
           (century(y2) && validDate(y2, num(p.substr(4, 2)), num(p.substr(6, 2))));
}

}  // namespace

std::optional<std::string> pinRefusal(std::string_view pin, bool demo_records) {
    if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits || pin.find_first_not_of("0123456789") != std::string_view::npos)
        return "a PIN is " + std::to_string(kMinPinDigits) + " to " + std::to_string(kMaxPinDigits) + " digits";
    if (repeatedBlock(pin)) return std::string("a PIN may not repeat the same digits (like 000000 or 121212): choose another");
    if (run(pin, 1) || run(pin, -1)) return std::string("a PIN may not count up or down (like 123456): choose another");
    if (looksLikeDate(pin)) return std::string("a PIN may not be a date (like a birthday): choose another");
    if (!demo_records && pin == kDemoPin) return std::string("that is the demo PIN, which everyone knows: choose another");
    return std::nullopt;
}

void checkNewPin(std::string_view pin, bool demo_records) {
    if (const auto why = pinRefusal(pin, demo_records)) throw InputError(*why);
}

std::optional<long> lockoutSeconds(int failures) {
    if (failures < 2 * kMaxWrongPins) return 5 * 60;
    if (failures < 3 * kMaxWrongPins) return 30 * 60;
    return std::nullopt;
}

bool lockedUntilReset(int failures) { return failures >= 3 * kMaxWrongPins; }

}  // namespace core
