// What plan, apply, drift and show share on the CLI side: a PlanRequest from the session and the loaded manifests,
// and the files they read and write.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "engine/manifest/manifest.h"
#include "engine/plan/program_plans.h"
#include "engine/usecases/plan_use_case.h"
#include "engine/usecases/programs_plan_use_case.h"

namespace flexform::cli {

class Session;

// The program, its settings and the manifests (`manifests` must outlive the request); `paths` as given.
PlanRequest plan_request(Session& session, const LoadResult& manifests, const std::vector<std::string>& paths);
// A project with spec.programs: plan_request over every program, the ones --program leaves in scope, and a
// selection that switches the session to each program in turn (with its pending creates when `pending`).
ProgramsPlanRequest programs_plan_request(Session& session, const LoadResult& manifests,
                                          const std::vector<std::string>& paths, bool pending);
// The exit code of what a plan leaves undone, else `otherwise`: 1 when an error leaves a customer out (it wins), 3
// when a blocking cost rule stops the plan or `protect` leaves a customer out (blocked: a review outcome).
int plan_exit_code(const Plan& plan, int otherwise);
// Of the sections of a plan across programs: 1 when any leaves a customer out by an error, else 3 when any is
// blocked, else 2 when `detailed` and any has changes, else 0.
int programs_exit_code(const std::vector<ProgramPlan>& sections, bool detailed);
// A file's whole text; UsageError when it cannot be read.
std::string read_text_file(const std::string& path);
// FLEXFORM_PLAN_KEY, the secret that signs saved plans (empty when unset).
std::string plan_key();
// Writes beside `path`, then renames: a reader never sees half a file.
void write_file(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace flexform::cli
