// flexform import (--account-id N | --all) [--out DIR]: write manifests from live state.
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/session.h"
#include "engine/usecases/import_use_case.h"

namespace flexform::cli {

namespace {

struct ImportOptions {
    std::vector<std::int64_t> accounts;
    bool all = false;
    std::string out = "customers";
    bool force = false;
};

int run_import(const ImportOptions& options, CommandContext& context) {
    if (options.accounts.empty() && !options.all) {
        throw UsageError("give --account-id N (repeatable) or --all");
    }
    if (!options.accounts.empty() && options.all) {
        throw UsageError("--all and --account-id exclude each other");
    }
    auto session = open_session(context, {});
    // Customer names come from manifests already in the tree, so a re-import keeps them; the tree may be mid-edit
    // (even hold the very duplicates an import creates), so its diagnostics do not stop an import.
    const LoadResult manifests =
        load_manifests({"."}, session->project_file(), ManifestOptions{&builtin_catalog(), session->clock().today()});
    ImportRequest request;
    request.program = session->program();
    request.accounts = options.accounts;
    request.all = options.all;
    request.parallelism = session->parallelism();
    for (const auto& c : manifests.state.customers) {
        request.customer_names[c.account_id] = c.name;
    }
    const auto imported = import_accounts(session->provider(), request, builtin_catalog());
    std::filesystem::create_directories(options.out);
    int written = 0;
    int refused = 0;
    for (const auto& m : imported) {
        const std::filesystem::path file = std::filesystem::path(options.out) / (m.customer + ".yaml");
        if (std::filesystem::exists(file) && !options.force) {
            context.err << "flexform import: " << file.string() << " exists; not overwritten (use --force)\n";
            ++refused;
            continue;
        }
        std::ofstream(file) << m.yaml;
        context.out << "wrote " << file.string() << " (account " << m.account_id << ", " << m.configs
                    << (m.configs == 1 ? " configuration, " : " configurations, ") << m.entitlements
                    << (m.entitlements == 1 ? " entitlement)\n" : " entitlements)\n");
        ++written;
    }
    context.out << written << (written == 1 ? " manifest" : " manifests") << " written to " << options.out << "\n";
    return refused > 0 ? k_exit_error : k_exit_ok;
}

}  // namespace

void add_import_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ImportOptions>();
    CLI::App* cmd = app.add_subcommand("import", "Write customer manifests from live FortiFlex state");
    cmd->add_option("--account-id", options->accounts, "Account to import (repeat the flag for more)")
        ->allow_extra_args(false)
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--all", options->all, "Every account with a configuration in the program");
    cmd->add_option("--out", options->out, "Directory for the manifests")->capture_default_str();
    cmd->add_flag("--force", options->force, "Overwrite existing files");
    cmd->callback([options, &context] { run_verb(context, "import", [&] { return run_import(*options, context); }); });
}

}  // namespace flexform::cli
