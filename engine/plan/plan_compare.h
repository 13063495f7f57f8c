// The saved-plan contract: a saved plan may be applied only when it is exactly what flexform would plan now.
// compare_plans names every difference between the two; none means the saved plan is what will be applied.
#pragma once

#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"
#include "engine/plan/plan_file.h"

namespace flexform {

// Every field of the two plans a reviewer saw: the program, version, scope, digests, accounts, the changes in their
// order, every cost figure, policy result and diagnostic.
std::vector<std::string> compare_plans(const Plan& saved, const Plan& fresh);
// The same, and every figure the saved file states beside its values (applyable, counts, deltas, runway, shares)
// against what a file of the fresh plan would state.
std::vector<std::string> compare_saved_plan(const Plan& saved, const StatedFigures& stated, const Plan& fresh,
                                            const Catalog& catalog);

}  // namespace flexform
