#include "cli/planning.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <ostream>

#include "cli/manifest_loading.h"
#include "engine/plan/live_loader.h"
#include "engine/plan/plan_json.h"

namespace flexform::cli {

std::string utc_timestamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

bool stdout_is_tty() {
    return ::isatty(STDOUT_FILENO) == 1;
}

bool stdin_is_tty() {
    return ::isatty(STDIN_FILENO) == 1;
}

bool use_color(const CommandContext& context) {
    const char* no_color = std::getenv("NO_COLOR");
    return !context.global.no_color && !(no_color && *no_color) && stdout_is_tty();
}

void stamp_plan(Plan& plan, const DesiredState& desired) {
    plan.flexform_version = FLEXFORM_VERSION;
    plan.created_at = utc_timestamp();
    plan.manifest_digest = manifest_digest(desired);
    plan.live_digest = fingerprints_digest(plan.fingerprints);
}

std::optional<PlanRun> run_plan(CommandContext& context, const PlanRequest& request) {
    PlanRun run;
    run.manifests = load_desired(context, request.paths);
    print_diagnostics(context.err, run.manifests.diagnostics);
    if (!run.manifests.ok()) {
        return std::nullopt;
    }
    for (const auto& name : request.customers) {
        if (!run.manifests.state.find_customer(name)) {
            context.err << "flexform: --customer " << name << " is not declared in the manifests\n";
            return std::nullopt;
        }
    }
    run.connection = connect(context, run.manifests.state.project);
    PlanOptions options;
    options.prune = request.prune;
    options.customers = request.customers;
    options.today = pacific_today();
    options.yearly_commitment =
        is_prepaid_program(run.connection.program) ? std::nullopt : run.connection.yearly_commitment;
    std::vector<std::int64_t> accounts;
    for (const Customer* customer : selected_customers(run.manifests.state, options)) {
        accounts.push_back(customer->account_id);
    }
    Provider& provider = run.connection.provider();
    run.live = load_live_state(provider, run.connection.program, accounts, run.connection.parallelism);
    const PriceTable prices =
        request.price ? load_prices(provider, run.connection.program,
                                    price_requests(run.manifests.state, run.live, options), run.connection.parallelism)
                      : PriceTable{};
    run.plan = make_plan(run.manifests.state, run.live, prices, builtin_catalog(), options);
    stamp_plan(run.plan, run.manifests.state);
    if (context.global.verbose) {
        context.err << "plan: " << provider.calls_made() << " API calls (" << accounts.size() << " accounts, "
                    << prices.size() << " distinct prices)\n";
    }
    return run;
}

}  // namespace flexform::cli
