#include "vision/calibration.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/core/persistence.hpp>

#include "vision/errors.hpp"
#include "vision/eval_metrics.hpp"

namespace vision {
namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

void writeRate(cv::FileStorage& fs, const char* name, const Rate& r) {
    fs << name << "{" << "value" << r.value << "ci95_low" << r.lo << "ci95_high" << r.hi << "k"
       << static_cast<double>(r.k) << "n" << static_cast<double>(r.n) << "}";
}

Rate readRate(const cv::FileNode& n) {
    Rate r;
    if (n.empty()) return r;
    r.value = static_cast<double>(n["value"]);
    r.lo = static_cast<double>(n["ci95_low"]);
    r.hi = static_cast<double>(n["ci95_high"]);
    r.k = static_cast<long>(static_cast<double>(n["k"]));
    r.n = static_cast<long>(static_cast<double>(n["n"]));
    return r;
}

long countBelow(const std::vector<double>& sorted, double t) {
    return static_cast<long>(std::lower_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
}

}  // namespace

Rate Rate::of(long k, long n) {
    Rate r;
    r.k = k;
    r.n = n;
    if (n <= 0) return r;
    const double z = 1.959963984540054, nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
    const double denom = 1 + z * z / nn;
    const double centre = (p + z * z / (2 * nn)) / denom;
    const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
    r.value = p;
    // Exactly 0 (k = 0) and 1 (k = n) at the ends, and never on the wrong side of the rate: in
    // floating point centre - half comes out a hair above 0 when k = 0.
    r.lo = k <= 0 ? 0.0 : std::min(p, std::max(0.0, centre - half));
    r.hi = k >= n ? 1.0 : std::max(p, std::min(1.0, centre + half));
    return r;
}

FmrEstimate Calibration::fmrAt(double d) const {
    FmrEstimate e;
    if (table_distance.empty()) return e;
    const double floor_fmr = 1.0 / static_cast<double>(impostor_pairs + 1);
    // Interpolate log(FMR) linearly between table rows: FMR falls roughly exponentially with distance.
    auto it = std::upper_bound(table_distance.begin(), table_distance.end(), d);
    double fmr;
    if (it == table_distance.begin()) {
        fmr = table_fmr.front();
    } else if (it == table_distance.end()) {
        fmr = table_fmr.back();
    } else {
        const auto k = static_cast<std::size_t>(it - table_distance.begin());
        const double d0 = table_distance[k - 1], d1 = table_distance[k];
        const double l0 = std::log(table_fmr[k - 1]), l1 = std::log(table_fmr[k]);
        fmr = std::exp(l0 + (l1 - l0) * (d - d0) / (d1 - d0));
    }
    e.fmr = std::clamp(fmr, floor_fmr, 1.0);
    e.upper_bound = e.fmr <= floor_fmr * 1.0000001;
    e.one_in = std::max(1L, std::lround(1.0 / e.fmr));
    return e;
}

Calibration Calibration::fit(const std::vector<double>& genuine, const std::vector<double>& impostor,
                             const std::vector<double>& impostor_all, double target_strong_fmr) {
    Calibration c;
    std::vector<double> all = impostor_all;
    std::sort(all.begin(), all.end());
    std::vector<double> gen = genuine;
    std::sort(gen.begin(), gen.end());
    const auto m = computeMetrics(genuine, impostor, all[all.size() / 2]);
    c.bands.possible_below = round3(m.best_accuracy_threshold);
    // The strong band promises at most the target FMR, so it is held to the *upper* end of the
    // FMR's 95% interval, not to the point estimate: the largest k impostors accepted whose upper
    // bound is still within the target. Rounded down, so it never admits more.
    const long n_all = static_cast<long>(all.size());
    long k = std::min(n_all - 1, static_cast<long>(std::floor(target_strong_fmr * static_cast<double>(n_all) + 1e-9)));
    while (k > 0 && Rate::of(k, n_all).hi > target_strong_fmr) --k;
    c.bands.strong_below = std::min(std::floor(all[static_cast<std::size_t>(k)] * 1000.0) / 1000.0, c.bands.possible_below);
    c.target_strong_fmr = target_strong_fmr;
    c.impostor_pairs = static_cast<long>(all.size());
    c.genuine_pairs = static_cast<long>(genuine.size());
    const long n_imp = c.impostor_pairs, n_gen = c.genuine_pairs;
    c.strong_fmr = Rate::of(countBelow(all, c.bands.strong_below), n_imp);
    c.possible_fmr = Rate::of(countBelow(all, c.bands.possible_below), n_imp);
    c.strong_tar = Rate::of(countBelow(gen, c.bands.strong_below), n_gen);
    c.possible_tar = Rate::of(countBelow(gen, c.bands.possible_below), n_gen);
    // Table over the score range that matters: from below the closest impostor to the median one.
    const double lo = std::floor((std::min(all.front(), gen.front()) - 0.1) * 10.0) / 10.0;
    const double hi = std::max(all[all.size() / 2], c.bands.possible_below + 0.1);
    const double n = static_cast<double>(all.size());
    for (int step = 0; step <= 80; ++step) {
        const double d = lo + (hi - lo) * step / 80.0;
        c.table_distance.push_back(d);
        c.table_fmr.push_back((static_cast<double>(countBelow(all, d)) + 1.0) / (n + 1.0));
    }
    return c;
}

namespace {
Calibration readFile(const std::filesystem::path& file, bool require_fusion) {
    if (!std::filesystem::exists(file)) throw ModelMissingError(file);
    Calibration c;
    bool has_fusion = false;
    try {
        cv::FileStorage fs(file.string(), cv::FileStorage::READ | cv::FileStorage::FORMAT_JSON);
        if (!fs.isOpened()) throw ModelMissingError(file, "cannot be opened");
        c.bands.strong_below = static_cast<double>(fs["strong_below"]);
        c.bands.possible_below = static_cast<double>(fs["possible_below"]);
        c.target_strong_fmr = static_cast<double>(fs["target_strong_fmr"]);
        c.enrol_jitter = static_cast<int>(fs["enrol_jitter"]);
        c.dataset = static_cast<std::string>(fs["dataset"]);
        c.command = static_cast<std::string>(fs["command"]);
        c.impostor_pairs = static_cast<long>(static_cast<double>(fs["impostor_pairs"]));
        c.genuine_pairs = static_cast<long>(static_cast<double>(fs["genuine_pairs"]));
        fs["table_distance"] >> c.table_distance;
        fs["table_fmr"] >> c.table_fmr;
        const cv::FileNode f = fs["fusion"];
        if (!f.empty()) {
            has_fusion = true;
            c.fusion.dlib_mean = static_cast<double>(f["dlib_mean"]);
            c.fusion.dlib_sd = static_cast<double>(f["dlib_sd"]);
            c.fusion.fr_mean = static_cast<double>(f["fr_mean"]);
            c.fusion.fr_sd = static_cast<double>(f["fr_sd"]);
            c.fusion.dlib_weight = static_cast<double>(f["dlib_weight"]);
        }
        if (!fs["dlib_possible_below"].empty()) c.dlib_possible_below = static_cast<double>(fs["dlib_possible_below"]);
        for (const auto& n : fs["models"])
            c.models.push_back({static_cast<std::string>(n["file"]), static_cast<std::string>(n["sha256"])});
        const cv::FileNode r = fs["rates"];
        if (!r.empty()) {
            c.strong_fmr = readRate(r["strong_fmr"]);
            c.possible_fmr = readRate(r["possible_fmr"]);
            c.strong_tar = readRate(r["strong_tar"]);
            c.possible_tar = readRate(r["possible_tar"]);
        }
    } catch (const cv::Exception& e) {
        throw ModelMissingError(file, std::string("is not valid calibration JSON (") + e.what() + ")");
    }
    if (!has_fusion && !require_fusion) return c;  // an old file read for its settings only
    const bool sane = std::isfinite(c.bands.strong_below) && std::isfinite(c.bands.possible_below) &&
                      c.bands.strong_below <= c.bands.possible_below && c.table_distance.size() == c.table_fmr.size() &&
                      !c.table_distance.empty() && c.impostor_pairs > 0 &&
                      std::is_sorted(c.table_distance.begin(), c.table_distance.end()) &&
                      (!has_fusion || (c.fusion.dlib_sd > 0 && c.fusion.fr_sd > 0 && c.fusion.dlib_weight >= 0 &&
                                       c.fusion.dlib_weight <= 1));
    if (!sane) throw ModelMissingError(file, "holds inconsistent thresholds or an empty FMR table");
    if (!has_fusion && require_fusion)
        throw CalibrationMismatchError(file, "was fitted for dlib's network alone (no fusion parameters)");
    return c;
}
}  // namespace

Calibration Calibration::loadSettingsOnly(const std::filesystem::path& file) { return readFile(file, false); }

Calibration Calibration::load(const std::filesystem::path& file) {
    Calibration c = readFile(file, true);
    if (c.models.empty()) throw CalibrationMismatchError(file, "does not name the model files it was fitted for");
    for (const auto& want : scoringModelDigests()) {
        const auto it = std::find_if(c.models.begin(), c.models.end(), [&](const auto& m) { return m.file == want.file; });
        if (it == c.models.end())
            throw CalibrationMismatchError(file, "was not fitted with " + want.file);
        if (it->sha256 != want.sha256)
            throw CalibrationMismatchError(file, "was fitted for " + want.file + " with SHA-256 " + it->sha256.substr(0, 16) +
                                                     "..., but this build's is " + want.sha256.substr(0, 16) + "...");
    }
    return c;
}

void Calibration::save(const std::filesystem::path& file) const {
    cv::FileStorage fs(file.string(), cv::FileStorage::WRITE | cv::FileStorage::FORMAT_JSON);
    fs << "dataset" << dataset << "command" << command;
    fs << "score" << "fused: dlib weight * z(dlib euclidean) + (1 - weight) * z(fr_feature cosine distance), z over impostor pairs";
    fs << "strong_below" << bands.strong_below << "possible_below" << bands.possible_below;
    fs << "target_strong_fmr" << target_strong_fmr << "enrol_jitter" << enrol_jitter;
    fs << "fusion" << "{" << "dlib_mean" << fusion.dlib_mean << "dlib_sd" << fusion.dlib_sd << "fr_mean" << fusion.fr_mean
       << "fr_sd" << fusion.fr_sd << "dlib_weight" << fusion.dlib_weight << "}";
    fs << "dlib_possible_below" << dlib_possible_below;
    fs << "models" << "[";
    for (const auto& m : models) fs << "{" << "file" << m.file << "sha256" << m.sha256 << "}";
    fs << "]";
    fs << "rates" << "{";
    writeRate(fs, "strong_fmr", strong_fmr);
    writeRate(fs, "possible_fmr", possible_fmr);
    writeRate(fs, "strong_tar", strong_tar);
    writeRate(fs, "possible_tar", possible_tar);
    fs << "}";
    fs << "genuine_pairs" << static_cast<double>(genuine_pairs) << "impostor_pairs" << static_cast<double>(impostor_pairs);
    fs << "table_distance" << table_distance << "table_fmr" << table_fmr;
}

std::string describeFmr(const FmrEstimate& e) { return e.text; }

}  // namespace vision
