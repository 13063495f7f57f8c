// Renderers turn a Plan into text for a terminal, markdown for a pull-request comment, or JSON. Pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "engine/plan/plan.h"

namespace flexform {

struct RenderOptions {
    bool color = false;
    std::size_t markdown_limit = 65000;  // GitHub refuses comments above 65,536 characters
};

std::string render_text(const Plan& plan, const RenderOptions& options);
std::string render_markdown(const Plan& plan, const RenderOptions& options);
std::string render_json(const Plan& plan);

// "1,234.56"; with a sign when `signed_value` ("+12.00", "-0.50").
std::string format_points(double value, bool signed_value = false);
// "Plan: 1 create_config, 2 create_entitlements (5 entitlements), 1 stop." or "No changes."
std::string summary_line(const Plan& plan);

}  // namespace flexform
