// flexform dashboard --out DIR: the operations dashboard as a static site, for the nightly job to publish.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/max_age.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "cli/site_output.h"
#include "engine/model/programs.h"
#include "engine/model/words.h"
#include "engine/plan/plan_file.h"
#include "engine/render/dashboard_site.h"
#include "engine/usecases/dashboard_use_case.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

namespace {

struct DashboardOptions {
    std::string out;
    std::string plan;
    std::string drift;
    std::string max_age;
    std::vector<std::string> paths;
    int ending_within = k_default_ending_within_days;
};

std::string read_text(const std::string& path) {
    if (auto text = read_file_text(path)) {
        return std::move(*text);
    }
    throw UsageError(path + ": no such file");
}

int run_dashboard(const DashboardOptions& options, CommandContext& context) {
    const auto start = std::chrono::steady_clock::now();
    const std::optional<std::int64_t> max_age = parse_max_age(options.max_age);
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    session->check_programs_visible();
    // A file across programs holds a section per program; each goes to its program's site.
    std::vector<ProgramPlan> pending;
    if (!options.plan.empty()) {
        pending = read_plan_sections(read_text(options.plan), builtin_catalog());
    }
    std::vector<DriftReport> drifts;
    if (!options.drift.empty()) {
        try {
            drifts = drifts_from_json_text(read_text(options.drift));
        } catch (const std::invalid_argument& e) {
            throw UsageError("--drift " + options.drift + ": " + e.what());
        }
    }
    // The serials of the programs in scope, for the refusal of a plan or drift of another program.
    std::string serials;
    for (const auto& p : scope) {
        serials += (serials.empty() ? "" : ", ") + p.serial;
    }
    const auto in_scope = [&scope](const std::string& serial) {
        return std::any_of(scope.begin(), scope.end(), [&](const ProgramSettings& p) { return p.serial == serial; });
    };
    for (const ProgramPlan& section : pending) {
        if (!in_scope(section.plan.program_serial)) {
            throw UsageError("--plan " + options.plan + " is a plan of program " + section.plan.program_serial +
                             ", not of " + (scope.size() > 1 ? serials : session->program()));
        }
    }
    for (const DriftReport& drift : drifts) {
        if (!drift.program.empty() && !in_scope(drift.program)) {
            throw UsageError("--drift " + options.drift + " is the drift of program " + drift.program + ", not of " +
                             (scope.size() > 1 ? serials : session->program()));
        }
    }
    std::string program_name;  // of the program whose site is being gathered, across programs
    const auto one_program = [&](const DesiredState* desired) {
        DashboardRequest request;
        request.program = session->program();
        request.program_name = program_name;
        request.project_name = session->project_name();
        request.desired = desired;
        request.yearly_commitment = session->yearly_commitment();
        request.parallelism = session->parallelism();
        request.ending_within_days = options.ending_within;
        for (const ProgramPlan& section : pending) {
            if (section.plan.program_serial == request.program) {
                request.pending = section.plan;
            }
        }
        for (const DriftReport& drift : drifts) {
            if (drift.program.empty() || drift.program == request.program) {
                request.drift = drift;
                request.drift_source = options.drift;
            }
        }
        request.snapshots = session->snapshots(max_age);  // before the store's reader: it may migrate the store
        return gather_dashboard(session->provider(), session->store_if_present(), session->clock(), request,
                                builtin_catalog());
    };
    std::map<std::string, std::string> files;
    if (scope.size() > 1) {
        // Each program's site from the desired state it bills, under programs/<name>/, and an overview of them all.
        std::vector<DesiredState> desired;
        desired.reserve(scope.size());  // the data below points into it
        std::vector<Named<DashboardData>> programs;
        for (const ProgramSettings& program : scope) {
            session->select_program(program);
            program_name = program.name;
            desired.push_back(desired_for_program(manifests.state, session->programs(), program));
            programs.push_back({program.name, one_program(&desired.back())});
        }
        files = render_dashboard(programs, builtin_catalog());
    } else {
        files = render_dashboard(one_program(&manifests.state), builtin_catalog());
    }
    const auto [bytes, removed] = write_site(options.out, files, k_dashboard_generator_mark);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    context.out << "dashboard: " << files.size() << " files (" << bytes / 1024 << " KiB) in " << options.out
                << (removed ? "; removed " + count_of(removed, "page", "pages") + " of customers no longer there"
                            : std::string())
                << "; open " << (std::filesystem::path(options.out) / "index.html").string() << "\n";
    if (context.global.verbose) {
        context.err << "dashboard: " << session->requests() << " API requests, " << seconds << " s\n";
    }
    return k_exit_ok;
}

}  // namespace

void add_dashboard_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<DashboardOptions>();
    CLI::App* cmd = app.add_subcommand("dashboard", "Write the operations dashboard: a static site for Pages");
    cmd->add_option("--out", options->out, "Directory to write the site to")->required();
    cmd->add_option("--plan", options->plan, "A saved plan whose pending cost the program page shows");
    cmd->add_option("--drift", options->drift,
                    "The output of `flexform drift --format json` (default: from live state)");
    add_max_age_option(*cmd, options->max_age);
    cmd->add_option("paths", options->paths, "Manifests that name the customers (default: .)");
    cmd->add_option("--ending-within", options->ending_within,
                    "List running entitlements that end within this many days (default 30)")
        ->check(CLI::Range(0, 3650));
    cmd->callback(
        [options, &context] { run_verb(context, "dashboard", [&] { return run_dashboard(*options, context); }); });
}

}  // namespace flexform::cli
