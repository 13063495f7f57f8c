// flexform import (--account-id N | --all) [--out DIR]: write manifests from live state.
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/connection.h"
#include "cli/manifest_loading.h"
#include "engine/plan/live_loader.h"
#include "engine/report/importer.h"

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
        context.err << "flexform import: give --account-id N (repeatable) or --all\n";
        return k_exit_error;
    }
    // Customer names come from manifests already in the tree, so a re-import keeps them.
    const LoadResult manifests = load_desired(context, {"."});
    std::map<std::int64_t, std::string> names;
    for (const auto& c : manifests.state.customers) {
        names[c.account_id] = c.name;
    }
    try {
        Connection connection = connect(context, manifests.state.project);
        Provider& provider = connection.provider();
        const LiveState live =
            load_program_state(provider, connection.program, connection.parallelism, options.accounts);
        std::optional<Date> program_end;
        for (const auto& p : provider.list_programs()) {
            if (p.serial == connection.program) {
                program_end = p.end;
            }
        }
        const std::vector<std::int64_t> accounts = options.all ? accounts_of(live) : options.accounts;
        std::filesystem::create_directories(options.out);
        int written = 0;
        int refused = 0;
        for (const std::int64_t account : accounts) {
            ImportInput input;
            input.account_id = account;
            input.customer = names.count(account) ? names[account] : default_customer_name(account);
            for (const auto& c : live.configs) {
                if (c.account_id == account) {
                    input.configs.push_back(c);
                }
            }
            const auto entitlements = live.entitlements.find(account);
            if (entitlements != live.entitlements.end()) {
                input.entitlements = entitlements->second;
            }
            input.program_end = program_end;
            const std::filesystem::path file = std::filesystem::path(options.out) / (input.customer + ".yaml");
            if (std::filesystem::exists(file) && !options.force) {
                context.err << "flexform import: " << file.string() << " exists; not overwritten (use --force)\n";
                ++refused;
                continue;
            }
            std::ofstream(file) << import_manifest(input, builtin_catalog());
            context.out << "wrote " << file.string() << " (account " << account << ", " << input.configs.size()
                        << " configurations, " << input.entitlements.size() << " entitlements)\n";
            ++written;
        }
        context.out << written << " manifest(s) written to " << options.out << "\n";
        return refused > 0 ? k_exit_error : k_exit_ok;
    } catch (const std::exception& e) {
        context.err << "flexform import: " << e.what() << "\n";
        return k_exit_error;
    }
}

}  // namespace

void add_import_command(CLI::App& app, CommandContext& context) {
    auto options = std::make_shared<ImportOptions>();
    CLI::App* cmd = app.add_subcommand("import", "Write customer manifests from live FortiFlex state");
    cmd->add_option("--account-id", options->accounts, "Account to import (repeatable)");
    cmd->add_flag("--all", options->all, "Every account with a configuration in the program");
    cmd->add_option("--out", options->out, "Directory for the manifests")->capture_default_str();
    cmd->add_flag("--force", options->force, "Overwrite existing files");
    cmd->callback([options, &context] { context.exit_code = run_import(*options, context); });
}

}  // namespace flexform::cli
