// flexform status [--account-id N]: every tenant's configurations, entitlements and current cost.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/connection.h"
#include "cli/manifest_loading.h"
#include "engine/plan/live_loader.h"
#include "engine/render/reports.h"

namespace flexform::cli {

namespace {

struct StatusOptions {
    std::optional<std::int64_t> account;
    std::string format = "text";
    std::vector<std::string> paths;
};

// Prices of every live configuration of the program, one tools/calc call per distinct parameter set.
PriceTable price_live(Provider& provider, const LiveState& live, int parallelism) {
    std::map<std::string, std::pair<int, ParameterSet>> unique;
    for (const auto& c : live.configs) {
        unique.emplace(price_key(c.product_id, c.parameters), std::make_pair(c.product_id, c.parameters));
    }
    std::vector<std::pair<int, ParameterSet>> requests;
    for (auto& [key, request] : unique) {
        requests.push_back(request);
    }
    return load_prices(provider, live.program, requests, parallelism);
}

int run_status(const StatusOptions& options, CommandContext& context) {
    const LoadResult manifests = load_desired(context, options.paths);
    std::map<std::int64_t, std::string> names;
    for (const auto& c : manifests.state.customers) {
        names[c.account_id] = c.name;
    }
    try {
        Connection connection = connect(context, manifests.state.project);
        std::vector<std::int64_t> extra;
        if (options.account) {
            extra.push_back(*options.account);
        }
        const LiveState live =
            load_program_state(connection.provider(), connection.program, connection.parallelism, extra);
        const PriceTable prices = price_live(connection.provider(), live, connection.parallelism);
        const StatusReport report = build_status(live, prices, names, builtin_catalog());
        context.out << (options.format == "json" ? render_status_json(report, options.account, builtin_catalog())
                                                 : render_status_text(report, options.account, builtin_catalog()));
        return k_exit_ok;
    } catch (const std::exception& e) {
        context.err << "flexform status: " << e.what() << "\n";
        return k_exit_error;
    }
}

}  // namespace

void add_status_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<StatusOptions>();
    CLI::App* cmd =
        app.add_subcommand("status", "Multi-tenant view: configurations, entitlements and cost per account");
    cmd->add_option("--account-id", options->account, "Show one account in detail");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("paths", options->paths, "Manifests that name the customers (default: .)");
    cmd->callback([options, &context] { context.exit_code = run_status(*options, context); });
}

PriceTable price_live_configs(Provider& provider, const LiveState& live, int parallelism) {
    return price_live(provider, live, parallelism);
}

}  // namespace flexform::cli
