// kiosk import prisoners|children|arrangements|bookings FILE.csv [--officer USER] [--db] [--json]
// All rows or none: any bad row is reported with its line number and nothing is imported.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/core/importer.hpp"

namespace kiosk::cli {
namespace {

struct ImportArgs {
    RecordsOptions o;
    std::string kind, file;
    OfficerOptions officer;
};

int run(const ImportArgs& a) {
    const auto kind = core::parseImportKind(a.kind);
    if (!kind) throw core::InputError("import kind '" + a.kind + "' is not prisoners, children, arrangements or bookings");
    // A folder opens as a stream on Linux and reads as empty: say what it is instead.
    if (std::filesystem::is_directory(a.file)) throw core::InputError(a.file + " is a directory, not a CSV file");
    std::ifstream f(a.file, std::ios::binary);
    if (!f) throw core::InputError("cannot read " + a.file);
    std::stringstream buf;
    buf << f.rdbuf();
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    const std::string text = buf.str();
    const bool show_progress = text.size() > 256 * 1024;
    const auto result = core::importCsv(s->records, by, *kind, text, [&](std::size_t done, std::size_t total) {
        if (show_progress) std::cerr << "\rimporting " << done << " / " << total << std::flush;
    });
    if (show_progress) std::cerr << "\n";
    if (a.o.json) {
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& e : result.errors) errors.push_back({{"line", e.line}, {"message", e.message}});
        printJson({{"kind", a.kind}, {"rows", result.rows}, {"imported", result.imported}, {"errors", errors}});
    } else if (result.errors.empty()) {
        std::printf("imported %zu %s from %s\n", result.imported, a.kind.c_str(), a.file.c_str());
    }
    if (!result.errors.empty()) {
        for (const auto& e : result.errors) std::cerr << a.file << ":" << e.line << ": " << e.message << "\n";
        std::cerr << "kiosk import: " << result.errors.size() << " bad row" << (result.errors.size() == 1 ? "" : "s")
                  << " of " << result.rows << "; nothing was imported\n";
        return kBadInput;
    }
    return kOk;
}

}  // namespace

void registerImport(CLI::App& app, GlobalOptions&, int& exit_code) {
    auto a = std::make_shared<ImportArgs>();
    auto* cmd = app.add_subcommand("import", "Import prisoners, children, arrangements or bookings from CSV (all or nothing)");
    addRecordsOptions(cmd, a->o);
    cmd->add_option("kind", a->kind, "prisoners | children | arrangements | bookings")->required();
    cmd->add_option("file", a->file, "CSV file with a header row")->required();
    addOfficerOptions(cmd, a->officer, "User recorded as importing");
    cmd->footer(
        "Columns (by header name):\n"
        "  prisoners:    prison_number, first_name, last_name, pprc_status (pprc|pprc_pending|not_pprc), establishment\n"
        "  children:     ref, first_name, last_name, date_of_birth, carer_name\n"
        "  arrangements: prison_number, child_ref, contact_types (visits;video_calls;phone;letters), decision_date,\n"
        "                [next_review_due], [status], [conditions]\n"
        "  bookings:     [ref], kind (visit|video_call), prison_number, date, time (HH:MM), children (refs, ;-separated)\n"
        "Exit status: 0 imported, 2 bad file or any bad row (nothing imported).");
    cmd->callback([a, &exit_code] { exit_code = guarded("import", [&] { return run(*a); }); });
}

}  // namespace kiosk::cli
