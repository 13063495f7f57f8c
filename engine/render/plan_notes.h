// The notes plan, apply and drift print on stderr beside their result: what `--changed-since` scoped, the earlier
// applies whose outcome is not fully known, how many requests a read took, where a plan was saved. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/usecases/drift_use_case.h"
#include "engine/usecases/open_journals.h"
#include "engine/plan/program_plans.h"
#include "engine/usecases/plan_use_case.h"

namespace flexform {

// With `verbose`, also how many customers changed.
std::string render_change_scope(const ChangeScope& scope, bool verbose);

// Which verb reads FortiFlex while the journals are open: the note says what that means for it.
enum class JournalReader { plan, apply };
std::string render_open_journals(const std::vector<OpenJournalNote>& notes, JournalReader reader);

std::string render_plan_requests(const PlanOutcome& outcome);
std::string render_drift_requests(const DriftOutcome& outcome);
// A plan that cannot be applied says so instead of how to apply it.
std::string render_plan_saved(const std::string& file, bool applyable = true);
// A blocked plan on stderr: each blocking cost rule, or each `protect` refusal that leaves a customer out (empty when
// nothing blocks).
std::string render_plan_blocked(const Plan& plan);
// The same for each section of a plan across programs, naming the section's program.
std::string render_plan_blocked(const std::vector<ProgramPlan>& sections);

}  // namespace flexform
