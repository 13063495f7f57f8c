// flexform apply [PLANFILE [PATH...] | PATH...]: apply a reviewed plan exactly, or plan and apply manifests.
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/interrupts.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/apply/progress.h"
#include "engine/render/apply_result.h"
#include "engine/render/plan_notes.h"
#include "engine/render/render.h"
#include "engine/render/show_renderer.h"
#include "engine/usecases/apply_use_case.h"
#include "engine/usecases/programs_apply_use_case.h"
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
    bool wait_settle = false;
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
    context.out << render_apply_prompt(plan, render);
    context.out.flush();
    std::string answer;
    std::getline(context.in, answer);
    return answer == "yes";
}

// Whether `path` (symlinks resolved) lies in the current directory, the working tree apply runs in.
bool inside_working_tree(const std::string& path) {
    std::error_code error;
    const auto tree = std::filesystem::weakly_canonical(std::filesystem::current_path(), error);
    const auto target = std::filesystem::weakly_canonical(tree / path, error);
    if (error) {
        return false;
    }
    const auto relative = target.lexically_relative(tree);
    return !relative.empty() && *relative.begin() != "..";
}

SavedPlanSource plan_source(const ApplyCommandOptions& options) {
    SavedPlanSource source;
    source.name = options.args[0];
    source.text = read_text_file(options.args[0]);
    source.named_paths.assign(options.args.begin() + 1, options.args.end());
    source.exists = [](const std::string& path) { return std::filesystem::exists(path); };
    source.inside_tree = inside_working_tree;
    source.key = plan_key();
    return source;
}

// A plan file across programs: {"programs": [...], ...}.
bool holds_programs(const std::string& text) {
    const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    return document.is_object() && document.contains("programs");
}

// apply PLANFILE: the plan, read and checked by the engine, and the manifests it applies against.
std::optional<SavedPlan> saved_plan(const ApplyCommandOptions& options) {
    if (!is_plan_file(options.args)) {
        return std::nullopt;
    }
    return read_saved_plan(plan_source(options), builtin_catalog());
}

