#include "tests/support/smtp_sink.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/test_support.hpp"

namespace kiosk::test {
namespace {

// Debian's interpreter, where python3-aiosmtpd is installed (a pyenv or venv python3 earlier on
// PATH would not have it).
const char* kPython = "/usr/bin/python3";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

ReceivedMail parseMail(const std::string& raw) {
    ReceivedMail m;
    m.raw = raw;
    const auto split = raw.find("\r\n\r\n");
    const std::string head = raw.substr(0, split);
    m.body = split == std::string::npos ? std::string() : raw.substr(split + 4);
    std::istringstream lines(head);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string name = lower(line.substr(0, colon));
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "x-envelope-from") m.envelope_from = value;
        else if (name == "x-envelope-to") m.envelope_to.push_back(value);
        else m.headers[name] = value;
    }
    return m;
}

}  // namespace

SmtpSink::SmtpSink(std::filesystem::path folder, int port, std::string auth)
    : folder_(std::move(folder)), port_(port), auth_(std::move(auth)) {
    std::filesystem::create_directories(folder_);
    start();
}

SmtpSink::~SmtpSink() { stop(); }

void SmtpSink::start() {
    if (pid_ > 0) return;
    if (::access(kPython, X_OK) != 0 ||
        std::system((std::string(kPython) + " -c 'import aiosmtpd' 2>/dev/null").c_str()) != 0)
        FAIL("the test SMTP server needs Debian's python3-aiosmtpd (bash scripts/setup.sh installs it)");
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const std::string script = (sourceDir() / "tests" / "support" / "smtp_sink.py").string();
    const std::string folder = folder_.string(), port = std::to_string(port_);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        ::close(out[1]);
        std::vector<const char*> argv = {kPython, script.c_str(), folder.c_str(), port.c_str()};
        if (!auth_.empty()) {
            argv.push_back("--auth");
            argv.push_back(auth_.c_str());
        }
        argv.push_back(nullptr);
        ::execv(kPython, const_cast<char* const*>(argv.data()));
        ::_exit(127);
    }
    ::close(out[1]);
    // The first line is the port it listens on; wait at most 20 s for it.
    std::string line;
    pollfd p{out[0], POLLIN, 0};
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < until) {
        if (::poll(&p, 1, 200) <= 0) continue;
        char buf[64];
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    if (line.find('\n') == std::string::npos) {
        stop();
        FAIL("the test SMTP server did not start (port " << port_ << ")");
    }
    port_ = std::stoi(line);
}

void SmtpSink::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::vector<ReceivedMail> SmtpSink::messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(folder_))
        if (e.path().extension() == ".eml") files.push_back(e.path());
    // Named by the nanosecond they arrived: sorted by name is sorted by arrival.
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        return a.filename().string().size() != b.filename().string().size()
                   ? a.filename().string().size() < b.filename().string().size()
                   : a.filename().string() < b.filename().string();
    });
    std::vector<ReceivedMail> out;
    for (const auto& f : files) out.push_back(parseMail(readFile(f)));
    return out;
}

}  // namespace kiosk::test
