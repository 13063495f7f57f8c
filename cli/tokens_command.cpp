// flexform tokens [--customer NAME] [--config NAME] [--serial SN]... [--folders] [--format ...]: the licence token of
// each VM entitlement, to deploy the VM, or the folders' token stock; flexform tokens regenerate: new tokens.
#include <algorithm>
#include <chrono>
#include <memory>
#include <ostream>
#include <set>

#include <CLI/CLI.hpp>

#include "cli/console_output.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/interrupts.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/apply/progress.h"
#include "engine/render/tokens_renderers.h"
#include "engine/usecases/token_regeneration_use_case.h"
#include "engine/usecases/tokens_use_case.h"

namespace flexform::cli {

namespace {

struct TokensOptions {
    std::string customer;
    std::string config;
    std::vector<std::string> serials;
    bool folders = false;
    std::string format = "text";
    std::string max_age;
    std::vector<std::string> paths;
};

struct RegenerateOptions {
    std::vector<std::string> serials;
    std::string customer;
    std::string config;
    std::string status;
    std::string token_status;
    std::string format = "text";
    int lock_timeout_seconds = 0;
    std::vector<std::string> paths;
};

TokensRequest tokens_request(Session& session, const LoadResult& manifests, const std::string& customer,
                             const std::string& config) {
    TokensRequest request;
    request.program = session.program();
    request.parallelism = session.parallelism();
    request.customer_names = manifests.state.customer_names();
    if (!customer.empty()) {
        const Customer* declared = manifests.state.find_customer(customer);
        if (!declared) {
            throw UsageError("--customer " + customer + " is not declared in the manifests");
        }
        request.account = declared->account_id;
    }
    if (!config.empty()) {
        request.config_name = config;
    }
    return request;
}

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
    const TokensRequest request = tokens_request(*session, manifests, options.customer, options.config);
    if (options.folders) {
        if (options.format != "text" && options.format != "json") {
            throw UsageError("--folders shows the token stock as text or json, not " + options.format);
        }
        const auto folders = list_token_folders(session->provider(), request, builtin_catalog());
        if (options.format == "json") {
            context.out << render_token_folders_json(folders);
        } else {
            print(context, render_token_folders_text(folders));
        }
        return k_exit_ok;
    }
    auto rows = list_vm_tokens(session->provider(), request, builtin_catalog());
    if (!options.serials.empty()) {
        std::erase_if(rows, [&](const TokenRow& r) {
            return std::find(options.serials.begin(), options.serials.end(), r.token.serial) == options.serials.end();
        });
        if (rows.size() != std::set<std::string>(options.serials.begin(), options.serials.end()).size()) {
            throw UsageError("--serial: not every serial given is a VM entitlement in scope");
        }
    }
    if (options.format == "json") {
        context.out << render_tokens_json(rows);
    } else if (options.format == "cloud-init") {
        context.out << render_tokens_cloud_init(rows);
    } else if (options.format == "fortios") {
        context.out << render_tokens_fortios(rows);
    } else {
        print(context, render_tokens_text(rows));
    }
    return k_exit_ok;
}

int run_regenerate(const RegenerateOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    session->will_write();
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    TokenRegenerationRequest request;
    request.scope = tokens_request(*session, manifests, options.customer, options.config);
    request.selection.serials = options.serials;
    if (!options.status.empty()) {
        request.selection.status = parse_entitlement_status(options.status);
    }
    if (!options.token_status.empty()) {
        request.selection.token_status = parse_token_status(options.token_status);
    }
    const Clock& clock = session->clock();
    ProgressObserver progress([&context](const std::string& line) { context.err << line << "\n"; },
                              [&clock] { return clock.monotonic_seconds(); });
    request.me = session->me("tokens regenerate");
    request.lock_timeout = std::chrono::seconds(options.lock_timeout_seconds);
    request.execution.parallelism = session->parallelism();
    request.execution.observers.push_back(&progress);
    request.execution.stop_requested = &interrupts().stop;
    request.journal_header = {{"host", request.me.host},
                              {"user", request.me.user},
                              {"pid", request.me.pid},
                              {"command", "tokens regenerate"}};
    InterruptScope interrupt_scope;
    interrupts().writing = true;
    const TokenRegenerationOutcome outcome = regenerate_tokens(session->provider(), session->locks(),
                                                               session->journals(), clock, request, builtin_catalog());
    print(context, render_token_regeneration(outcome, options.format == "json"));
    if (outcome.result.interrupted) {
        return k_exit_interrupted;
    }
    return outcome.result.ok() ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_tokens_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<TokensOptions>();
    CLI::App* cmd = app.add_subcommand("tokens", "The licence token of each VM entitlement (to deploy the VMs)");
    cmd->add_option("--customer", options->customer, "Only this customer's account");
    cmd->add_option("--config", options->config, "Only this VM configuration");
    cmd->add_option("--serial", options->serials, "Only this VM (repeat the flag for more)")->allow_extra_args(false);
    cmd->add_flag("--folders", options->folders, "The token stock of each asset folder (groups/list) instead");
    cmd->add_option("--format", options->format, "Output format: a table, JSON, cloud-init user data, FortiOS CLI")
        ->check(CLI::IsMember({"text", "json", "cloud-init", "fortios"}));
    cmd->add_option("--max-age", options->max_age, "Not accepted: tokens always reads FortiFlex (docs/snapshots.md)");
    cmd->add_option("paths", options->paths, "Manifests that name the customers (default: .)");

    auto regenerate = std::make_shared<RegenerateOptions>();
    CLI::App* sub = cmd->add_subcommand(
        "regenerate", "A new licence token for VMs (entitlements/vm/token): the old one no longer redeems");
    sub->add_option("serials", regenerate->serials, "VM entitlement serial numbers");
    sub->add_option("--customer", regenerate->customer, "Only this customer's account");
    sub->add_option("--config", regenerate->config, "Only this VM configuration");
    sub->add_option("--status", regenerate->status, "Only VMs in this status")
        ->check(CLI::IsMember({"PENDING", "ACTIVE", "STOPPED"}));
    sub->add_option("--token-status", regenerate->token_status, "Only VMs whose token is NOTUSED or USED")
        ->check(CLI::IsMember({"NOTUSED", "USED"}));
    sub->add_option("--format", regenerate->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    sub->add_option("--lock-timeout", regenerate->lock_timeout_seconds,
                    "Seconds to wait for an apply of the program to finish");
    sub->add_option("--manifests", regenerate->paths, "Manifests that name the customers (default: .)");
    sub->callback([regenerate, &context] {
        run_verb(context, "tokens regenerate", [&] { return run_regenerate(*regenerate, context); });
    });
    cmd->callback([options, sub, &context] {
        if (sub->parsed()) {
            return;  // `tokens regenerate` ran
        }
        run_verb(context, "tokens", [&] { return run_tokens(*options, context); });
    });
}

}  // namespace flexform::cli
