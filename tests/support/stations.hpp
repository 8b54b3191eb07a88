// Several stations at once, as separate processes with their own connections (fork): each runs
// `station(p)`; one that throws prints why and exits 1. Returns each process's wait status, in order.
#pragma once

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <functional>
#include <vector>

namespace kiosk::test {

inline std::vector<int> runStations(int count, const char* what, const std::function<void(int)>& station) {
    std::vector<pid_t> children;
    for (int p = 0; p < count; ++p) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 0;
            try {
                station(p);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "%s %d failed: %s\n", what, p, e.what());
                code = 1;
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    std::vector<int> statuses;
    for (const pid_t pid : children) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        statuses.push_back(status);
    }
    return statuses;
}

}  // namespace kiosk::test
