// The false-match wording an officer sees: one function, used by every path (verify CLI, kiosk
// check, the stations' vision worker through FmrEstimate::text / describeFmr).
//
// Rules (docs/CONFIDENCE.md "What the rate says"):
// - only strong_match and possible_match carry a rate; cannot_assess and no_match carry none;
// - the rate is the band's, not the pair's: strong_match uses the upper 95% bound of the FMR at
//   the strong threshold, possible_match that at the possible threshold, so the words never claim
//   more than the calibration pairs can show;
// - rounded down to 1, 2 or 5 times a power of ten and never more than "1 in 10,000";
// - it names its population, and every rate carries the relatives caveat.
// Thread safety: pure functions.
#pragma once

#include <string>

#include "vision/calibration.hpp"
#include "vision/matcher.hpp"

namespace vision {

inline constexpr long kMaxClaimedOneIn = 10'000;
inline constexpr const char* kRatePopulation = "unrelated adults in the reference photos";
inline constexpr const char* kRelativesCaveat =
    "Relatives (brothers, sisters, parents) and children score closer than unrelated adults: "
    "this rate does not cover them, so check carefully.";

// "1 in N" figure for a rate, rounded down to 1/2/5 x 10^k and capped at kMaxClaimedOneIn.
long roundedOneIn(double rate);

// Empty for cannot_assess and no_match (and when uncalibrated).
std::string rateText(Band band, const Calibration& calibration);

}  // namespace vision
