// kiosk import prisoners|children|arrangements|bookings FILE.csv [--officer USER] [--db] [--json]
// All rows or none: any bad row is reported with its line number and nothing is imported.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/records_common.hpp"
#include "kiosk/core/csv.hpp"
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
    // A folder, FIFO or device, or a file over the size limit, is refused before it is read.
    const std::string text = core::readCsvFile(a.file);
    auto s = openRecords(a.o);
    const core::User by = signIn(*s, a.officer);
    const bool show_progress = text.size() > 256 * 1024;
    const auto result = core::importCsv(s->records, by, *kind, text, [&](std::size_t done, std::size_t total) {
        if (show_progress) std::cerr << "\rimporting " << done << " / " << total << std::flush;
    });
    if (show_progress) std::cerr << "\n";
    if (a.o.json) {
        nlohmann::json errors = nlohmann::json::array();
        for (const auto& e : result.errors) errors.push_back({{"line", e.line}, {"message", e.message}});
        printJson({{"kind", a.kind},
                   {"rows", result.rows},
                   {"imported", result.imported},
                   {"errors", errors},
                   {"error_count", result.error_count},
                   {"write_lock_ms", result.write_ms},
                   {"rechecked_in_write", result.rechecked}});
    } else if (result.error_count == 0) {
        std::printf("imported %zu %s from %s\n", result.imported, a.kind.c_str(), shown(a.file).c_str());
    }
    if (result.error_count > 0) {
        for (const auto& e : result.errors) std::cerr << shown(a.file) << ":" << e.line << ": " << shown(e.message) << "\n";
        if (result.error_count > result.errors.size())
            std::cerr << "\u2026 and " << result.error_count - result.errors.size() << " more errors\n";
        std::cerr << "kiosk import: " << result.error_count << " bad row" << (result.error_count == 1 ? "" : "s")
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
        "Limits: 32 MiB, 200,000 rows, 4,096 bytes a value; the first 100 bad rows are listed.\n"
        "Exit status: 0 imported, 2 bad file or any bad row (nothing imported).");
    cmd->callback([a, &exit_code] { exit_code = guarded("import", [&] { return run(*a); }); });
}

}  // namespace kiosk::cli
