#include "cli/app.h"

#include <cstdlib>
#include <cstring>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "engine/plan/plan_file.h"
#include "engine/render/escape.h"
#include "engine/ports/consumption_store.h"
#include "engine/ports/manifest_history.h"
#include "engine/ports/program_lock.h"
#include "engine/ports/provider.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform::cli {

bool use_color(const CommandContext& context) {
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return !context.global.no_color && !(no_color && *no_color) && !(term && std::strcmp(term, "dumb") == 0) &&
           context.stdout_tty;
}

void run_verb(CommandContext& context, const std::string& verb, const std::function<int()>& body) {
    const std::string prefix = "flexform " + verb + ": ";
    try {
        context.exit_code = body();
        return;
    } catch (const Reported&) {
    } catch (const UsageError& e) {
        context.err << prefix << e.what() << "\nRun 'flexform " << verb << " --help' for usage.\n";
    } catch (const RequestError& e) {  // the engine's word for a wrong flag or argument
        context.err << prefix << e.what() << "\nRun 'flexform " << verb << " --help' for usage.\n";
    } catch (const ManifestHistoryError& e) {
        context.err << prefix << e.what() << "\nRun 'flexform " << verb << " --help' for usage.\n";
    } catch (const LockBusy& e) {
        context.err << prefix << e.what() << "\n";
    } catch (const ProviderError& e) {
        context.err << prefix << "FortiFlex: " << terminal_text(e.what()) << "\n";  // the service's words, not ours
    } catch (const StoreError& e) {
        context.err << prefix << "consumption store: " << e.what() << "\n";
    } catch (const PlanFileError& e) {
        context.err << prefix << e.what() << "\n";
    } catch (const std::exception& e) {
        context.err << prefix << e.what() << "\n";
    }
    context.exit_code = k_exit_error;
}

namespace {

std::string verbs_list(const CLI::App& app) {
    std::string out;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        out += (out.empty() ? "" : ", ") + sub->get_name();
    }
    return out;
}

}  // namespace

int run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err, Terminal terminal) {
    CommandContext context{GlobalOptions{}, in, out, err, terminal.stdin_tty, terminal.stdout_tty, k_exit_ok};
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
    add_show_command(app, context);
    add_apply_command(app, context);
    add_drift_command(app, context);
    add_import_command(app, context);
    add_status_command(app, context);
    add_program_command(app, context);
    add_discover_command(app, context);
    add_consumption_command(app, context);
    add_tokens_command(app, context);
    add_dashboard_command(app, context);
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
        const auto subs = app.get_subcommands();
        if (subs.empty() && argc > 1 && argv[1][0] != '-') {
            err << "flexform: unknown command \"" << argv[1] << "\"; the commands are " << verbs_list(app) << "\n";
        } else {
            err << "flexform: " << e.what() << "\n";
        }
        if (!subs.empty()) {
            // The deepest command given ("consumption report"), whose help lists the flag that was wrong.
            std::string command;
            for (const CLI::App* at = &app; !at->get_subcommands().empty(); at = at->get_subcommands().back()) {
                command += " " + at->get_subcommands().back()->get_name();
            }
            err << "Run 'flexform" << command << " --help' for usage.\n";
        } else {
            err << "Run 'flexform --help' for usage.\n";
        }
        return k_exit_error;
    }
    return context.exit_code;
}

}  // namespace flexform::cli
