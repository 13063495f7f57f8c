// flexform validate [PATH...]: check manifests offline and summarise them.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/console_output.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/render/validate_renderers.h"

namespace flexform::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> paths;
    std::string format = "text";
};

int run_validate(const ValidateOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult result = load_manifests(effective_paths(options.paths), session->project_file(),
                                             ManifestOptions{&builtin_catalog(), session->clock().today()});
    if (context.global.verbose) {
        for (const auto& s : result.skipped) {
            context.err << "skipped " << s << "\n";
        }
    }
    if (result.ok()) {
        require_customers(result, options.paths);
    }
    if (options.format == "json") {
        context.out << render_validate_json(result);
    } else if (options.format == "github") {
        print(context, render_validate_github(result));
    } else if (options.format == "gitlab") {
        print(context, render_validate_gitlab(result));
    } else {
        print(context, render_validate_text(result, use_color(context)));
    }
    return result.ok() ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_validate_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App* cmd = app.add_subcommand("validate", "Check manifests offline: syntax, catalog rules, duplicates");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--format", options->format,
                    "Output format: text, json, github (workflow annotations), gitlab (Code Quality report)")
        ->check(CLI::IsMember({"text", "json", "github", "gitlab"}));
    cmd->callback(
        [options, &context] { run_verb(context, "validate", [&] { return run_validate(*options, context); }); });
}

}  // namespace flexform::cli
