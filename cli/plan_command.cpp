// flexform plan [PATH...]: show what apply would change in FortiFlex and what it costs.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/plan/plan_file.h"
#include "engine/render/plan_notes.h"
#include "engine/render/render.h"
#include "engine/usecases/plan_use_case.h"
#include "providers/git/git_history.h"

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
    std::string base;
};

void save_plan(const std::string& path, const std::string& json) {
    // With FLEXFORM_PLAN_KEY the file is signed, so the apply job can tell it is the plan this job made.
    const std::string key = plan_key();
    write_file(path, [&](std::ostream& file) { file << (key.empty() ? json : signed_plan_text(json, key)); });
}

// spec.programs: one section per program in scope, and the total of them.
int run_programs_plan(const PlanCommandOptions& options, CommandContext& context, Session& session,
                      const LoadResult& manifests) {
    const auto history = git_manifest_history();
    ProgramsPlanRequest request = programs_plan_request(session, manifests, options.paths, true);
    request.plan.customers = options.customers;
    request.plan.prune = options.prune;
    request.plan.changed_since = options.changed_since;
    request.plan.base = options.base;
    request.plan.history = history.get();
    const ProgramsPlanOutcome planned = plan_programs(session.clock(), request, builtin_catalog());
    if (planned.change_scope) {
        context.err << render_change_scope(*planned.change_scope, context.global.verbose);
    }
    std::vector<ProgramPlan> sections;
    bool applyable = true;
    for (const auto& section : planned.sections) {
        context.err << render_open_journals(section.outcome.open_journals, JournalReader::plan);
        if (context.global.verbose) {
            context.err << render_plan_requests(section.outcome);
        }
        sections.push_back({section.program.name, section.outcome.plan});
        applyable = applyable && section.outcome.plan.applyable();
    }
    if (!options.out.empty()) {
        save_plan(options.out, render_json(sections));
        context.err << render_plan_saved(options.out, applyable);
    }
    context.err << render_plan_blocked(sections);
    RenderOptions render;
    render.color = use_color(context);
    if (options.format == "json") {
        context.out << render_json(sections, render);
    } else if (options.format == "markdown") {
        context.out << render_markdown(sections, render);
    } else {
        context.out << render_text(sections, render);
    }
    return programs_exit_code(sections, options.detailed_exitcode);
}

int run_plan_command(const PlanCommandOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths);
    if (!session->project().programs.empty()) {
        return run_programs_plan(options, context, *session, manifests);
    }
    const auto history = git_manifest_history();
    PlanRequest request = plan_request(*session, manifests, options.paths);
    request.customers = options.customers;
    request.prune = options.prune;
    request.changed_since = options.changed_since;
    request.base = options.base;
    request.history = history.get();
    request.journals = &session->journals();
    request.snapshots = session->snapshots(std::nullopt);  // a plan reads FortiFlex, and keeps a full read
    request.pending = &session->pending_creates();
    const PlanOutcome planned = plan_program(session->provider(), session->clock(), request, builtin_catalog());
    const Plan& plan = planned.plan;
    if (planned.change_scope) {
        context.err << render_change_scope(*planned.change_scope, context.global.verbose);
    }
    context.err << render_open_journals(planned.open_journals, JournalReader::plan);
    if (context.global.verbose) {
        context.err << render_plan_requests(planned);
    }
    if (!options.out.empty()) {
        // With FLEXFORM_PLAN_KEY the file is signed, so the apply job can tell it is the plan this job made.
        if (const std::string key = plan_key(); !key.empty()) {
            write_file(options.out, [&](std::ostream& file) { file << signed_plan_text(render_json(plan), key); });
        } else {
            write_file(options.out, [&plan](std::ostream& file) { write_json(plan, file); });
        }
        context.err << render_plan_saved(options.out, plan.applyable());
    }
    context.err << render_plan_blocked(plan);
    RenderOptions render;
    render.color = use_color(context);
    if (options.format == "json") {
        write_json(plan, context.out);
    } else if (options.format == "markdown") {
        context.out << render_markdown(plan, render);
    } else {
        write_text(plan, context.out, render);
    }
    return plan_exit_code(plan, options.detailed_exitcode && plan.has_changes() ? k_exit_changes : k_exit_ok);
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<PlanCommandOptions>();
    CLI::App* cmd = app.add_subcommand("plan", "Show what apply would change in FortiFlex, with the points cost");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--out", options->out, "Save the plan (JSON) for `flexform apply FILE`");
    cmd->add_option("--format", options->format, "Output format")->check(CLI::IsMember({"text", "markdown", "json"}));
    cmd->add_flag("--detailed-exitcode", options->detailed_exitcode,
                  "Exit 2 when there are changes (in any case 3 when blocked, 1 when an error leaves a customer out)");
    cmd->add_option("--customer", options->customers, "Only this customer (repeat the flag for more)")
        ->allow_extra_args(false);
    cmd->add_flag("--prune", options->prune, "Stop and disable unmanaged configurations of managed accounts");
    cmd->add_option("--changed-since", options->changed_since,
                    "Only the customers whose manifests differ from this git revision (a PR plan: reads only their "
                    "accounts; program totals are not refreshed)");
    cmd->add_option("--base", options->base,
                    "With --changed-since the last applied commit: the pull request's base; customers changed before "
                    "it are shown as merged, not yet applied")
        ->needs("--changed-since");
    cmd->callback(
        [options, &context] { run_verb(context, "plan", [&] { return run_plan_command(*options, context); }); });
}

}  // namespace flexform::cli
