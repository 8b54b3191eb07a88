// Score fusion of the two networks: each distance is z-normalised with the mean and standard
// deviation of the *impostor* distances of the calibration pairs, and the two are averaged with
// dlib's weight w (fitted in [0.4, 0.7]; issue 14 measured 0.5-0.6 best):
//
//   fused = w (d_dlib - mean_dlib) / sd_dlib + (1 - w) (d_fr - mean_fr) / sd_fr
//
// Lower is more alike, as a distance: 0 is a typical unrelated pair, same people score around -4
// to -6. Bands and the false-match table are expressed in this score (Calibration).
// Thread safety: value type.
#pragma once

#include <vector>

namespace vision {

struct FusionParams {
    double dlib_mean = 0.0, dlib_sd = 1.0;
    double fr_mean = 0.0, fr_sd = 1.0;
    double dlib_weight = 0.55;

    double score(double dlib_distance, double fr_distance) const {
        return dlib_weight * (dlib_distance - dlib_mean) / dlib_sd + (1.0 - dlib_weight) * (fr_distance - fr_mean) / fr_sd;
    }

    // Mean / sd from impostor distances of each network; weight left as given.
    static FusionParams fromImpostors(const std::vector<double>& dlib, const std::vector<double>& fr, double dlib_weight);
};

}  // namespace vision
