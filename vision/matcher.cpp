#include "vision/matcher.hpp"

#include <cmath>

namespace vision {

std::string_view bandName(Band band) {
    switch (band) {
        case Band::StrongMatch: return "strong_match";
        case Band::PossibleMatch: return "possible_match";
        case Band::NoMatch: return "no_match";
        case Band::CannotAssess: return "cannot_assess";
    }
    return "cannot_assess";
}

std::optional<Band> bandFromName(std::string_view name) {
    for (Band b : {Band::StrongMatch, Band::PossibleMatch, Band::NoMatch, Band::CannotAssess})
        if (bandName(b) == name) return b;
    return std::nullopt;
}

double distance(const Descriptor& a, const Descriptor& b) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
        sum += d * d;
    }
    return std::sqrt(sum);
}

Band bandFor(double d, const BandThresholds& t) {
    if (d < t.strong_below) return Band::StrongMatch;
    if (d < t.possible_below) return Band::PossibleMatch;
    return Band::NoMatch;
}

MatchScores scoreAgainst(const Descriptor& probe, const std::vector<std::optional<Descriptor>>& refs) {
    MatchScores s;
    s.per_ref.reserve(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) {
        if (!refs[i]) {
            s.per_ref.emplace_back(std::nullopt);
            continue;
        }
        const double d = distance(probe, *refs[i]);
        s.per_ref.emplace_back(d);
        if (!s.best_distance || d < *s.best_distance) {
            s.best_distance = d;
            s.best_index = static_cast<int>(i);
        }
    }
    return s;
}

}  // namespace vision
