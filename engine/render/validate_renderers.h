// Renderers for `flexform validate`: the diagnostics of a manifest tree and a summary of what it declares, for a
// terminal, as JSON, or for a CI system (GitHub annotations, GitLab Code Quality). Pure functions.
#pragma once

#include <string>

#include "engine/manifest/manifest.h"
#include "engine/render/console_text.h"

namespace flexform {

// Diagnostics on stderr; then "Valid: ..." on stdout, or "N errors in M files" on stderr.
// `color`: errors, warnings and "Valid:" in colour (the CLI's use_color decides).
ConsoleText render_validate_text(const LoadResult& result, bool color = false);
// {"valid", "summary", "diagnostics"}, on stdout alone.
std::string render_validate_json(const LoadResult& result);
// The CI form on stdout, the diagnostics as a person reads them on stderr for the job's log.
ConsoleText render_validate_github(const LoadResult& result);
ConsoleText render_validate_gitlab(const LoadResult& result);

}  // namespace flexform
