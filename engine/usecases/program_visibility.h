// Every program flexform.yaml lists must be one the API user sees: a wrong serial would otherwise read as a program
// with nothing in it (plan would create everything again) or fail halfway through a run that has already written.
#pragma once

#include <vector>

#include "engine/model/programs.h"
#include "engine/ports/provider.h"

namespace flexform {

// One programs/list request; throws RequestError naming flexform.yaml's line of the first program it does not give.
void check_programs_visible(Provider& provider, const std::vector<ProgramSettings>& programs);

}  // namespace flexform
