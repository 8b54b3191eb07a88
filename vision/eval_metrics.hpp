// Verification accuracy from genuine / impostor distance samples: the figures `kiosk eval` reports
// and calibration is fitted from. A distance below the threshold is a "match" decision.
// Thread safety: pure functions on values.
#pragma once

#include <optional>
#include <vector>

namespace vision {

struct RocPoint {
    double threshold;
    double fmr;  // impostor pairs accepted (distance < threshold) / impostor pairs
    double tar;  // genuine pairs accepted / genuine pairs
};

struct VerificationMetrics {
    std::size_t genuine = 0, impostor = 0;
    double threshold = 0.0;
    double accuracy_at_threshold = 0.0;
    double fmr_at_threshold = 0.0, tar_at_threshold = 0.0;
    double eer = 0.0, eer_threshold = 0.0;
    double best_accuracy = 0.0, best_accuracy_threshold = 0.0;  // threshold: middle of the best run
    // TAR at the largest threshold whose FMR does not exceed the target. nullopt when the sample
    // has too few impostor pairs to resolve that FMR (fewer than 1/target pairs).
    std::optional<double> tar_at_fmr_1e2, tar_at_fmr_1e3;
    std::vector<RocPoint> roc;  // one point per distinct threshold, increasing
};

// Requires: non-empty genuine and impostor samples.
VerificationMetrics computeMetrics(std::vector<double> genuine, std::vector<double> impostor, double threshold);

// Largest threshold t such that the share of `impostor` below t is <= fmr (0 when none).
double thresholdAtFmr(std::vector<double> impostor, double fmr);

}  // namespace vision
