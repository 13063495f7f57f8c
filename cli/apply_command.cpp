// flexform apply [PLANFILE [PATH...] | PATH...]: apply a reviewed plan exactly, or plan and apply manifests.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "engine/model/words.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/interrupts.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/apply/progress.h"
#include "engine/plan/plan_file.h"
#include "engine/render/render.h"
#include "engine/usecases/apply_use_case.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

namespace {

struct ApplyCommandOptions {
    std::vector<std::string> args;
    std::vector<std::string> customers;
    bool prune = false;
    bool auto_approve = false;
    std::string lock_timeout = "0";
    bool json = false;
    std::string events_file;
};

// A first argument naming a file that holds JSON is a saved plan; the rest are the manifests it was made from.
bool is_plan_file(const std::vector<std::string>& args) {
    if (args.empty() || !std::filesystem::is_regular_file(args[0])) {
        return false;
    }
    std::ifstream in(args[0]);
    char c = 0;
    while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {
    }
    return c == '{';
}

std::string read_file(const std::string& path) {
    return read_file_text(path).value_or("");
}

// "0", "30s", "5m", "1h", "250ms".
std::chrono::milliseconds parse_duration(const std::string& text) {
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        throw UsageError("--lock-timeout \"" + text + "\" is not a duration (e.g. 0, 30s, 5m)");
    }
    const std::string unit = text.substr(used);
    if (value < 0) {
        throw UsageError("--lock-timeout cannot be negative");
    }
    if (unit.empty() || unit == "s") {
        return std::chrono::seconds(value);
    }
    if (unit == "ms") {
        return std::chrono::milliseconds(value);
    }
    if (unit == "m") {
        return std::chrono::minutes(value);
    }
    if (unit == "h") {
        return std::chrono::hours(value);
    }
    throw UsageError("--lock-timeout \"" + text + "\" has an unknown unit (ms, s, m or h)");
}

bool confirm(CommandContext& context, const Plan& plan) {
    RenderOptions render;
    render.color = use_color(context);
    context.out << render_text(plan, render) << "\nApply these changes to program " << plan.program_serial
                << "? Only 'yes' will be accepted: ";
    context.out.flush();
    std::string answer;
    std::getline(context.in, answer);
    return answer == "yes";
}

std::string count_text(int n, const char* what) {
    return std::to_string(n) + " " + what;
}