int exit_code(const ApplyOutcome& outcome) {
    switch (outcome.verdict) {
        case ApplyVerdict::no_changes:
            return plan_exit_code(outcome.plan, k_exit_ok);
        case ApplyVerdict::applied:
            if (outcome.result.interrupted) {
                return k_exit_interrupted;
            }
            // Customers left out: the rest was applied, the whole was not.
            return outcome.result.ok() ? plan_exit_code(outcome.plan, k_exit_ok) : k_exit_error;
        case ApplyVerdict::interrupted:
            return k_exit_interrupted;
        case ApplyVerdict::refused_errors:
            return k_exit_blocked;
        case ApplyVerdict::refused_stale:
        case ApplyVerdict::cancelled:
            break;
    }
    return k_exit_error;
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

// What apply across programs and apply of one program share: who applies, how it is told, how it waits.
void describe_run(ApplyRequest& request, const ApplyCommandOptions& options, CommandContext& context, Session& session,
                  ProgressObserver& progress, EventStreamObserver& events, bool events_active) {
    request.on_open_journals = [&context](const std::vector<OpenJournalNote>& notes) {
        context.err << render_open_journals(notes, JournalReader::apply);
    };
    request.me = session.me("apply");
    request.lock_timeout = parse_duration(options.lock_timeout);
    request.execution.parallelism = session.parallelism();
    request.execution.observers.push_back(&progress);
    if (events_active) {
        request.execution.observers.push_back(&events);
    }
    request.execution.stop_requested = &interrupts().stop;
    request.execution.settle_window_seconds = session.settle_window_seconds();
    request.wait_settle = options.wait_settle;
    request.on_settle_wait = [&context](const std::string& until, const std::vector<Change>& waiting) {
        context.err << render_settle_wait(until, waiting);
    };
    request.wait_until = [](std::int64_t utc_seconds) {
        const auto until = std::chrono::system_clock::time_point(std::chrono::seconds(utc_seconds));
        while (std::chrono::system_clock::now() < until) {
            if (interrupts().stop.load()) {
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return !interrupts().stop.load();
    };
    request.on_writes_start = [] { interrupts().writing = true; };
    request.journal_header = {{"host", request.me.host}, {"user", request.me.user}, {"pid", request.me.pid}};
    request.plan_digest = [](const Plan& plan) { return plan_digest(plan); };
}

int programs_exit_code(const ProgramsApplyOutcome& outcome) {
    if (outcome.interrupted) {
        return k_exit_interrupted;
    }
    if (outcome.cancelled) {
        return k_exit_error;
    }
    int out = k_exit_ok;
    for (const auto& section : outcome.sections) {
        const int code = exit_code(section.outcome);
        if (code == k_exit_interrupted || (code == k_exit_error && out != k_exit_interrupted) ||
            (code == k_exit_blocked && out == k_exit_ok)) {
            out = code;
        }
    }
    return out;
}

// spec.programs: every program's lock, every section planned (and compared with the saved one) before any write.
int run_programs_apply(const ApplyCommandOptions& options, CommandContext& context, Session& session,
                       const std::vector<std::string>& paths, std::optional<SavedPrograms> saved) {
    const LoadResult manifests = load_desired(context, session, paths);
    std::ostream& human = options.json ? context.err : context.out;
    EventSink sink(options, context);
    const Clock& clock = session.clock();
    ProgressObserver progress([&context](const std::string& line) { context.err << line << "\n"; },
                              [&clock] { return clock.monotonic_seconds(); });
    EventStreamObserver events([&sink](const std::string& line) { sink.write(line); },
                               [&clock] { return clock.utc_timestamp(); });
    ProgramsApplyRequest request;
    request.plan = programs_plan_request(session, manifests, paths, true);
    request.plan.plan.customers = options.customers;
    request.plan.plan.prune = options.prune;
    request.saved = std::move(saved);
    describe_run(request.each, options, context, session, progress, events, sink.active());
    const auto approve = [&](const std::vector<ProgramPlan>& sections) {
        RenderOptions render;
        render.color = !options.json && use_color(context);
        // A saved plan was the review: it applies only if every section is what flexform would plan now.
        if (options.auto_approve || request.saved) {
            human << render_text(sections, render) << "\n";  // the log of a CI apply shows what it did
            return true;
        }
        if (!context.stdin_tty) {
            throw UsageError("refusing to apply without --auto-approve when stdin is not a terminal");
        }
        context.out << render_apply_prompt(sections, render);
        context.out.flush();
        std::string answer;
        std::getline(context.in, answer);
        return answer == "yes";
    };
    InterruptScope interrupt_scope;
    const ProgramsApplyOutcome outcome =
        apply_programs(session.locks(), session.journals(), clock, request, builtin_catalog(), approve);
    RenderOptions render;
    render.color = use_color(context);
    const ApplyReport report = render_apply_result(outcome, render);
    context.err << report.notes;
    human << report.result;
    context.err << report.problem;
    return programs_exit_code(outcome);
}

int run_apply(const ApplyCommandOptions& options, CommandContext& context) {
    if (is_plan_file(options.args)) {
        const SavedPlanSource source = plan_source(options);
        if (holds_programs(source.text)) {
            SavedPrograms saved = read_saved_programs(source, builtin_catalog());
            context.err << render_unverified_plan_note(options.args[0], saved.signature);
            auto session = open_session(context, saved.manifest_paths);
            session->will_write();
            if (session->project().programs.empty()) {
                throw RequestError(options.args[0] + " is a plan across programs, and " + session->project_file() +
                                   " lists no spec.programs: it cannot be applied here");
            }
            const std::vector<std::string> paths = saved.manifest_paths;
            return run_programs_apply(options, context, *session, paths, std::move(saved));
        }
    }
    const std::optional<SavedPlan> saved = saved_plan(options);
    if (saved) {
        context.err << render_unverified_plan_note(options.args[0], saved->signature);
    }
    const std::vector<std::string> paths = saved ? saved->manifest_paths : options.args;
    auto session = open_session(context, paths);
    session->will_write();
    if (!session->project().programs.empty()) {
        std::optional<SavedPrograms> sections;
        if (saved) {  // one program's plan: a section of the program it was made for
            sections = SavedPrograms{{{"", saved->plan, saved->stated, saved->plan_digest}},
                                     saved->manifest_paths, saved->signature};
        }
        return run_programs_apply(options, context, *session, paths, std::move(sections));
    }
    const LoadResult manifests = load_desired(context, *session, paths);
    std::ostream& human = options.json ? context.err : context.out;
    EventSink sink(options, context);
    const Clock& clock = session->clock();
    ProgressObserver progress([&context](const std::string& line) { context.err << line << "\n"; },
                              [&clock] { return clock.monotonic_seconds(); });
    EventStreamObserver events([&sink](const std::string& line) { sink.write(line); },
                               [&clock] { return clock.utc_timestamp(); });
    ApplyRequest request;
    request.plan = plan_request(*session, manifests, paths);
    request.plan.customers = options.customers;
    request.plan.prune = options.prune;
    describe_run(request, options, context, *session, progress, events, sink.active());
    if (saved) {
        request.saved = saved->plan;
        request.saved_stated = saved->stated;
        request.saved_digest = saved->plan_digest;
    }
    request.plan.pending = &session->pending_creates();
    // Its read is kept as a snapshot when nothing is to change; any write drops the program's snapshots first.
    request.plan.snapshots = session->snapshots(std::nullopt);
    if (saved) {
        request.journal_header["saved_plan_digest"] = saved->plan_digest;
    }
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
    InterruptScope interrupt_scope;
    const ApplyOutcome outcome = apply_program(session->provider(), session->locks(), session->journals(), clock,
                                               request, builtin_catalog(), approve);
    RenderOptions render;
    render.color = !options.json && use_color(context);  // with --json the words go to stderr, beside the JSON
    const ApplyReport report = render_apply_result(outcome, render);
    context.err << report.notes;
    human << report.result;
    context.err << report.problem;
    return exit_code(outcome);
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
    cmd->add_flag("--wait-settle", options->wait_settle,
                  "Wait for creates of unknown outcome to settle (then re-check them) instead of skipping them");
    cmd->callback([options, &context] { run_verb(context, "apply", [&] { return run_apply(*options, context); }); });
}

}  // namespace flexform::cli
