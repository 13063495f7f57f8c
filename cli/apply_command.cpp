// flexform apply [PLANFILE | PATH...]: execute a saved plan exactly, or plan and execute.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/app.h"
#include "cli/manifest_loading.h"
#include "cli/planning.h"
#include "engine/apply/applier.h"
#include "engine/plan/live_loader.h"
#include "engine/plan/plan_json.h"
#include "engine/render/render.h"

namespace flexform::cli {

namespace {

struct ApplyCommandOptions {
    std::vector<std::string> args;
    std::vector<std::string> customers;
    bool prune = false;
    bool auto_approve = false;
};

// A single argument naming a file that holds JSON is a saved plan; anything else is manifests.
bool is_plan_file(const std::vector<std::string>& args) {
    if (args.size() != 1 || !std::filesystem::is_regular_file(args[0])) {
        return false;
    }
    std::ifstream in(args[0]);
    char c = 0;
    while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {
    }
    return c == '{';
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string journal_path(const Plan& plan) {
    std::string stamp = utc_timestamp();
    for (auto& c : stamp) {
        if (c == ':') {
            c = '-';
        }
    }
    std::filesystem::create_directories(".flexform/journal");
    return ".flexform/journal/apply-" + stamp + "-" + plan.manifest_digest.substr(0, 8) + ".jsonl";
}

bool confirm(CommandContext& context, const Plan& plan) {
    RenderOptions render;
    render.color = use_color(context);
    context.out << render_text(plan, render) << "\nApply these changes to program " << plan.program_serial
                << "? Only 'yes' will be accepted: ";
    context.out.flush();
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "yes";
}

int execute(CommandContext& context, const Plan& plan, Connection& connection, bool auto_approve) {
    if (!plan.applyable()) {
        RenderOptions render;
        context.out << render_text(plan, render);
        context.err << "flexform apply: the plan has errors and cannot be applied\n";
        return k_exit_error;
    }
    if (!plan.has_changes()) {
        context.out << "No changes. FortiFlex already matches the manifests.\n";
        return k_exit_ok;
    }
    if (auto_approve) {
        RenderOptions render;
        render.color = use_color(context);
        context.out << render_text(plan, render) << "\n";  // the log of a CI apply shows what it did
    } else {
        if (!stdin_is_tty()) {
            context.err << "flexform apply: refusing to apply without --auto-approve when stdin is not a terminal\n";
            return k_exit_error;
        }
        if (!confirm(context, plan)) {
            context.err << "Apply cancelled.\n";
            return k_exit_error;
        }
    }
    const std::string journal = journal_path(plan);
    std::ofstream journal_file(journal, std::ios::app);
    std::mutex journal_mutex;
    const auto start = std::chrono::steady_clock::now();
    ApplyOptions options;
    options.parallelism = connection.parallelism;
    options.catalog = &builtin_catalog();
    options.seconds_now = [start] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    options.progress = [&context](const std::string& line) { context.err << line << "\n"; };
    options.on_outcome = [&](const ActionOutcome& outcome) {
        const Change& c = plan.changes[outcome.index];
        nlohmann::json line = {{"time", utc_timestamp()},
                               {"program", plan.program_serial},
                               {"address", c.address},
                               {"action", std::string(to_string(c.action))},
                               {"status", std::string(to_string(outcome.status))},
                               {"error", outcome.error},
                               {"seconds", outcome.seconds},
                               {"serials", outcome.serials}};
        if (outcome.config_id) {
            line["config_id"] = *outcome.config_id;
        }
        std::lock_guard lock(journal_mutex);
        journal_file << line.dump() << "\n";
        journal_file.flush();
    };
    const ApplyResult result = apply_plan(plan, connection.provider(), options);
    const int done = result.count(OutcomeStatus::done);
    if (result.ok()) {
        context.out << "Apply complete: " << done << (done == 1 ? " action" : " actions")
                    << " done. Journal: " << journal << "\n";
        return k_exit_ok;
    }
    context.out << "Apply failed: " << done << " done, " << result.count(OutcomeStatus::failed) << " failed, "
                << result.count(OutcomeStatus::not_attempted) << " not attempted. Journal: " << journal << "\n";
    for (const auto& outcome : result.outcomes) {
        if (outcome.status == OutcomeStatus::failed) {
            context.out << "  failed: " << plan.changes[outcome.index].address << " ("
                        << to_string(plan.changes[outcome.index].action) << "): " << outcome.error << "\n";
        }
    }
    context.out << "Run `flexform plan` to see what remains; a re-run of apply converges.\n";
    return k_exit_error;
}

int apply_saved_plan(CommandContext& context, const std::string& file, bool auto_approve) {
    Plan plan;
    try {
        plan = plan_from_json_text(read_file(file));
    } catch (const std::exception& e) {
        context.err << "flexform apply: " << file << ": " << e.what() << "\n";
        return k_exit_error;
    }
    const LoadResult manifests = load_desired(context, {"."});
    try {
        Connection connection = connect(context, manifests.state.project);
        if (connection.program != plan.program_serial) {
            context.err << "flexform apply: the plan is for program " << plan.program_serial << ", not "
                        << connection.program << "\n";
            return k_exit_error;
        }
        // Re-read what the plan touches; anything that moved since it was made invalidates it.
        const LiveState fresh =
            load_live_state(connection.provider(), plan.program_serial, plan.accounts, connection.parallelism);
        const auto stale = stale_objects(plan, fresh);
        if (!stale.empty()) {
            context.err << "flexform apply: the saved plan is stale; these objects changed since it was made:\n";
            for (const auto& s : stale) {
                context.err << "  " << s << "\n";
            }
            context.err << "Run `flexform plan --out " << file << "` again.\n";
            return k_exit_error;
        }
        return execute(context, plan, connection, auto_approve);
    } catch (const std::exception& e) {
        context.err << "flexform apply: " << e.what() << "\n";
        return k_exit_error;
    }
}

int run_apply(const ApplyCommandOptions& options, CommandContext& context) {
    if (is_plan_file(options.args)) {
        return apply_saved_plan(context, options.args[0], options.auto_approve);
    }
    try {
        std::optional<PlanRun> run = run_plan(context, PlanRequest{options.args, options.customers, options.prune});
        if (!run) {
            return k_exit_error;
        }
        return execute(context, run->plan, run->connection, options.auto_approve);
    } catch (const std::exception& e) {
        context.err << "flexform apply: " << e.what() << "\n";
        return k_exit_error;
    }
}

}  // namespace

void add_apply_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ApplyCommandOptions>();
    CLI::App* cmd = app.add_subcommand("apply", "Apply a saved plan exactly, or plan and apply manifests");
    cmd->add_option("plan_or_paths", options->args, "A plan file from `plan --out`, or manifest paths (default: .)");
    cmd->add_flag("--auto-approve", options->auto_approve, "Do not ask for confirmation");
    cmd->add_option("--customer", options->customers, "Only these customers (repeatable)");
    cmd->add_flag("--prune", options->prune, "Stop and disable unmanaged configurations of managed accounts");
    cmd->callback([options, &context] { context.exit_code = run_apply(*options, context); });
}

}  // namespace flexform::cli
