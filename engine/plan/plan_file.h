// Reads a saved plan (the JSON of `plan --out`, format_version 2) back into a Plan, for `show` and for the
// saved-plan contract of `apply PLANFILE`; signs and verifies the file (FLEXFORM_PLAN_KEY). Writing is render_json's
// job.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"
#include "engine/plan/program_plans.h"

namespace flexform {

class PlanFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The figures and flags a plan file states that follow from its values (applyable, the count per action, deltas,
// runway, shares, product codes), by their path in the file, each as its JSON text: a saved plan's must equal what
// a plan made now gives, or a reviewer saw figures that are not the plan's.
using StatedFigures = std::map<std::string, std::string>;

struct PlanFile {
    Plan plan;
    StatedFigures stated;
    std::string plan_digest;  // as the file states it
};

// Throws PlanFileError naming what is wrong: not JSON, an older or newer format, a missing or mistyped field.
PlanFile read_plan_file(const std::string& text, const Catalog& catalog);
Plan read_plan_text(const std::string& text, const Catalog& catalog);
// The sections of a plan file: each program's of a plan across programs ({"programs": [...]}), or the one plan of a
// file of one program (its name empty). Throws PlanFileError as read_plan_file does.
std::vector<ProgramPlan> read_plan_sections(const std::string& text, const Catalog& catalog);

// What a file of `plan` states, rounded as render_json writes it.
StatedFigures derived_figures(const Plan& plan, const Catalog& catalog);

// Whether a plan file's signature holds under the key (empty: none is set).
enum class SignatureCheck {
    verified,       // signed, and the key reproduces the signature
    unsigned_plan,  // the file carries no signature
    no_key,         // signed, but no key is set to check it with
    invalid,        // the key does not reproduce it: altered after signing, or signed with another key
};
SignatureCheck check_signature(const std::string& text, const std::string& key);

// The file text with its HMAC-SHA-256 signature under `key` added: over the canonical content (the JSON without
// the signature, keys sorted, no whitespace), so a reformatted file still verifies and any changed value does not.
std::string signed_plan_text(const std::string& text, const std::string& key);

std::string_view to_string(MissingFigure missing);
std::optional<MissingFigure> parse_missing_figure(std::string_view text);

}  // namespace flexform
