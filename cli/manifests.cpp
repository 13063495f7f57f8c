#include "cli/manifests.h"

#include <ostream>

#include "cli/errors.h"
#include "cli/session.h"

namespace flexform::cli {

std::vector<std::string> effective_paths(const std::vector<std::string>& paths) {
    return paths.empty() ? std::vector<std::string>{"."} : paths;
}

void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics) {
        err << format(d) << "\n";
    }
}

void require_customers(const LoadResult& result, const std::vector<std::string>& paths) {
    if (!result.state.customers.empty()) {
        return;
    }
    std::string where;
    for (const auto& p : effective_paths(paths)) {
        where += (where.empty() ? "" : ", ") + p;
    }
    throw UsageError("no customer manifests under " + where +
                     " (a manifest is a YAML document with apiVersion: flexform/v1 and kind: Customer)");
}

LoadResult load_desired(const CommandContext& context, Session& session, const std::vector<std::string>& paths,
                        bool require) {
    ManifestOptions options{&builtin_catalog(), session.clock().today()};
    LoadResult result = load_manifests(effective_paths(paths), session.project_file(), options);
    if (context.global.verbose) {
        for (const auto& s : result.skipped) {
            context.err << "skipped " << s << "\n";
        }
    }
    print_diagnostics(context.err, result.diagnostics);
    if (!result.ok()) {
        throw Reported();
    }
    if (require) {
        require_customers(result, paths);
    }
    return result;
}

}  // namespace flexform::cli