int report_result(CommandContext& context, std::ostream& out, const ApplyOutcome& outcome) {
    for (const auto& journal : outcome.rechecked) {
        context.err << "re-checked the " << count_of(journal.state.unresolved.size(), "action", "actions")
                    << " of unknown outcome of the apply of " << journal.state.started_at
                    << "; this apply planned from their real state\n";
    }
    const Plan& plan = outcome.plan;
    switch (outcome.verdict) {
        case ApplyVerdict::refused_stale:
            context.err << "flexform apply: the saved plan is not what flexform would plan now; nothing was "
                           "written:\n";
            for (const auto& d : outcome.differences) {
                context.err << "  - " << d << "\n";
            }
            context.err << "Review a fresh plan: flexform plan --out FILE\n";
            return k_exit_error;
        case ApplyVerdict::refused_errors: {
            RenderOptions render;
            render.color = use_color(context);
            out << render_text(plan, render);
            context.err << "flexform apply: the plan has errors or a blocking policy and cannot be applied; nothing "
                           "was written\n";
            return k_exit_error;
        }
        case ApplyVerdict::no_changes:
            out << "No changes. FortiFlex already matches the manifests.\n";
            return k_exit_ok;
        case ApplyVerdict::cancelled:
            context.err << "Apply cancelled; nothing was written.\n";
            return k_exit_error;
        case ApplyVerdict::applied:
            break;
    }
    const ApplyResult& r = outcome.result;
    const int done = r.count(OutcomeStatus::done);
    int vms_created = 0;
    for (const auto& o : r.outcomes) {
        const Change& c = plan.changes[o.index];
        const ProductType* product = builtin_catalog().find_by_id(c.product_id);
        if (o.status == OutcomeStatus::done && c.action == ActionKind::create_entitlements && product &&
            product->form_factor == FormFactor::vm) {
            vms_created += static_cast<int>(o.serials.size());
        }
    }
    if (r.ok()) {
        out << "Apply complete: " << count_of(done, "action", "actions")
            << " done. Journal: " << outcome.journal << "\n";
    } else {
        out << (r.interrupted ? "Apply interrupted: " : "Apply failed: ") << count_text(done, "done") << ", "
            << count_text(r.count(OutcomeStatus::failed), "failed") << ", "
            << count_text(r.count(OutcomeStatus::unknown), "unknown") << ", "
            << count_text(r.count(OutcomeStatus::skipped), "skipped") << ", "
            << count_text(r.count(OutcomeStatus::not_attempted), "not attempted") << ". Journal: " << outcome.journal
            << "\n";
        if (!r.circuit_open.empty()) {
            out << "  stopped: " << r.circuit_open << "\n";
        }
        for (const auto& o : r.outcomes) {
            if (o.status == OutcomeStatus::failed || o.status == OutcomeStatus::unknown) {
                const Change& c = plan.changes[o.index];
                out << "  " << to_string(o.status) << ": " << c.address << " (" << to_string(c.action)
                    << "): " << o.error << "\n";
            }
        }
        if (r.count(OutcomeStatus::unknown) > 0) {
            out << "Actions of unknown outcome may have happened: the next plan or apply re-reads them first.\n";
        }
        out << "Run `flexform plan` to see what remains; a re-run of apply converges.\n";
    }
    if (vms_created > 0) {
        out << count_of(static_cast<std::size_t>(vms_created), "VM entitlement", "VM entitlements")
            << " created: their licence tokens are listed by `flexform tokens`.\n";
    }
    if (r.interrupted) {
        return k_exit_interrupted;
    }
    return r.ok() ? k_exit_ok : k_exit_error;
}

// A saved plan and the manifests it applies against: those named after it, else those it was made from.
std::optional<Plan> read_saved_plan(const ApplyCommandOptions& options, std::vector<std::string>& paths) {
    if (!is_plan_file(options.args)) {
        return std::nullopt;
    }
    if (!options.customers.empty() || options.prune) {
        throw UsageError("--customer and --prune come from the saved plan; they cannot be given with one");
    }
    Plan saved = read_plan_text(read_file(options.args[0]), builtin_catalog());
    if (saved.changes.empty()) {
        throw UsageError(options.args[0] + " holds no changes: there is nothing to apply");
    }
    paths.erase(paths.begin());
    if (paths.empty()) {
        paths = saved.manifest_paths;
    }
    const std::size_t missing = static_cast<std::size_t>(
        std::count_if(paths.begin(), paths.end(), [](const std::string& p) { return !std::filesystem::exists(p); }));
    if (paths.empty() || missing == paths.size()) {
        throw UsageError("the manifests " + options.args[0] + " was made from (" +
                         (paths.empty() ? std::string("none recorded") : paths.front()) +
                         ") are gone; a saved plan applies only against the manifests it was made from "
                         "(name them after the plan file)");
    }
    return saved;
}

// --json writes apply events to stdout, --events-file appends them to a file; both may be asked.
class EventSink {
public:
    EventSink(const ApplyCommandOptions& options, CommandContext& context) : m_json(options.json), m_out(context.out) {
        if (!options.events_file.empty()) {
            m_file = std::make_unique<std::ofstream>(options.events_file, std::ios::app);
        }
    }
    bool active() const { return m_json || m_file; }
    void write(const std::string& line) {
        if (m_json) {
            m_out << line << "\n";
            m_out.flush();
        }
        if (m_file) {
            *m_file << line << "\n";
            m_file->flush();
        }
    }

private:
    bool m_json;
    std::ostream& m_out;
    std::unique_ptr<std::ofstream> m_file;
};

