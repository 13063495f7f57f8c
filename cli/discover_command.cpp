// flexform discover: the programs and accounts this API user can see, and a flexform.yaml to start from. Redirected,
// stdout is the project file and nothing else; on a terminal, the listing and then the file.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/session.h"
#include "engine/render/discover_renderers.h"
#include "engine/usecases/discover_use_case.h"

namespace flexform::cli {

namespace {

constexpr const char* k_project_file = "flexform.yaml";

struct DiscoverOptions {
    std::string format = "text";
    bool write = false;
};

std::string wanted_program(const CommandContext& context) {
    if (!context.global.program.empty()) {
        return context.global.program;
    }
    const char* env = std::getenv("FORTIFLEX_PROGRAM_SERIAL");
    return env ? env : "";
}

int run_discover(const DiscoverOptions& options, CommandContext& context) {
    auto session = open_session(context, {});
    // Discovery works before any program is configured: it asks for none.
    const Discovery discovery = discover_programs(session->provider());
    if (options.format == "json") {
        context.out << render_discovery_json(discovery);
        return k_exit_ok;
    }
    // Several programs and none asked for: the file lists them all (--program SERIAL names one).
    const ProgramChoice choice = choose_program(discovery, wanted_program(context));
    if (context.stdout_tty || options.write) {
        context.out << render_discovery_text(discovery);
    }
    if (choice.kind == ProgramChoice::Kind::not_visible) {
        throw std::runtime_error(render_program_choice_error(discovery, choice));
    }
    const std::string file = render_project_file(discovery, choice.serial);
    if (!options.write) {
        context.out << (context.stdout_tty ? render_project_file_shown(discovery, choice.serial) : file);
        return k_exit_ok;
    }
    if (std::filesystem::exists(k_project_file)) {
        throw std::runtime_error(render_project_file_exists(k_project_file));
    }
    std::ofstream stream(k_project_file);
    stream << file;
    if (!stream.flush()) {
        throw std::runtime_error(std::string("cannot write ") + k_project_file);
    }
    context.out << (choice.kind == ProgramChoice::Kind::several
                        ? render_project_file_written(k_project_file, discovery)
                        : render_project_file_written(k_project_file, choice.serial));
    return k_exit_ok;
}

}  // namespace

void add_discover_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DiscoverOptions>();
    CLI::App* cmd = app.add_subcommand(
        "discover",
        "Programs and accounts the API user can see, and a flexform.yaml (stdout is only the file when redirected)");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_flag("--write", options->write,
                  "Write flexform.yaml in the current directory (never over an existing one); with several programs, "
                  "all of them (--program SERIAL: that one alone)");
    cmd->callback(
        [options, &context] { run_verb(context, "discover", [&] { return run_discover(*options, context); }); });
}

}  // namespace flexform::cli
