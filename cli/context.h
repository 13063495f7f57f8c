// CommandContext carries what every verb shares: global flags, the streams (injected, so `run` is testable from an
// argv vector), whether they are terminals, and the exit code the verb sets.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace flexform::cli {

struct GlobalOptions {
    bool sandbox = false;
    std::string api_url;
    std::string auth_url;
    std::string program;
    std::string db;
    std::string project_file;  // --config: flexform.yaml to use instead of discovering one
    int parallelism = 0;       // 0: take the project file's or the default
    bool no_color = false;
    bool verbose = false;
    double budget_timeout = -1;  // --budget-timeout: seconds a command may wait on the request budget; < 0: no bound
};

struct CommandContext {
    GlobalOptions global;
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
    bool stdin_tty = false;
    bool stdout_tty = false;
    int exit_code = 0;
};

// Colour only on a terminal, never with NO_COLOR, --no-color or TERM=dumb.
bool use_color(const CommandContext& context);

void add_validate_command(CLI::App& app, CommandContext& context);
void add_emulator_command(CLI::App& app, CommandContext& context);
void add_plan_command(CLI::App& app, CommandContext& context);
void add_show_command(CLI::App& app, CommandContext& context);
void add_apply_command(CLI::App& app, CommandContext& context);
void add_drift_command(CLI::App& app, CommandContext& context);
void add_import_command(CLI::App& app, CommandContext& context);
void add_status_command(CLI::App& app, CommandContext& context);
void add_program_command(CLI::App& app, CommandContext& context);
void add_discover_command(CLI::App& app, CommandContext& context);
void add_consumption_command(CLI::App& app, CommandContext& context);
void add_tokens_command(CLI::App& app, CommandContext& context);
void add_dashboard_command(CLI::App& app, CommandContext& context);
void add_nightly_command(CLI::App& app, CommandContext& context);

}  // namespace flexform::cli
