// The words of `apply`: the approval question, and the outcome of a run (applied, refused, cancelled, nothing to
// do) in the order the CLI prints them. Pure functions.
#pragma once

#include <string>

#include "engine/render/render.h"
#include "engine/usecases/apply_use_case.h"
#include "engine/usecases/programs_apply_use_case.h"

namespace flexform {

// Notes and problems go to stderr; the result to the human stream (stdout, or stderr when --json holds stdout).
struct ApplyReport {
    std::string notes;    // first: the earlier journals this run re-checked
    std::string result;   // then the run's result
    std::string problem;  // last: why nothing was written
};

ApplyReport render_apply_result(const ApplyOutcome& outcome, const RenderOptions& options);

// Apply across programs: each program's outcome under its name; a refused run shows only the sections that refused
// it (nothing was written in any program).
ApplyReport render_apply_result(const ProgramsApplyOutcome& outcome, const RenderOptions& options);

// apply --wait-settle: what it waits for, and until when.
std::string render_settle_wait(const std::string& until, const std::vector<Change>& waiting);

// The plan, then the question only "yes" answers.
std::string render_apply_prompt(const Plan& plan, const RenderOptions& options);
// Across programs: every section, then the question naming each program.
std::string render_apply_prompt(const std::vector<ProgramPlan>& sections, const RenderOptions& options);

}  // namespace flexform