int run_apply(const ApplyCommandOptions& options, CommandContext& context) {
    std::vector<std::string> paths = options.args;
    const std::optional<Plan> saved = read_saved_plan(options, paths);
    auto session = open_session(context, paths);
    const LoadResult manifests = load_desired(context, *session, paths);
    PlanRequest request = saved ? plan_request(*session, manifests, paths, saved->scope.customers, saved->scope.prune)
                                : plan_request(*session, manifests, paths, options.customers, options.prune);
    if (saved) {
        request.changed_since = saved->scope.changed_since;
    }
    std::ostream& human = options.json ? context.err : context.out;
    EventSink sink(options, context);
    const Clock& clock = session->clock();
    ProgressObserver progress([&context](const std::string& line) { context.err << line << "\n"; },
                              [&clock] { return clock.monotonic_seconds(); });
    EventStreamObserver events([&sink](const std::string& line) { sink.write(line); },
                               [&clock] { return clock.utc_timestamp(); });
    ApplyRequest apply;
    apply.plan = request;
    apply.saved = saved;
    apply.me = session->me("apply");
    apply.lock_timeout = parse_duration(options.lock_timeout);
    apply.execution.parallelism = session->parallelism();
    apply.execution.observers.push_back(&progress);
    if (sink.active()) {
        apply.execution.observers.push_back(&events);
    }
    apply.execution.stop_requested = &interrupts().stop;
    apply.journal_header = {{"host", apply.me.host}, {"user", apply.me.user}, {"pid", apply.me.pid}};
    report_open_journals(context, *session, "re-read before this apply plans",
                         "this apply plans only once it holds the program's lock");
    const auto approve = [&](const Plan& plan) {
        // A saved plan was the review (as `terraform apply PLANFILE`): it applies only if it is what flexform
        // would plan now, so it needs no second approval.
        if (options.auto_approve || saved) {
            RenderOptions render;
            render.color = !options.json && use_color(context);
            human << render_text(plan, render) << "\n";  // the log of a CI apply shows what it did
            return true;
        }
        if (!context.stdin_tty) {
            throw UsageError("refusing to apply without --auto-approve when stdin is not a terminal");
        }
        return confirm(context, plan);
    };
    Provider& provider = session->provider();
    InterruptScope interrupt_scope;
    const ApplyOutcome outcome = apply_program(provider, session->locks(), session->journals(), clock, manifests.state,
                                               apply, builtin_catalog(), approve);
    return report_result(context, human, outcome);
}

}  // namespace

void add_apply_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ApplyCommandOptions>();
    CLI::App* cmd = app.add_subcommand("apply", "Apply a reviewed plan exactly, or plan and apply manifests");
    cmd->add_option("plan_or_paths", options->args,
                    "A plan file from `plan --out` (then the manifests it was made from), or manifest paths");
    cmd->add_flag("--auto-approve", options->auto_approve,
                  "Do not ask for confirmation (a saved plan never asks: it was the review)");
    cmd->add_option("--customer", options->customers, "Only this customer (repeat the flag for more)")
        ->allow_extra_args(false);
    cmd->add_flag("--prune", options->prune, "Stop and disable unmanaged configurations of managed accounts");
    cmd->add_option("--lock-timeout", options->lock_timeout,
                    "How long to wait for another apply of the program to finish (0, 30s, 5m...)")
        ->capture_default_str();
    cmd->add_flag("--json", options->json, "Print one JSON event per line on stdout (the text goes to stderr)");
    cmd->add_option("--events-file", options->events_file, "Also append the JSON events to this file");
    cmd->callback([options, &context] { run_verb(context, "apply", [&] { return run_apply(*options, context); }); });
}

}  // namespace flexform::cli
