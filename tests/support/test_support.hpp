// Helpers shared by every test executable: paths to real sample media and models, the real kiosk
// binary, and a way to run it and capture what it prints.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace kiosk::test {

std::filesystem::path sourceDir();
std::filesystem::path samplesDir();  // data/samples (fetched by data/fetch-samples.sh)
std::filesystem::path modelsDir();   // models/ (fetched by models/fetch-models.sh)
std::filesystem::path kioskBinary();

// Fails the current test with a message saying how to fetch them when models or samples are
// missing: tests never pass silently without their inputs.
void requireModels();
void requireSamples();

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// PINs in CLI tests. Every command that reads or records signs its --officer in with the PIN in
// $KIOSK_PIN (the child process inherits the test's environment): a demo database's users have
// core::kDemoPin, and users a test adds to another database get kTestPin ($KIOSK_NEW_PIN).
inline const std::string kTestPin = "493817";
// Sets $KIOSK_PIN (the officer's PIN) for the kiosk processes this test runs from now on.
void officerPin(const std::string& pin);
// Sets $KIOSK_PIN and $KIOSK_NEW_PIN to kTestPin (a database a test sets up with `user add`).
void useTestPins();
// Sets $KIOSK_PIN to the demo PIN (a database made by `kiosk demo seed`).
void useDemoPin();

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    long peak_rss_kb = 0;  // the child's peak resident memory (getrusage of the waited-for child)
};

// Runs the kiosk binary with `args` (no shell; arguments passed as they are), optional stdin text.
// `in_child` runs in the forked child just before exec (e.g. to set a resource limit or drop root).
RunResult runKiosk(const std::vector<std::string>& args, const std::string& stdin_text = {},
                   const std::function<void()>& in_child = {});

// Writes `bytes` to `path` (creating folders).
// The shell prefix that starts the real kiosk GUI under Xvfb; append its arguments. Under the ASan
// preset it turns leak checking off for the GUI process only: Mesa's dlopen'd drivers are unloaded
// at exit, so their one-time allocations cannot be attributed or suppressed (ASan's memory-error
// checks and UBSan still run; every CLI process and test binary keeps leak checking).
std::string xvfbKioskCommand();
void writeFile(const std::filesystem::path& path, const std::string& bytes);
std::string readFile(const std::filesystem::path& path);  // "" when it cannot be read

}  // namespace kiosk::test
