// flexform discover: the programs and accounts this API user can see, and a flexform.yaml to start from.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/session.h"
#include "engine/render/discover_renderers.h"
#include "engine/usecases/discover_use_case.h"

namespace flexform::cli {

namespace {

struct DiscoverOptions {
    std::string format = "text";
};

int run_discover(const DiscoverOptions& options, CommandContext& context) {
    auto session = open_session(context, {});
    // Discovery works before any program is configured: it asks for none.
    const Discovery discovery = discover_programs(session->provider());
    context.out << (options.format == "json" ? render_discovery_json(discovery) : render_discovery_text(discovery));
    return k_exit_ok;
}

}  // namespace

void add_discover_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DiscoverOptions>();
    CLI::App* cmd =
        app.add_subcommand("discover", "Programs and accounts the API user can see, and a flexform.yaml snippet");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->callback(
        [options, &context] { run_verb(context, "discover", [&] { return run_discover(*options, context); }); });
}

}  // namespace flexform::cli
