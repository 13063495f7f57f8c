// Renderers turn a Plan into text for a terminal, markdown for a pull-request comment, or JSON (the versioned plan
// file format of schemas/plan.schema.json). Pure functions.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/words.h"
#include "engine/plan/plan.h"
#include "engine/plan/program_plans.h"
#include "engine/render/plan_summary.h"

namespace flexform {

struct RenderOptions {
    bool color = false;
    std::size_t markdown_limit = 65000;  // GitHub refuses comments above 65,536 characters
    const Catalog* catalog = nullptr;    // default: the built-in catalog
    std::string program_name;            // a section of a plan across programs: its program's short name
};

std::string render_text(const Plan& plan, const RenderOptions& options);
void write_text(const Plan& plan, std::ostream& out, const RenderOptions& options);
std::string render_markdown(const Plan& plan, const RenderOptions& options);
std::string render_json(const Plan& plan, const RenderOptions& options = {});
// The same JSON written straight to `out`, so a plan of 10,000 customers is never held twice in memory.
void write_json(const Plan& plan, std::ostream& out, const RenderOptions& options = {});

// A plan across several programs: each program's section (its plan, headed by the program's name and serial) and
// the total of them, which adds up the sections' figures as shown. JSON: {"format_version", "flexform_version",
// "created_at", "programs": [one plan's object with "program_name"...], "total": {...}}.
std::string render_text(const std::vector<ProgramPlan>& sections, const RenderOptions& options);
std::string render_markdown(const std::vector<ProgramPlan>& sections, const RenderOptions& options);
std::string render_json(const std::vector<ProgramPlan>& sections, const RenderOptions& options = {});

// The digest a reviewer sees and a merge job can compare: SHA-256 of the plan's changes in their JSON form.
std::string plan_digest(const Plan& plan);

// "waiting to settle until T: a create sent at S may still land in FortiFlex; it is not sent again before then"
std::string explain_waiting(const SettleWait& waiting);

// "1,234.56"; with a sign when `signed_value` ("+12.00", "-0.50").
std::string format_points(double value, bool signed_value = false);
// Whole points, grouped the same way: 9215.4 -> "9,215" (a prepaid balance, a commitment's base).
std::string format_whole_points(double value);
// "+83.3%"
std::string format_percent(double fraction, bool signed_value = false);

// Columns as wide as their widest cell (in characters), separated by two spaces; `right` aligns a column right.
std::string format_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const std::vector<bool>& right = {});

}  // namespace flexform
