#include "vision/rate_text.hpp"

#include <cmath>

namespace vision {
namespace {
std::string groupThousands(long n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}
}  // namespace

long roundedOneIn(double rate) {
    if (!(rate > 0)) return kMaxClaimedOneIn;
    const double n = 1.0 / rate;
    if (n >= static_cast<double>(kMaxClaimedOneIn)) return kMaxClaimedOneIn;
    long best = 1;
    for (long p = 1; p <= kMaxClaimedOneIn; p *= 10)
        for (long m : {1L, 2L, 5L})
            if (static_cast<double>(m * p) <= n + 1e-9 && m * p <= kMaxClaimedOneIn) best = std::max(best, m * p);
    return best;
}

std::string rateText(Band band, const Calibration& c) {
    if (c.impostor_pairs <= 0 || c.strong_fmr.n <= 0) return {};
    if (band == Band::StrongMatch) {
        const long n = roundedOneIn(c.strong_fmr.hi);
        return "Fewer than 1 in " + groupThousands(n) + " " + kRatePopulation + " score this close. " + kRelativesCaveat;
    }
    if (band == Band::PossibleMatch) {
        const long n = roundedOneIn(c.possible_fmr.hi);
        return "Up to 1 in " + groupThousands(n) + " " + kRatePopulation + " score this close. " + kRelativesCaveat;
    }
    return {};
}

}  // namespace vision
