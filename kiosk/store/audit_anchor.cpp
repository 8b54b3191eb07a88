#include "kiosk/store/audit_anchor.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/store/errors.hpp"

namespace store {
namespace {

namespace fs = std::filesystem;

// Closes the descriptor (and so drops its flock) however the scope ends.
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

void fsyncDir(const fs::path& dir) {
    Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    if (d.fd >= 0) ::fsync(d.fd);
}

}  // namespace

std::string anchorPathFor(const std::string& db_path) { return db_path + ".anchor"; }

std::optional<Anchor> readAnchor(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        if (!fs::exists(path)) return std::nullopt;
        throw IntegrityError("the audit anchor " + path + " cannot be read: " + std::strerror(errno));
    }
    std::string magic;
    Anchor a;
    in >> magic >> a.seq >> a.mac;
    if (!in || magic != "kiosk-audit-anchor-v1" || a.seq < 0 || a.mac.size() != 64)
        throw IntegrityError("the audit anchor " + path + " is damaged");
    return a;
}

void writeAnchor(const std::string& path, const Anchor& a, bool force) {
    const fs::path target(path);
    Fd lock{::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)};
    if (lock.fd < 0 || ::flock(lock.fd, LOCK_EX) != 0)
        throw DatabaseError("cannot lock the audit anchor " + path + ": " + std::strerror(errno));
    if (!force) {
        std::optional<Anchor> now;
        try {
            now = readAnchor(path);
        } catch (const IntegrityError&) {
            // A damaged anchor is reported by verification; it is never silently replaced here.
            return;
        }
        if (now && now->seq >= a.seq) return;
    }
    const std::string text = "kiosk-audit-anchor-v1 " + std::to_string(a.seq) + " " + a.mac + "\n";
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
    bool ok = f.fd >= 0 && ::fchmod(f.fd, 0600) == 0 &&
              ::write(f.fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(f.fd) == 0;
    if (f.fd >= 0) ok = ::close(f.fd) == 0 && ok;
    f.fd = -1;
    ok = ok && ::rename(tmp.c_str(), path.c_str()) == 0;
    const int err = errno;
    if (!ok) {
        ::unlink(tmp.c_str());
        throw DatabaseError("cannot write the audit anchor " + path + ": " + std::strerror(err) +
                            " (the change itself is saved; the next start reports the anchor as behind)");
    }
    fsyncDir(target.parent_path());
}

}  // namespace store
