// Shared plumbing for the headless subcommands: exit codes, error mapping, JSON/text output.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace kiosk::cli {

// Exit codes every subcommand shares (DESIGN.md §6).
enum Exit : int {
    kOk = 0,
    kFailure = 1,       // an operation ran and failed (audit chain broken, records failed their integrity check)
    kBadInput = 2,      // bad input or usage
    kModelsMissing = 3, // model files absent or unreadable
};

// Options every subcommand may read.
struct GlobalOptions {
    std::optional<std::string> models_dir;
    std::string command_line;  // argv as typed, recorded beside outputs that must say how they were made
};

// Runs `body`, turning the typed faults of the libraries into a clear message on stderr and the
// right exit code. Expected outcomes are the body's own business.
int guarded(const std::string& command, const std::function<int()>& body);

// Text from the records (names, references, reasons, notes, usernames, file names) as the text
// output prints it: control characters and invisible format characters become visible escapes
// (core::printableText), so nothing in a record can drive the terminal. Every text printer passes
// such values through this; JSON output needs nothing (nlohmann escapes them).
std::string shown(std::string_view text, bool keep_newlines = false);

// Prints JSON (pretty, one document) to stdout.
void printJson(const nlohmann::json& j);

// Every numeric option is range-checked, so a value such as `--width -5` is a usage error (exit 2)
// with a message naming the option and its range, never an abort. Ids are 1 or more.
inline CLI::Validator idRange() { return CLI::Range(1LL, 9'000'000'000'000'000'000LL).description("ID >= 1"); }

// A subcommand registers itself on the app and stores its exit code in `exit_code` when it runs.
using Registrar = void (*)(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace kiosk::cli
