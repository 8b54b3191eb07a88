// Every headless subcommand, registered on the one CLI::App in main.cpp.
#pragma once

#include "kiosk/cli/common.hpp"

namespace kiosk::cli {

void registerVerify(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerBench(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerLiveness(CLI::App& app, GlobalOptions& global, int& exit_code);
// Record-keeping commands (issue 4): database, demo seed, import, enrol, bookings, checks, safeguarding.
void registerDb(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerDemo(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerImport(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerEnrol(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerBookings(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerCheck(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerSafeguarding(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerSessions(CLI::App& app, GlobalOptions& global, int& exit_code);
// Data key rotation and the retention purge (security issue).
void registerKey(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerBenchRecords(CLI::App& app, GlobalOptions& global, int& exit_code);
void registerEval(CLI::App& app, GlobalOptions& global, int& exit_code);
// Administration (after registerDb: it adds to `kiosk user`): image list/retire, user pin/deactivate.
void registerAdmin(CLI::App& app, GlobalOptions& global, int& exit_code);
// Re-embedding approved images after a change of face model (issue 14).
void registerReembed(CLI::App& app, GlobalOptions& global, int& exit_code);
// Notifications that reach people: notifications, recipients, the outbox, settings (issue 13).
void registerNotify(CLI::App& app, GlobalOptions& global, int& exit_code);

}  // namespace kiosk::cli
