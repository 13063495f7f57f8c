// flexform import (--account-id N | --all) [--out DIR] [--merge]: write manifests from live state, into a repository
// that may already declare some of the accounts.
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "engine/model/words.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/manifest/edit.h"
#include "engine/usecases/import_use_case.h"
#include "providers/files/read_file.h"

namespace flexform::cli {

namespace {

namespace fs = std::filesystem;

struct ImportOptions {
    std::vector<std::int64_t> accounts;
    bool all = false;
    std::string out = "customers";
    bool force = false;
    bool merge = false;
};

struct Tally {
    int written = 0;
    int skipped = 0;
    int merged = 0;
    int failed = 0;
};

std::string read_text(const std::string& path) {
    return read_file_text(path).value_or("");
}

// --merge: what the declaring file lacks, added in place (or shown, when the file's shape does not allow it).
void merge_into(const ImportedManifest& m, CommandContext& context, Tally& tally) {
    const std::string& file = m.declared->pos.file;
    if (m.missing_configs == 0) {
        context.out << "account " << m.account_id << " (" << m.declared->name << "): " << file
                    << " already declares every configuration\n";
        ++tally.skipped;
        return;
    }
    if (const auto merged = append_config_entries(read_text(file), m.declared->name, m.missing_entries)) {
        write_file(file, [&](std::ostream& out) { out << *merged; });
        context.out << "added " << count_of(m.missing_configs, "configuration", "configurations")
                    << " of account " << m.account_id << " to " << file << "\n";
        ++tally.merged;
        return;
    }
    context.err << "flexform import: cannot add to " << file << " safely (its spec.configs is not a block list at "
                << "the end of the document); add these under spec.configs of " << m.declared->name << ":\n"
                << m.missing_entries;
    ++tally.failed;
}

void write_new(const ImportedManifest& m, const ImportOptions& options, CommandContext& context, Tally& tally) {
    const fs::path file = fs::path(options.out) / (m.customer + ".yaml");
    if (fs::exists(file) && !options.force) {
        context.err << "flexform import: " << file.string() << " exists; not overwritten (use --force)\n";
        ++tally.failed;
        return;
    }
    write_file(file.string(), [&](std::ostream& out) { out << m.yaml; });
    context.out << "wrote " << file.string() << " (account " << m.account_id << ", " << count_of(m.configs, "configuration", "configurations")
                << ", " << count_of(m.entitlements, "entitlement", "entitlements") << ")\n";
    ++tally.written;
}

int run_import(const ImportOptions& options, CommandContext& context) {
    if (options.accounts.empty() && !options.all) {
        throw UsageError("give --account-id N (repeatable) or --all");
    }
    if (!options.accounts.empty() && options.all) {
        throw UsageError("--all and --account-id exclude each other");
    }
    if (options.merge && options.force) {
        throw UsageError("--merge and --force exclude each other: add what is missing, or overwrite");
    }
    auto session = open_session(context, {});
    // Names already used in the tree are kept on re-import; accounts declared under DIR are not written twice. The
    // tree may be mid-edit, so its diagnostics do not stop an import.
    const ManifestOptions manifest_options{&builtin_catalog(), session->clock().today()};
    const LoadResult tree = load_manifests({"."}, session->project_file(), manifest_options);
    const LoadResult declared =
        fs::exists(options.out) ? load_manifests({options.out}, "", manifest_options) : LoadResult{};
    ImportRequest request;
    request.program = session->program();
    request.accounts = options.accounts;
    request.all = options.all;
    request.parallelism = session->parallelism();
    request.declared = &declared.state;
    for (const auto& c : tree.state.customers) {
        request.customer_names[c.account_id] = c.name;
    }
    const auto imported = import_accounts(session->provider(), request, builtin_catalog());
    fs::create_directories(options.out);
    Tally tally;
    for (const auto& m : imported) {
        const fs::path target = fs::path(options.out) / (m.customer + ".yaml");
        std::error_code ec;
        const bool declared_in_target = m.declared && fs::equivalent(target, m.declared->pos.file, ec);
        if (options.merge && m.declared) {
            merge_into(m, context, tally);
        } else if (!m.declared || (declared_in_target && (options.force || !options.all))) {
            write_new(m, options, context, tally);  // its own file: refused unless --force, as any existing file
        } else {
            context.out << "skipped account " << m.account_id << ": declared by " << m.declared->pos.file
                        << " (customer " << m.declared->name << ")"
                        << (m.missing_configs > 0 ? "; --merge adds the " +
                                                        count_of(static_cast<std::size_t>(m.missing_configs),
                                                                 "configuration", "configurations") +
                                                        " it lacks"
                                                  : std::string())
                        << "\n";
            ++tally.skipped;
        }
    }
    context.out << count_of(tally.written, "manifest", "manifests") << " written to " << options.out;
    if (tally.skipped > 0) {
        context.out << ", " << tally.skipped << " already declared";
    }
    if (tally.merged > 0) {
        context.out << ", " << tally.merged << " merged";
    }
    context.out << "\n";
    return tally.failed > 0 ? k_exit_error : k_exit_ok;
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
    cmd->add_flag("--force", options->force, "Overwrite existing files (a declaring file only in its own place)");
    cmd->add_flag("--merge", options->merge,
                  "For accounts already declared, add the configurations their manifests lack");
    cmd->callback([options, &context] { run_verb(context, "import", [&] { return run_import(*options, context); }); });
}

}  // namespace flexform::cli
