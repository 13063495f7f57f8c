#include "cli/app.h"

#include <chrono>
#include <cstdlib>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace flexform::cli {

Date pacific_today() {
    if (const char* forced = std::getenv("FLEXFORM_TODAY")) {
        if (const auto date = parse_date(forced)) {
            return *date;
        }
    }
    const auto now = std::chrono::system_clock::now();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    return to_pacific(millis).date;
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CommandContext context{GlobalOptions{}, out, err, k_exit_ok};
    CLI::App app{"flexform: declarative FortiFlex licensing for MSSPs", "flexform"};
    app.set_version_flag("--version", std::string("flexform ") + FLEXFORM_VERSION);
    app.require_subcommand(1);
    app.fallthrough();  // global flags are accepted after the verb too

    GlobalOptions& g = context.global;
    app.add_flag("--sandbox", g.sandbox, "Run against the embedded emulator (state in .flexform/sandbox/)");
    app.add_option("--api-url", g.api_url, "FortiFlex v2 base URL (FORTIFLEX_API_URL)");
    app.add_option("--auth-url", g.auth_url, "Token service URL (FORTIFLEX_AUTH_URL)");
    app.add_option("--program", g.program, "Program serial number (FORTIFLEX_PROGRAM_SERIAL)");
    app.add_option("--db", g.db, "Consumption database: a SQLite path or postgresql://... (FLEXFORM_DB)");
    app.add_option("--config", g.project_file, "Project file to use instead of the nearest flexform.yaml");
    app.add_option("--parallelism", g.parallelism, "Concurrent API requests (default 8)")->check(CLI::Range(1, 64));
    app.add_flag("--no-color", g.no_color, "Never colour output (also NO_COLOR)");
    app.add_flag("-v,--verbose", g.verbose, "Log each API call (method, path, status, duration) to stderr");

    add_validate_command(app, context);
    add_plan_command(app, context);
    add_apply_command(app, context);
    add_drift_command(app, context);
    add_import_command(app, context);
    add_status_command(app, context);
    add_program_command(app, context);
    add_discover_command(app, context);
    add_consumption_command(app, context);
    add_emulator_command(app, context);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return k_exit_ok;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return k_exit_ok;
    } catch (const CLI::CallForVersion&) {
        out << "flexform " << FLEXFORM_VERSION << "\n";
        return k_exit_ok;
    } catch (const CLI::ParseError& e) {
        err << "flexform: " << e.what() << "\n";
        if (const auto* sub = app.get_subcommands().empty() ? nullptr : app.get_subcommands().front()) {
            err << "Run 'flexform " << sub->get_name() << " --help' for usage.\n";
        } else {
            err << "Run 'flexform --help' for usage.\n";
        }
        return k_exit_error;
    }
    return context.exit_code;
}

}  // namespace flexform::cli
