// A real SMTP server for the tests (tests/support/smtp_sink.py: Debian's python3-aiosmtpd on
// 127.0.0.1, any free port), started and stopped by the test. Every message it accepts is a file
// in `folder`; messages() reads them back with their envelope recipients, headers and body.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace kiosk::test {

struct ReceivedMail {
    std::string envelope_from;
    std::vector<std::string> envelope_to;
    std::map<std::string, std::string> headers;  // lower-case names: "subject", "message-id", "to"
    std::string body;
    std::string raw;
};

class SmtpSink {
public:
    // Starts the server (port 0: any free one). `auth` "user:password" makes it require AUTH.
    // Fails the test with what to install when python3-aiosmtpd is missing.
    explicit SmtpSink(std::filesystem::path folder, int port = 0, std::string auth = {});
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    void stop();   // SIGTERM and wait: the port refuses connections afterwards
    void start();  // again, on the same port
    bool running() const { return pid_ > 0; }
    int port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    std::vector<ReceivedMail> messages() const;  // oldest first

private:
    std::filesystem::path folder_;
    int port_ = 0;
    std::string auth_;
    pid_t pid_ = -1;
};

}  // namespace kiosk::test
