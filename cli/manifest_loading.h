// Shared by every verb that reads manifests: resolve paths and the project file, load, print diagnostics.
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/manifest/manifest.h"

namespace flexform::cli {

// PATH arguments default to the current directory; the project file is --config or the nearest flexform.yaml.
LoadResult load_desired(const CommandContext& context, const std::vector<std::string>& paths);
void print_diagnostics(std::ostream& err, const std::vector<Diagnostic>& diagnostics);

}  // namespace flexform::cli
