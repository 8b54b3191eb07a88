// Calibrated confidence bands: distance thresholds fitted on labelled pairs, and a distance ->
// estimated false-match-rate table, so that the officer sees "a different person scores this close
// about 1 in N" rather than a bare distance.
//
// strong_match   : distance < strong_below; estimated FMR <= target_strong_fmr (1e-3 by default).
// possible_match : strong_below <= distance < possible_below (the accuracy-optimal match threshold):
//                  most likely the same person, but a different person sometimes scores this close;
//                  the officer must check carefully.
// no_match       : distance >= possible_below.
//
// Stored as JSON (models/calibration.json, committed with the command that produced it), read and
// written with cv::FileStorage so vision/ stays OpenCV + dlib only.
// Thread safety: immutable after load; share freely between threads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "vision/matcher.hpp"

namespace vision {

struct FmrEstimate {
    double fmr = 1.0;          // estimated share of different people scoring at least this close
    bool upper_bound = false;  // true when no calibration impostor scored this close: "fewer than"
    long one_in = 1;           // round(1 / fmr), for plain language
};

struct Calibration {
    BandThresholds bands;
    double target_strong_fmr = 1e-3;
    int enrol_jitter = 0;          // enrolment-path setting the thresholds were fitted with
    std::string dataset;           // what it was fitted on
    std::string command;           // the exact command that produced it
    long impostor_pairs = 0;       // cross-identity pairs behind the FMR table
    long genuine_pairs = 0;
    std::vector<double> table_distance;  // increasing
    std::vector<double> table_fmr;       // (impostors below distance + 1) / (impostor pairs + 1)

    FmrEstimate fmrAt(double distance) const;

    // Requires: genuine and impostor distances of labelled pairs (for the match threshold) and a
    // large impostor sample (e.g. every cross-identity pair) for the FMR table.
    static Calibration fit(const std::vector<double>& genuine, const std::vector<double>& impostor,
                           const std::vector<double>& impostor_all, double target_strong_fmr = 1e-3);

    // Throws ModelMissingError (missing or unreadable file) so callers exit as for a missing model.
    static Calibration load(const std::filesystem::path& file);
    void save(const std::filesystem::path& file) const;

    static std::filesystem::path defaultFile(const std::filesystem::path& models_dir) {
        return models_dir / "calibration.json";
    }
};

// Plain-language false-match sentence for the officer, e.g.
// "a different person scores this close about 1 in 2,300".
std::string describeFmr(const FmrEstimate& e);

}  // namespace vision
