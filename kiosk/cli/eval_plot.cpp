#include "kiosk/cli/eval_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace kiosk::cli {
namespace {

const cv::Scalar kInk(40, 40, 40), kGrid(225, 225, 225), kGenuine(178, 114, 0), kImpostor(0, 94, 213),
    kStrong(115, 158, 0), kPossible(66, 159, 230);

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.5, cv::Scalar colour = kInk) {
    cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv::LINE_AA);
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// ROC panel: x = log10(FMR) from 1e-4 to 1, y = TAR from y0 to 1.
void drawRoc(cv::Mat& img, cv::Rect box, const vision::VerificationMetrics& m) {
    const double y0 = 0.80;
    auto px = [&](double fmr, double tar) {
        const double lx = (std::log10(std::max(fmr, 1e-4)) + 4.0) / 4.0;
        const double ly = (std::clamp(tar, y0, 1.0) - y0) / (1.0 - y0);
        return cv::Point(box.x + static_cast<int>(lx * box.width), box.y + box.height - static_cast<int>(ly * box.height));
    };
    for (int e = -4; e <= 0; ++e) {
        cv::line(img, px(std::pow(10.0, e), y0), px(std::pow(10.0, e), 1.0), kGrid);
        text(img, "1e" + std::to_string(e), px(std::pow(10.0, e), y0) + cv::Point(-14, 18), 0.4);
    }
    for (double t = y0; t <= 1.0001; t += 0.05) {
        cv::line(img, px(1e-4, t), px(1.0, t), kGrid);
        text(img, fmt("%.2f", t), px(1e-4, t) + cv::Point(-42, 4), 0.4);
    }
    cv::rectangle(img, box, kInk);
    std::vector<cv::Point> pts;
    for (const auto& p : m.roc) pts.push_back(px(p.fmr, p.tar));
    if (pts.size() > 1) cv::polylines(img, pts, false, kGenuine, 2, cv::LINE_AA);
    cv::circle(img, px(m.fmr_at_threshold, m.tar_at_threshold), 5, kPossible, -1, cv::LINE_AA);
    text(img, "ROC: true accept rate vs false match rate (log)", {box.x, box.y - 10}, 0.5);
    text(img, fmt("EER %.2f%%", 100.0 * m.eer), {box.x + 10, box.y + box.height - 40}, 0.5);
    text(img, fmt("accuracy at threshold %.2f%%", 100.0 * m.accuracy_at_threshold),
         {box.x + 10, box.y + box.height - 18}, 0.5);
}

void drawHistograms(cv::Mat& img, cv::Rect box, const std::vector<double>& g, const std::vector<double>& i,
                    const vision::BandThresholds& bands) {
    // The fused score is z-units (genuine about -6..-2, impostors about -2..3): range from the data,
    // its 0.5th to 99.5th percentile, so one odd pair far out does not squash the rest into a few
    // bins (the outliers are counted in the end bins).
    std::vector<double> all(g);
    all.insert(all.end(), i.begin(), i.end());
    std::sort(all.begin(), all.end());
    double lo = 0.0, hi = 1.2;
    if (!all.empty()) {
        lo = std::floor(all[all.size() / 200]);
        hi = std::ceil(all[all.size() - 1 - all.size() / 200]);
        if (!(hi > lo)) lo = all.front() - 0.6, hi = all.front() + 0.6;
    }
    // At most about a dozen labelled grid lines, each at a whole step.
    const double step = (hi - lo) > 4 ? std::ceil((hi - lo) / 12.0) : 0.2;
    const int bins = 60;
    auto hist = [&](const std::vector<double>& v) {
        std::vector<double> h(bins, 0.0);
        for (double d : v) h[static_cast<std::size_t>(std::clamp(static_cast<int>((d - lo) / (hi - lo) * bins), 0, bins - 1))] += 1.0;
        for (auto& x : h) x /= std::max<std::size_t>(1, v.size());
        return h;
    };
    const auto hg = hist(g), hi_ = hist(i);
    const double top = std::max(*std::max_element(hg.begin(), hg.end()), *std::max_element(hi_.begin(), hi_.end()));
    auto xAt = [&](double d) { return box.x + static_cast<int>((d - lo) / (hi - lo) * box.width); };
    auto yAt = [&](double f) { return box.y + box.height - static_cast<int>(f / top * (box.height - 10)); };
    for (double d = lo; d <= hi + 1e-9; d += step) {
        cv::line(img, {xAt(d), box.y}, {xAt(d), box.y + box.height}, kGrid);
        text(img, fmt("%.1f", d), {xAt(d) - 10, box.y + box.height + 18}, 0.4);
    }
    cv::rectangle(img, box, kInk);
    auto bars = [&](const std::vector<double>& h, cv::Scalar colour) {
        std::vector<cv::Point> pts{{xAt(lo), yAt(0)}};
        for (int b = 0; b < bins; ++b) {
            const double a = lo + (hi - lo) * b / bins, z = lo + (hi - lo) * (b + 1) / bins;
            pts.push_back({xAt(a), yAt(h[static_cast<std::size_t>(b)])});
            pts.push_back({xAt(z), yAt(h[static_cast<std::size_t>(b)])});
        }
        cv::polylines(img, pts, false, colour, 2, cv::LINE_AA);
    };
    bars(hg, kGenuine);
    bars(hi_, kImpostor);
    cv::line(img, {xAt(bands.strong_below), box.y}, {xAt(bands.strong_below), box.y + box.height}, kStrong, 2);
    cv::line(img, {xAt(bands.possible_below), box.y}, {xAt(bands.possible_below), box.y + box.height}, kPossible, 2);
    text(img, "fused score histograms (share of pairs per bin)", {box.x, box.y - 10}, 0.5);
    text(img, "same person", {box.x + box.width - 190, box.y + 20}, 0.5, kGenuine);
    text(img, "different people", {box.x + box.width - 190, box.y + 40}, 0.5, kImpostor);
    text(img, fmt("strong < %.3f", bands.strong_below), {box.x + box.width - 190, box.y + 60}, 0.5, kStrong);
    text(img, fmt("possible < %.3f", bands.possible_below), {box.x + box.width - 190, box.y + 80}, 0.5, kPossible);
}

}  // namespace

void writeEvalPlot(const std::filesystem::path& png, const vision::VerificationMetrics& m,
                   const std::vector<double>& genuine, const std::vector<double>& impostor,
                   const vision::BandThresholds& bands, const std::string& title) {
    cv::Mat img(620, 1400, CV_8UC3, cv::Scalar(255, 255, 255));
    text(img, title, {30, 32}, 0.65);
    drawRoc(img, cv::Rect(90, 90, 560, 470), m);
    drawHistograms(img, cv::Rect(760, 90, 600, 470), genuine, impostor, bands);
    if (!cv::imwrite(png.string(), img)) throw std::invalid_argument("cannot write plot " + png.string());
}

}  // namespace kiosk::cli
