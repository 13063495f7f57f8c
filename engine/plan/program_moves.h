// Moves between the programs of one project, as the run across programs needs them before it plans (the planning
// itself is in program_move_plan.cpp, driven by PlanOptions::other_programs and declared_elsewhere).
#pragma once

#include <vector>

#include "engine/model/desired.h"
#include "engine/model/live.h"
#include "engine/plan/planner.h"

namespace flexform {

// A customer moved whole to another program (its own `program:` changed) is in no configuration of the program it
// left, so that program's desired state drops it and its live configurations there would never be moved out. This
// keeps in `cut` (one program's desired state, `live` its live state) every customer of `full` whose account holds a
// live configuration that `elsewhere` (the configurations billed to another program) names, with none of its
// configurations: that program's plan then stops its VMs and disables the configurations once empty.
void keep_customers_moving_out(DesiredState& cut, const DesiredState& full, const LiveState& live,
                               const std::vector<DeclaredElsewhere>& elsewhere);

}  // namespace flexform
