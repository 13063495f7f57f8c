// flexform tokens [--customer NAME] [--config NAME]: the licence token of each VM entitlement, to deploy the VM.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/console_output.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/render/tokens_renderers.h"
#include "engine/usecases/tokens_use_case.h"

namespace flexform::cli {

namespace {

struct TokensOptions {
    std::string customer;
    std::string config;
    std::string format = "text";
    std::string max_age;
    std::vector<std::string> paths;
};

int run_tokens(const TokensOptions& options, CommandContext& context) {
    if (!options.max_age.empty()) {
        // Snapshots of live state are kept in the consumption store, which more people and jobs read than may see
        // tokens: tokens are never put in one, so this verb always asks FortiFlex.
        throw UsageError(
            "--max-age does not apply to tokens: licence tokens are secrets, never kept in a snapshot "
            "of live state, so tokens always reads FortiFlex (docs/snapshots.md)");
    }
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    TokensRequest request;
    request.program = session->program();
    request.parallelism = session->parallelism();
    request.customer_names = manifests.state.customer_names();
    if (!options.customer.empty()) {
        const Customer* customer = manifests.state.find_customer(options.customer);
        if (!customer) {
            throw UsageError("--customer " + options.customer + " is not declared in the manifests");
        }
        request.account = customer->account_id;
    }
    if (!options.config.empty()) {
        request.config_name = options.config;
    }
    const auto rows = list_vm_tokens(session->provider(), request, builtin_catalog());
    if (options.format == "json") {
        context.out << render_tokens_json(rows);
    } else {
        print(context, render_tokens_text(rows));
    }
    return k_exit_ok;
}

}  // namespace

void add_tokens_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<TokensOptions>();
    CLI::App* cmd = app.add_subcommand("tokens", "The licence token of each VM entitlement (to deploy the VMs)");
    cmd->add_option("--customer", options->customer, "Only this customer's account");
    cmd->add_option("--config", options->config, "Only this VM configuration");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--max-age", options->max_age, "Not accepted: tokens always reads FortiFlex (docs/snapshots.md)");
    cmd->add_option("paths", options->paths, "Manifests that name the customers (default: .)");
    cmd->callback([options, &context] { run_verb(context, "tokens", [&] { return run_tokens(*options, context); }); });
}

}  // namespace flexform::cli
