// The show use case: a saved plan read back, and whether its signature held, so `show` never presents a figure as
// reviewed that it cannot verify.
#pragma once

#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/program_plans.h"

namespace flexform {

struct ShowOutcome {
    SignatureCheck signature = SignatureCheck::unsigned_plan;
    bool key_set = false;
    Plan plan;  // empty when the signature did not hold: its figures are not to be shown
    // A plan across programs: each program's section (`plan` is then the first's, for where it was made).
    std::vector<ProgramPlan> sections;
};

// Throws PlanFileError when the text is not a plan.
ShowOutcome show_saved_plan(const std::string& text, const std::string& key, const Catalog& catalog);

// Whether the file may be shown as reviewed: its signature held, or no key is set and it is not badly signed. (The
// plan's own outcome, blocked or left out, decides the exit code beyond that.)
bool signature_holds(const ShowOutcome& outcome);

}  // namespace flexform
