// flexform status [--account-id N]: every tenant's configurations, entitlements and current cost.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/max_age.h"
#include "cli/session.h"
#include "engine/render/reports.h"
#include "engine/usecases/status_use_case.h"

namespace flexform::cli {

namespace {

struct StatusOptions {
    std::optional<std::int64_t> account;
    std::string format = "text";
    std::string max_age;
    std::vector<std::string> paths;
};

int run_status(const StatusOptions& options, CommandContext& context) {
    const std::optional<std::int64_t> max_age = parse_max_age(options.max_age);
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    StatusRequest request;
    request.account = options.account;
    request.parallelism = session->parallelism();
    request.customer_names = manifests.state.customer_names();
    request.offers = index_offers(manifests.state);
    const auto one_program = [&] {
        request.program = session->program();
        request.snapshots = session->snapshots(max_age);
        return program_status(session->provider(), request, builtin_catalog());
    };
    const bool json = options.format == "json";
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    session->check_programs_visible();
    std::int64_t requests = 0;
    if (scope.size() > 1) {
        std::vector<Named<StatusReport>> reports;
        for (const ProgramSettings& program : scope) {
            session->select_program(program);
            StatusOutcome outcome = one_program();
            requests += outcome.requests;
            reports.push_back({program.name, std::move(outcome.report)});
        }
        context.out << (json ? render_status_json(reports, options.account, builtin_catalog())
                             : render_status_text(reports, options.account, builtin_catalog()));
    } else {
        const StatusOutcome outcome = one_program();
        requests = outcome.requests;
        context.out << (json ? render_status_json(outcome.report, options.account, builtin_catalog())
                             : render_status_text(outcome.report, options.account, builtin_catalog(), use_color(context)));
    }
    if (context.global.verbose) {
        context.err << "status: " << requests << " API requests\n";
    }
    return k_exit_ok;
}

}  // namespace

void add_status_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<StatusOptions>();
    CLI::App* cmd =
        app.add_subcommand("status", "Multi-tenant view: configurations, entitlements and cost per account");
    cmd->add_option("--account-id", options->account, "Show one account in detail")->check(CLI::PositiveNumber);
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    add_max_age_option(*cmd, options->max_age);
    cmd->add_option("paths", options->paths, "Manifests that name the customers (default: .)");
    cmd->callback([options, &context] { run_verb(context, "status", [&] { return run_status(*options, context); }); });
}

}  // namespace flexform::cli
