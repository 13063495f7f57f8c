// CommandContext carries what every verb shares: global flags, output streams and the exit code it sets.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/date.h"

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
};

struct CommandContext {
    GlobalOptions global;
    std::ostream& out;
    std::ostream& err;
    int exit_code = 0;
};

// Today's date in the Pacific time zone (FortiFlex billing days); FLEXFORM_TODAY=YYYY-MM-DD overrides it
// for reproducible runs.
Date pacific_today();

void add_validate_command(CLI::App& app, CommandContext& context);
void add_emulator_command(CLI::App& app, CommandContext& context);
void add_plan_command(CLI::App& app, CommandContext& context);
void add_apply_command(CLI::App& app, CommandContext& context);
void add_drift_command(CLI::App& app, CommandContext& context);
void add_import_command(CLI::App& app, CommandContext& context);
void add_status_command(CLI::App& app, CommandContext& context);
void add_program_command(CLI::App& app, CommandContext& context);
void add_discover_command(CLI::App& app, CommandContext& context);
void add_consumption_command(CLI::App& app, CommandContext& context);

}  // namespace flexform::cli
