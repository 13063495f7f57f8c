// The saved-plan contract: a saved plan may be applied only when it is exactly what flexform would plan now.
// compare_plans names every difference between the two; none means the saved plan is what will be applied.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"

namespace flexform {

std::vector<std::string> compare_plans(const Plan& saved, const Plan& fresh);

}  // namespace flexform
