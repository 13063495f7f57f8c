// What plan, apply and drift share on the CLI side: a PlanRequest from flags and settings, the note about earlier
// interrupted applies, and file writing.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/manifest/manifest.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform::cli {

class Session;

// Checks --customer names against the manifests (UsageError otherwise).
PlanRequest plan_request(Session& session, const LoadResult& manifests, const std::vector<std::string>& paths,
                         const std::vector<std::string>& customers, bool prune);
// Prints, for each earlier apply whose outcome is not fully known, what it left unknown and what happens now; an
// apply still running on this host is named as running, with `while_running` (what that means for this command).
void report_open_journals(const CommandContext& context, Session& session, const std::string& what_now,
                          const std::string& while_running);
// Writes beside `path`, then renames: a reader never sees half a file.
void write_file(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace flexform::cli
