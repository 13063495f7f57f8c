#include "cli/manifest_loading.h"

#include <ostream>

namespace flexform::cli {

LoadResult load_desired(const CommandContext& context, const std::vector<std::string>& paths) {
    const std::vector<std::string> effective = paths.empty() ? std::vector<std::string>{"."} : paths;
    const std::string project_file =
        context.global.project_file.empty() ? find_project_file(effective.front()) : context.global.project_file;
    ManifestOptions options{&builtin_catalog(), pacific_today()};
    return load_manifests(effective, project_file, options);
}

void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics) {
        err << format(d) << "\n";
    }
}

}  // namespace flexform::cli
