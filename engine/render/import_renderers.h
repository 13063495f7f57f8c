// Renderer for `flexform import`: a line per account saying what was written, merged or skipped (on stdout) or
// refused (on stderr), then the totals. Pure function.
#pragma once

#include <string>

#include "engine/render/console_text.h"
#include "engine/usecases/import_use_case.h"

namespace flexform {

ConsoleText render_import_text(const ImportOutcome& outcome);
// After import added flexform's local state to the repository's .gitignore.
std::string render_gitignore_added(const std::string& path);

}  // namespace flexform
