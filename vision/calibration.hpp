// Calibrated confidence bands: thresholds on the fused score (vision/fusion.hpp) fitted on labelled
// pairs, a score -> estimated false-match-rate table, and the band-level rates (with 95% Wilson
// intervals) that the officer's wording is derived from (vision/rate_text.hpp, docs/CONFIDENCE.md).
// "distance" below means the fused score: lower is more alike.
//
// A calibration names the SHA-256 of every model file the score depends on (scoringModelDigests);
// loading one fitted for other models is refused (CalibrationMismatchError), as is one from before
// fusion (dlib alone).
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

#include "vision/fusion.hpp"
#include "vision/matcher.hpp"
#include "vision/models.hpp"

namespace vision {

struct FmrEstimate {
    double fmr = 1.0;          // estimated share of different people scoring at least this close
    bool upper_bound = false;  // true when no calibration impostor scored this close: "fewer than"
    long one_in = 1;           // round(1 / fmr), for plain language
    std::string text;          // the officer's wording for the band (rateText); empty: say nothing
};

// A proportion k/n with its 95% Wilson score interval.
struct Rate {
    double value = 0.0, lo = 0.0, hi = 1.0;
    long k = 0, n = 0;
    static Rate of(long k, long n);
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
    FusionParams fusion;
    double dlib_possible_below = 0.6;    // dlib's own threshold, for the look-alike check (dlib distances)
    std::vector<ModelDigest> models;     // what it was fitted for
    // Band-level rates on the calibration pairs (FMR over every cross-identity pair, TAR over the
    // genuine pairs): what the wording may claim.
    Rate strong_fmr, possible_fmr, strong_tar, possible_tar;

    FmrEstimate fmrAt(double distance) const;

    // Requires: genuine and impostor distances of labelled pairs (for the match threshold) and a
    // large impostor sample (e.g. every cross-identity pair) for the FMR table.
    static Calibration fit(const std::vector<double>& genuine, const std::vector<double>& impostor,
                           const std::vector<double>& impostor_all, double target_strong_fmr = 1e-3);

    // Throws ModelMissingError (missing or unreadable file) so callers exit as for a missing model,
    // CalibrationMismatchError (a ModelMissingError) when fitted for other model files or before fusion.
    static Calibration load(const std::filesystem::path& file);
    // The settings of a calibration (e.g. enrol_jitter) without the model-digest or fusion checks:
    // what --fit-calibration keeps from the file it replaces.
    static Calibration loadSettingsOnly(const std::filesystem::path& file);
    void save(const std::filesystem::path& file) const;

    static std::filesystem::path defaultFile(const std::filesystem::path& models_dir) {
        return models_dir / "calibration.json";
    }
};

// The officer's false-match wording carried by an estimate (FmrEstimate::text, from rateText in
// vision/rate_text.hpp): kept so that every caller prints the same words.
std::string describeFmr(const FmrEstimate& e);

}  // namespace vision
