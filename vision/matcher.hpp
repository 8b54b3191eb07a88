// Comparing descriptors and turning distances into the four confidence bands an officer sees.
// Thread safety: pure functions and value types.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "vision/types.hpp"

namespace vision {

enum class Band { StrongMatch, PossibleMatch, NoMatch, CannotAssess };

// "strong_match" | "possible_match" | "no_match" | "cannot_assess" (the CLI/JSON names).
std::string_view bandName(Band band);
std::optional<Band> bandFromName(std::string_view name);

// Euclidean distance between descriptors; dlib's own same-person decision threshold is 0.6.
double distance(const Descriptor& a, const Descriptor& b);

// Distance cut-offs for the bands: d < strong_below -> strong_match; d < possible_below ->
// possible_match; otherwise no_match.
struct BandThresholds {
    double strong_below = 0.50;
    double possible_below = 0.60;
};

Band bandFor(double distance, const BandThresholds& t);

// The probe against every approved image of one child. `per_ref[i]` is the distance to reference
// i (nullopt where that reference has no usable descriptor); the band comes from the best one.
struct MatchScores {
    std::vector<std::optional<double>> per_ref;
    std::optional<double> best_distance;
    int best_index = -1;
};

MatchScores scoreAgainst(const Descriptor& probe, const std::vector<std::optional<Descriptor>>& refs);

}  // namespace vision
