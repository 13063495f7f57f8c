// Shared by every verb that reads customer manifests: PATHs default to the current directory; diagnostics go to
// stderr; errors stop the verb (Reported).
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/manifest/manifest.h"

namespace flexform::cli {

class Session;

// With `require_customers`, finding no customer manifest under the paths is an error (a wrong path in CI must
// not look like "no changes").
LoadResult load_desired(const CommandContext& context, Session& session, const std::vector<std::string>& paths,
                        bool require_customers = true);
// The same check for a LoadResult read another way (validate prints its own summary).
void require_customers(const LoadResult& result, const std::vector<std::string>& paths);
std::vector<std::string> effective_paths(const std::vector<std::string>& paths);
void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics);

}  // namespace flexform::cli
