// flexform dashboard --out DIR: the operations dashboard as a static site, for the nightly job to publish.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/plan/plan_file.h"
#include "engine/render/dashboard_site.h"
#include "engine/usecases/dashboard_use_case.h"

namespace flexform::cli {

namespace {

struct DashboardOptions {
    std::string out;
    std::string plan;
    std::string drift;
    std::vector<std::string> paths;
};

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError(path + ": no such file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int run_dashboard(const DashboardOptions& options, CommandContext& context) {
    const auto start = std::chrono::steady_clock::now();
    auto session = open_session(context, options.paths);
    const LoadResult manifests = load_desired(context, *session, options.paths, false);
    DashboardRequest request;
    request.program = session->program();
    request.desired = &manifests.state;
    request.yearly_commitment = session->yearly_commitment();
    request.parallelism = session->parallelism();
    if (!options.plan.empty()) {
        request.pending = read_plan_text(read_text(options.plan), builtin_catalog());
    }
    if (!options.drift.empty()) {
        try {
            request.drift = drift_from_json_text(read_text(options.drift));
        } catch (const std::invalid_argument& e) {
            throw UsageError("--drift " + options.drift + ": " + e.what());
        }
        request.drift_source = options.drift;
    }
    const DashboardData data = gather_dashboard(session->provider(), session->store_if_present(), session->clock(),
                                                request, builtin_catalog());
    const auto files = render_dashboard(data, builtin_catalog());
    std::size_t bytes = 0;
    for (const auto& [name, content] : files) {
        const std::filesystem::path path = std::filesystem::path(options.out) / name;
        std::filesystem::create_directories(path.parent_path());
        write_file(path.string(), [&](std::ostream& out) { out << content; });
        bytes += content.size();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    context.out << "dashboard: " << files.size() << " files (" << bytes / 1024 << " KiB) in " << options.out
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
    cmd->add_option("paths", options->paths, "Manifests that name the customers (default: .)");
    cmd->callback(
        [options, &context] { run_verb(context, "dashboard", [&] { return run_dashboard(*options, context); }); });
}

}  // namespace flexform::cli
