#include "vision/eval_metrics.hpp"

#include <optional>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vision {
namespace {

// Share of sorted `v` strictly below t.
double shareBelow(const std::vector<double>& sorted, double t) {
    return static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), t) - sorted.begin()) /
           static_cast<double>(sorted.size());
}

std::optional<double> tarAtFmr(const std::vector<double>& g, const std::vector<double>& i, double fmr) {
    if (static_cast<double>(i.size()) * fmr < 1.0) return std::nullopt;  // cannot resolve that FMR
    return shareBelow(g, thresholdAtFmr(i, fmr));
}

}  // namespace

double thresholdAtFmr(std::vector<double> impostor, double fmr) {
    if (impostor.empty()) return 0.0;
    std::sort(impostor.begin(), impostor.end());
    // Accepting k impostors (those below impostor[k]) gives FMR k/n; take the largest k with k/n <= fmr.
    const auto k = static_cast<std::size_t>(std::floor(fmr * static_cast<double>(impostor.size()) + 1e-9));
    return k < impostor.size() ? impostor[k] : impostor.back() + 1e-9;
}

VerificationMetrics computeMetrics(std::vector<double> g, std::vector<double> i, double threshold) {
    if (g.empty() || i.empty()) throw std::invalid_argument("metrics need both genuine and impostor pairs");
    std::sort(g.begin(), g.end());
    std::sort(i.begin(), i.end());
    VerificationMetrics m;
    m.genuine = g.size();
    m.impostor = i.size();
    m.threshold = threshold;
    const double n = static_cast<double>(g.size() + i.size());
    auto accuracy = [&](double t) {
        const double tar = shareBelow(g, t), fmr = shareBelow(i, t);
        return (tar * static_cast<double>(g.size()) + (1.0 - fmr) * static_cast<double>(i.size())) / n;
    };
    m.tar_at_threshold = shareBelow(g, threshold);
    m.fmr_at_threshold = shareBelow(i, threshold);
    m.accuracy_at_threshold = accuracy(threshold);

    // Candidate thresholds: just above every observed distance.
    std::vector<double> cuts;
    cuts.reserve(g.size() + i.size() + 1);
    // Below every sample (accepts nothing). Scores may be negative (the fused score is z-units).
    cuts.push_back(std::min({0.0, *std::min_element(g.begin(), g.end()), *std::min_element(i.begin(), i.end())}) - 1.0);
    for (double d : g) cuts.push_back(std::nextafter(d, 10.0));
    for (double d : i) cuts.push_back(std::nextafter(d, 10.0));
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    double best_gap = 2.0;
    std::optional<double> run_end;  // not a sentinel value: scores may be negative
    bool in_best_run = false;
    for (double t : cuts) {
        const double tar = shareBelow(g, t), fmr = shareBelow(i, t);
        m.roc.push_back({t, fmr, tar});
        const double frr = 1.0 - tar;
        if (std::abs(frr - fmr) < best_gap) {
            best_gap = std::abs(frr - fmr);
            m.eer = 0.5 * (frr + fmr);
            m.eer_threshold = t;
        }
        const double acc = accuracy(t);
        if (acc > m.best_accuracy + 1e-12) {
            m.best_accuracy = acc;
            m.best_accuracy_threshold = t;
            in_best_run = true;
            run_end.reset();
        } else if (in_best_run && acc < m.best_accuracy - 1e-12) {
            in_best_run = false;  // the best accuracy holds for every threshold up to (not incl.) this cut
            run_end = t;
        }
    }
    if (!run_end) run_end = cuts.back();
    // The middle of the best interval generalises better than its edge, which touches a sample.
    m.best_accuracy_threshold = 0.5 * (m.best_accuracy_threshold + *run_end);
    m.tar_at_fmr_1e2 = tarAtFmr(g, i, 1e-2);
    m.tar_at_fmr_1e3 = tarAtFmr(g, i, 1e-3);
    return m;
}

}  // namespace vision
