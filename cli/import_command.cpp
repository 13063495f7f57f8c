// flexform import (--account-id N | --all) [--out DIR] [--merge]: write manifests from live state, into a repository
// that may already declare some of the accounts.
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/console_output.h"
#include "cli/context.h"
#include "cli/errors.h"
#include "cli/manifests.h"
#include "cli/plan_support.h"
#include "cli/session.h"
#include "engine/render/import_renderers.h"
#include "engine/report/importer.h"
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
    std::string offers;  // --offers DIR
    int offers_min = 2;
};

std::string read_text(const std::string& path) {
    return read_file_text(path).value_or("");
}

// The files already under DIR, spelt as the use case names its targets (DIR / name).
std::set<std::string> existing_files(const std::string& dir) {
    std::set<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (fs::exists(it->path(), ec)) {
            files.insert((fs::path(dir) / it->path().filename()).string());
        }
    }
    return files;
}

// The customer schema the manifests should reference, as editors resolve it from `out`: the installed package's
// (share/flexform/schemas beside bin/), else the source tree's of a build (build/cli/flexform); relative when it sits
// under the current directory, absolute otherwise. "" when neither exists: no reference that does not resolve.
std::string schema_reference(const std::string& out) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return "";
    }
    for (const fs::path& candidate : {exe.parent_path() / "../share/flexform/schemas/customer.schema.json",
                                     exe.parent_path() / "../../schemas/customer.schema.json"}) {
        if (!fs::is_regular_file(candidate, ec)) {
            continue;
        }
        const fs::path schema = fs::weakly_canonical(candidate, ec);
        const fs::path here = fs::weakly_canonical(fs::current_path(ec), ec);
        const fs::path inside = schema.lexically_relative(here);
        if (!inside.empty() && *inside.begin() != "..") {
            return schema.lexically_relative(fs::weakly_canonical(fs::absolute(out), ec)).generic_string();
        }
        return schema.generic_string();
    }
    return "";
}

// The repository's root: the nearest directory up from here holding .git, else here.
fs::path repository_root() {
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    for (fs::path dir = here; !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", ec)) {
            return dir;
        }
        if (dir == dir.root_path()) {
            break;
        }
    }
    return here;
}

// Adds .flexform/ to the repository's .gitignore when it does not ignore it yet; says so.
void ignore_local_state(CommandContext& context) {
    const fs::path file = repository_root() / ".gitignore";
    const auto updated = gitignore_with_local_state(read_text(file.string()));
    if (!updated) {
        return;
    }
    write_file(file.string(), [&](std::ostream& out) { out << *updated; });
    std::error_code ec;
    const fs::path shown = fs::relative(file, fs::current_path(ec), ec);
    context.out << render_gitignore_added(shown.empty() ? file.string() : shown.generic_string());
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
    if (!options.offers.empty() && options.merge) {
        throw UsageError("--offers and --merge exclude each other: offers are written with whole manifests");
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
    request.out_dir = options.out;
    request.existing_files = existing_files(options.out);
    request.force = options.force;
    request.merge = options.merge;
    request.offers_dir = options.offers;
    request.offers_min = options.offers_min;
    request.schema_ref = schema_reference(options.out);
    if (options.merge) {
        for (const auto& file : declared.state.files) {
            request.declared_texts[file] = read_text(file);
        }
    }
    const ImportOutcome outcome = import_program(session->provider(), request, builtin_catalog());
    for (const auto& [file, text] : outcome.offer_files) {
        if (fs::exists(file) && !options.force) {
            throw UsageError(file + " exists: --force overwrites it (nothing was written)");
        }
    }
    if (!outcome.offer_files.empty()) {
        fs::create_directories(options.offers);
    }
    for (const auto& [file, text] : outcome.offer_files) {
        write_file(file, [&](std::ostream& out) { out << text; });
    }
    fs::create_directories(options.out);
    for (const auto& decision : outcome.decisions) {
        if (decision.writes()) {
            write_file(decision.file, [&](std::ostream& out) { out << decision.text; });
        }
    }
    print(context, render_import_text(outcome));
    if (outcome.ok()) {
        ignore_local_state(context);
    }
    return outcome.ok() ? k_exit_ok : k_exit_error;
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
    cmd->add_option("--offers", options->offers,
                    "Directory for offers: configurations sharing product and parameters name one instead");
    cmd->add_option("--offer-min", options->offers_min, "How many configurations make an offer")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->callback([options, &context] { run_verb(context, "import", [&] { return run_import(*options, context); }); });
}

}  // namespace flexform::cli
