// The CLI's face checking is the kiosk's: app::FaceService, calibrated from models/calibration.json
// (DESIGN.md §3). This only turns the global options into the service's.
#pragma once

#include "kiosk/app/face_service.hpp"
#include "kiosk/cli/common.hpp"

namespace kiosk::cli {

inline app::FaceServiceOptions faceServiceOptions(const GlobalOptions& global) {
    app::FaceServiceOptions o;
    if (global.models_dir) o.models_dir = *global.models_dir;
    return o;
}

}  // namespace kiosk::cli
