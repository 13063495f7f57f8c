// Reads a saved plan (the JSON of `plan --out`, format_version 2) back into a Plan, for `show` and for the
// saved-plan contract of `apply PLANFILE`. Writing is render_json's job.
#pragma once

#include <stdexcept>
#include <string>

#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"

namespace flexform {

class PlanFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws PlanFileError naming what is wrong: not JSON, an older or newer format, a missing or mistyped field.
Plan read_plan_text(const std::string& text, const Catalog& catalog);

}  // namespace flexform
