#include "vision/calibration.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/core/persistence.hpp>

#include "vision/errors.hpp"
#include "vision/eval_metrics.hpp"

namespace vision {
namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

std::string groupThousands(long n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

}  // namespace

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
    const auto m = computeMetrics(genuine, impostor, 0.6);
    c.bands.possible_below = round3(m.best_accuracy_threshold);
    std::vector<double> all = impostor_all;
    std::sort(all.begin(), all.end());
    // Round *down* so the strong band never admits more than the target FMR.
    c.bands.strong_below =
        std::min(std::floor(thresholdAtFmr(all, target_strong_fmr) * 1000.0) / 1000.0, c.bands.possible_below);
    c.target_strong_fmr = target_strong_fmr;
    c.impostor_pairs = static_cast<long>(all.size());
    c.genuine_pairs = static_cast<long>(genuine.size());
    const double n = static_cast<double>(all.size());
    for (int step = 20; step <= 100; ++step) {
        const double d = step / 100.0;
        const double below = static_cast<double>(std::lower_bound(all.begin(), all.end(), d) - all.begin());
        c.table_distance.push_back(d);
        c.table_fmr.push_back((below + 1.0) / (n + 1.0));
    }
    return c;
}

Calibration Calibration::load(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw ModelMissingError(file);
    Calibration c;
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
    } catch (const cv::Exception& e) {
        throw ModelMissingError(file, std::string("is not valid calibration JSON (") + e.what() + ")");
    }
    const bool sane = c.bands.strong_below > 0.0 && c.bands.strong_below <= c.bands.possible_below &&
                      c.bands.possible_below < 2.0 && c.table_distance.size() == c.table_fmr.size() &&
                      !c.table_distance.empty() && c.impostor_pairs > 0 &&
                      std::is_sorted(c.table_distance.begin(), c.table_distance.end());
    if (!sane) throw ModelMissingError(file, "holds inconsistent thresholds or an empty FMR table");
    return c;
}

void Calibration::save(const std::filesystem::path& file) const {
    cv::FileStorage fs(file.string(), cv::FileStorage::WRITE | cv::FileStorage::FORMAT_JSON);
    fs << "dataset" << dataset << "command" << command;
    fs << "strong_below" << bands.strong_below << "possible_below" << bands.possible_below;
    fs << "target_strong_fmr" << target_strong_fmr << "enrol_jitter" << enrol_jitter;
    fs << "genuine_pairs" << static_cast<double>(genuine_pairs) << "impostor_pairs" << static_cast<double>(impostor_pairs);
    fs << "table_distance" << table_distance << "table_fmr" << table_fmr;
}

std::string describeFmr(const FmrEstimate& e) {
    if (e.upper_bound)
        return "fewer than 1 in " + groupThousands(e.one_in) + " different people score this close";
    return "a different person scores this close about 1 in " + groupThousands(e.one_in);
}

}  // namespace vision
