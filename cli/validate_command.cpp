// flexform validate [PATH...]: check manifests offline and summarise them.
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/model/words.h"
#include "engine/render/reports.h"

namespace flexform::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> paths;
    std::string format = "text";
};

struct Summary {
    int customers = 0;
    int configs = 0;
    int entitlements = 0;
    int files = 0;
};

Summary summarize(const DesiredState& state) {
    Summary s;
    s.customers = static_cast<int>(state.customers.size());
    s.files = static_cast<int>(state.files.size());
    for (const auto& customer : state.customers) {
        s.configs += static_cast<int>(customer.configs.size());
        for (const auto& config : customer.configs) {
            s.entitlements += declared_entitlements(config);
        }
    }
    return s;
}

nlohmann::json to_json(const LoadResult& result, const Summary& summary) {
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const auto& d : result.diagnostics) {
        diagnostics.push_back({{"severity", std::string(to_string(d.severity))},
                               {"file", d.file},
                               {"line", d.line},
                               {"column", d.column},
                               {"field", d.field},
                               {"message", d.message}});
    }
    return {{"valid", result.ok()},
            {"summary",
             {{"files", summary.files},
              {"customers", summary.customers},
              {"configs", summary.configs},
              {"entitlements", summary.entitlements}}},
            {"diagnostics", diagnostics}};
}

int run_validate(const ValidateOptions& options, CommandContext& context) {
    auto session = open_session(context, options.paths);
    const LoadResult result = load_manifests(effective_paths(options.paths), session->project_file(),
                                             ManifestOptions{&builtin_catalog(), session->clock().today()});
    const Summary summary = summarize(result.state);
    if (context.global.verbose) {
        for (const auto& s : result.skipped) {
            context.err << "skipped " << s << "\n";
        }
    }
    if (result.ok()) {
        require_customers(result, options.paths);
    }
    if (options.format == "json") {
        context.out << to_json(result, summary).dump(2) << "\n";
        return result.ok() ? k_exit_ok : k_exit_error;
    }
    if (options.format == "github" || options.format == "gitlab") {
        // The CI form on stdout (annotations, or the Code Quality report), the human one on stderr for the log.
        context.out << (options.format == "github" ? render_github_annotations(result.diagnostics)
                                                   : render_gitlab_code_quality(result.diagnostics));
        print_diagnostics(context.err, result.diagnostics);
        return result.ok() ? k_exit_ok : k_exit_error;
    }
    print_diagnostics(context.err, result.diagnostics);
    if (!result.ok()) {
        const int errors = count(result.diagnostics, Severity::error);
        context.err << count_of(errors, "error", "errors") << " in " << count_of(summary.files, "file", "files") << "\n";
        return k_exit_error;
    }
    context.out << "Valid: " << count_of(summary.customers, "customer", "customers") << ", "
                << count_of(summary.configs, "config", "configs") << ", "
                << count_of(summary.entitlements, "entitlement", "entitlements") << " in "
                << count_of(summary.files, "file", "files") << "\n";
    return k_exit_ok;
}

}  // namespace

void add_validate_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App* cmd = app.add_subcommand("validate", "Check manifests offline: syntax, catalog rules, duplicates");
    cmd->add_option("paths", options->paths, "Manifest files or directories (default: .)");
    cmd->add_option("--format", options->format,
                    "Output format: text, json, github (workflow annotations), gitlab (Code Quality report)")
        ->check(CLI::IsMember({"text", "json", "github", "gitlab"}));
    cmd->callback(
        [options, &context] { run_verb(context, "validate", [&] { return run_validate(*options, context); }); });
}

}  // namespace flexform::cli
