// One lock for every call into BLAS (dlib's CNN layers multiply matrices through it).
// The OpenBLAS the project pins, Debian's openblas-serial, is built without locking: two threads
// inside it at once share its work buffers and can return garbage (measured: one descriptor of
// ~10,000 came back with values near 1e29 during a two-thread `kiosk eval`). The kiosk has one
// vision thread, so the lock is uncontended there; `kiosk eval` runs detection and landmarks in
// parallel and takes turns only for the networks.
#pragma once

#include <mutex>

namespace vision {

inline std::mutex& blasMutex() {
    static std::mutex m;
    return m;
}

}  // namespace vision
