// Draws the evaluation figure: ROC (TAR against FMR, log scale) and both distance histograms with
// the band thresholds marked. OpenCV drawing only, written as PNG.
#pragma once

#include <filesystem>
#include <vector>

#include "vision/calibration.hpp"
#include "vision/eval_metrics.hpp"

namespace kiosk::cli {

void writeEvalPlot(const std::filesystem::path& png, const vision::VerificationMetrics& m,
                   const std::vector<double>& genuine, const std::vector<double>& impostor,
                   const vision::BandThresholds& bands, const std::string& title);

}  // namespace kiosk::cli
