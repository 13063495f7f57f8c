// The words of `apply`: the approval question, and the outcome of a run (applied, refused, cancelled, nothing to
// do) in the order the CLI prints them. Pure functions.
#pragma once

#include <string>

#include "engine/render/render.h"
#include "engine/usecases/apply_use_case.h"

namespace flexform {

// Notes and problems go to stderr; the result to the human stream (stdout, or stderr when --json holds stdout).
struct ApplyReport {
    std::string notes;    // first: the earlier journals this run re-checked
    std::string result;   // then the run's result
    std::string problem;  // last: why nothing was written
};

ApplyReport render_apply_result(const ApplyOutcome& outcome, const RenderOptions& options);

// apply --wait-settle: what it waits for, and until when.
std::string render_settle_wait(const std::string& until, const std::vector<Change>& waiting);

// The plan, then the question only "yes" answers.
std::string render_apply_prompt(const Plan& plan, const RenderOptions& options);

}  // namespace flexform
