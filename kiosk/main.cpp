// kiosk: the visits-hall identity-check kiosk. With no subcommand it starts the touchscreen app;
// every operation the app performs also runs headless as a subcommand (DESIGN.md §6).
#include <iostream>

#include "kiosk/cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Identity-check kiosk for prison visits halls and secure social video calls.\n"
                 "The machine advises; the officer decides."};
    app.set_help_all_flag("--help-all", "Show help for every subcommand");
    kiosk::cli::GlobalOptions global;
    global.command_line = "kiosk";
    for (int i = 1; i < argc; ++i) global.command_line += std::string(" ") + argv[i];
    app.add_option("--models", global.models_dir, "Folder holding the dlib model files (default: models/)")
        ->envname("KIOSK_MODELS_DIR");
    int exit_code = 0;
    kiosk::cli::registerVerify(app, global, exit_code);
    kiosk::cli::registerBench(app, global, exit_code);
    kiosk::cli::registerLiveness(app, global, exit_code);
    kiosk::cli::registerDb(app, global, exit_code);
    kiosk::cli::registerDemo(app, global, exit_code);
    kiosk::cli::registerImport(app, global, exit_code);
    kiosk::cli::registerEnrol(app, global, exit_code);
    kiosk::cli::registerBookings(app, global, exit_code);
    kiosk::cli::registerCheck(app, global, exit_code);
    kiosk::cli::registerSafeguarding(app, global, exit_code);
    kiosk::cli::registerBenchRecords(app, global, exit_code);
    kiosk::cli::registerEval(app, global, exit_code);
    app.require_subcommand(0, 1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kiosk::cli::kBadInput;
    }
    if (app.get_subcommands().empty()) {
        std::cout << app.help() << std::endl;
        return 0;
    }
    return exit_code;
}
