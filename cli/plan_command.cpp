// flexform plan [PATH...]: show what apply would change in FortiFlex and what it costs.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <ostream>

#include <CLI/CLI.hpp>

#include "engine/model/words.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/git.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/plan/changes.h"
#include "engine/render/render.h"
#include "engine/usecases/apply_use_case.h"

namespace flexform::cli {

namespace {

struct PlanCommandOptions {
    std::vector<std::string> paths;
    std::vector<std::string> customers;
    bool prune = false;
    std::string out;
    std::string format = "text";
    bool detailed_exitcode = false;
    std::string changed_since;
};

// The customers whose manifests differ from `ref` (git), or every customer when flexform.yaml changed.
void scope_to_changes(const std::string& ref, const PlanCommandOptions& options, const Session& session,
                      const LoadResult& manifests, PlanRequest& request, CommandContext& context) {
    if (!options.customers.empty()) {
        throw UsageError("--changed-since and --customer exclude each other: the change decides the customers");
    }
    const GitChanges git = git_changes_since(ref, effective_paths(options.paths), session.project_file());
    if (git.project_changed) {
        context.err << "plan: " << session.project_file() << " changed since " << ref << ": planning every customer\n";
        return;
    }
    // Name each changed file as the loader did, so the customers declared in it are found.
    std::map<std::string, std::string> loaded;
    for (const auto& f : manifests.state.files) {
        std::error_code ec;
        loaded[std::filesystem::weakly_canonical(f, ec).string()] = f;
    }
    DesiredState before;
    std::vector<Diagnostic> ignored;  // the old revision's problems are not this plan's
    std::set<std::string> files;
    for (const auto& changed : git.files) {
        std::error_code ec;
        const auto it = loaded.find(std::filesystem::weakly_canonical(changed.path, ec).string());
        const std::string name = it == loaded.end() ? changed.path : it->second;
        files.insert(name);
        if (changed.text_then) {
            parse_manifest_text(name, *changed.text_then, ManifestOptions{&builtin_catalog(), {}}, before, ignored);
        }
    }
    const CustomerChanges changes = customer_changes(before, manifests.state, files);
    for (const auto& name : changes.removed) {
        context.err << "plan: customer " << name << " is no longer declared (since " << ref
                    << "): flexform leaves its account as it is\n";
    }
    request.customers = changes.changed;
    request.changed_since = ref;
    if (changes.changed.empty()) {
        context.err << "plan: no customer manifest changed since " << ref << "\n";
    } else if (context.global.verbose) {
        context.err << "plan: " << count_of(changes.changed.size(), "customer", "customers") << " changed since " << ref
                    << "\n";
    }
}

int run_plan_command(const PlanCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths);
    PlanRequest request = plan_request(*session, manifests, options.paths, options.customers, options.prune);
    if (!options.changed_since.empty()) {
        scope_to_changes(options.changed_since, options, *session, manifests, request, context);
    }
    Provider& provider = session->provider();
    report_open_journals(context, *session, "re-read now; this plan shows their real state",
                         "this plan reads FortiFlex while it writes, so it may show changes that apply is making");
    const PlanOutcome planned = plan_program(provider, session->clock(), manifests.state, request, builtin_catalog());
    const Plan& plan = planned.plan;
    if (context.global.verbose) {
        context.err << "plan: " << planned.requests << " API requests (" << planned.accounts_read << " accounts, "
                    << planned.prices << " distinct prices)\n";
    }
    if (!options.out.empty()) {
        write_file(options.out, [&plan](std::ostream& file) { write_json(plan, file); });
        context.err << "plan saved to " << options.out << "; apply exactly it with: flexform apply " << options.out
                    << "\n";
    }
    RenderOptions render;
    render.color = use_color(context);
    if (options.format == "json") {
        write_json(plan, context.out);
    } else if (options.format == "markdown") {
        context.out << render_markdown(plan, render);
    } else {
        write_text(plan, context.out, render);
    }
    if (!plan.applyable()) {
        return k_exit_error;
    }
    return options.detailed_exitcode && plan.has_changes() ? k_exit_changes : k_exit_ok;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<PlanCommandOptions>();
    CLI::App* cmd = app.add_subcommand("plan", "Show what apply would change in FortiFlex, with the points cost");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--out", options->out, "Save the plan (JSON) for `flexform apply FILE`");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_flag("--detailed-exitcode", options->detailed_exitcode, "Exit 2 when there are changes");
    cmd->add_option("--customer", options->customers, "Only this customer (repeat the flag for more)")
        ->allow_extra_args(false);
    cmd->add_flag("--prune", options->prune, "Stop and disable unmanaged configurations of managed accounts");
    cmd->add_option("--changed-since", options->changed_since,
                    "Only the customers whose manifests differ from this git revision (a PR plan: reads only their "
                    "accounts; program totals are not refreshed)");
    cmd->callback(
        [options, &context] { run_verb(context, "plan", [&] { return run_plan_command(*options, context); }); });
}

}  // namespace flexform::cli
