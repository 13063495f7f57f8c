// A plan across several programs (flexform.yaml spec.programs): one section per program, each a whole Plan of that
// program. Renderers show each section and the total of them; a saved plan holds every section.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan.h"

namespace flexform {

struct ProgramPlan {
    std::string name;  // the program's short name in flexform.yaml (the serial is plan.program_serial)
    Plan plan;
};

}  // namespace flexform
