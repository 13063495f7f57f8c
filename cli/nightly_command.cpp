// flexform nightly [PATH...] --out DIR: the nightly job in one read of the program: drift (text, markdown, JSON),
// the consumption pull of the closed days not yet stored, program status and projection, and the dashboard, all
// written under DIR; exit 2 on drift, as `drift`.
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "cli/site_output.h"
#include "engine/model/programs.h"
#include "engine/render/dashboard_site.h"
#include "engine/render/pull_renderers.h"
#include "engine/render/reports.h"
#include "engine/usecases/nightly_use_case.h"

namespace flexform::cli {

namespace {

struct NightlyOptions {
    std::vector<std::string> paths;
    std::string out;
};

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

int run_nightly_verb(const NightlyOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths);
    const std::vector<ProgramSettings> scope = session->programs_in_scope();
    session->check_programs_visible();
    const Clock& clock = session->clock();
    const bool several = scope.size() > 1;
    ConsumptionStore* store = nullptr;
    const auto night_of = [&](const DesiredState* desired, const std::string& name) {
        NightlyRequest request;
        request.drift.plan = plan_request(*session, manifests, options.paths);
        request.drift.plan.desired = desired;
        request.program.program = session->program();
        request.program.yearly_commitment = session->yearly_commitment();
        request.program.parallelism = session->parallelism();
        request.program.desired = desired;
        request.dashboard.program = session->program();
        request.dashboard.program_name = several ? name : std::string();  // pages across programs name theirs
        request.dashboard.project_name = session->project_name();
        request.dashboard.desired = desired;
        request.dashboard.yearly_commitment = session->yearly_commitment();
        request.dashboard.parallelism = session->parallelism();
        request.pull.program = session->program();
        for (const ProgramSettings& other : session->programs()) {
            if (other.serial != session->program()) {
                request.pull.other_programs.push_back(other.serial);  // where a serial moved out of this one went
            }
        }
        request.pull.today = clock.today();
        request.pull.parallelism = session->parallelism();
        request.pull.now_utc = [&clock] { return clock.utc_timestamp(); };
        request.pull.progress = [&context, several, name](const DayPull& day) {
            context.err << (several ? render_pull_day(name, day) : render_pull_day(day)) << "\n";
        };
        store = &session->store(false);
        request.snapshots = session->snapshots(std::nullopt);  // the night's read, for `status --max-age` after it
        return run_nightly(session->provider(), *store, clock, request, builtin_catalog());
    };
    const std::filesystem::path out(options.out);
    if (!several) {
        const NightlyOutcome night = night_of(&manifests.state, scope.front().name);
        std::filesystem::create_directories(out);
        write_file(out / "drift.txt", render_drift_text(night.drift.report, builtin_catalog()));
        write_file(out / "drift.md", render_drift_markdown(night.drift.report, builtin_catalog()));
        write_file(out / "drift.json", render_drift_json(night.drift.report, builtin_catalog()));
        write_file(out / "pull.txt", render_pull_summary(night.pull, store->describe()));
        write_file(out / "program.txt", render_program_text(night.program.report));
        write_file(out / "program.json", render_program_json(night.program.report));
        const auto files = render_dashboard(night.dashboard, builtin_catalog());
        write_site((out / "dashboard").string(), files, k_dashboard_generator_mark);
        context.out << "nightly: drift, pull, program and dashboard in " << out.string() << " from " << night.requests
                    << " FortiFlex requests\n";
        return night.drift.report.in_sync() ? k_exit_ok : k_exit_changes;
    }
    // Across programs: each program's night from the desired state it bills; its drift in drift-<name>.*, the pull,
    // program and dashboard of all of them together.
    std::vector<DesiredState> desired;
    desired.reserve(scope.size());  // the nights' results point into it
    std::vector<Named<PullResult>> pulls;
    std::vector<Named<ProgramReport>> programs;
    std::vector<Named<DashboardData>> dashboards;
    std::int64_t requests = 0;
    bool in_sync = true;
    std::filesystem::create_directories(out);
    for (const ProgramSettings& program : scope) {
        session->select_program(program);
        desired.push_back(desired_for_program(manifests.state, session->programs(), program));
        NightlyOutcome night = night_of(&desired.back(), program.name);
        const std::string drift = "drift-" + program.name;
        write_file(out / (drift + ".txt"), render_drift_text(night.drift.report, builtin_catalog()));
        write_file(out / (drift + ".md"), render_drift_markdown(night.drift.report, builtin_catalog()));
        write_file(out / (drift + ".json"), render_drift_json(night.drift.report, builtin_catalog()));
        in_sync = in_sync && night.drift.report.in_sync();
        requests += night.requests;
        pulls.push_back({program.name, std::move(night.pull)});
        programs.push_back({program.name, std::move(night.program.report)});
        dashboards.push_back({program.name, std::move(night.dashboard)});
    }
    write_file(out / "pull.txt", render_pull_summary(pulls, store->describe()));
    write_file(out / "program.txt", render_program_text(programs));
    write_file(out / "program.json", render_program_json(programs));
    write_site((out / "dashboard").string(), render_dashboard(dashboards, builtin_catalog()),
               k_dashboard_generator_mark);
    context.out << "nightly: drift, pull, program and dashboard of " << scope.size() << " programs in "
                << out.string() << " from " << requests << " FortiFlex requests\n";
    return in_sync ? k_exit_ok : k_exit_changes;
}

}  // namespace

void add_nightly_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<NightlyOptions>();
    CLI::App* cmd = app.add_subcommand(
        "nightly",
        "One read of the program: drift, consumption pull, program and dashboard into --out (exit 2 on drift)");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--out", options->out, "Directory to write the night's results to")->required();
    cmd->callback(
        [options, &context] { run_verb(context, "nightly", [&] { return run_nightly_verb(*options, context); }); });
}

}  // namespace flexform::cli
