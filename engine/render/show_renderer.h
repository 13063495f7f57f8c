// `flexform show PLANFILE`: the saved plan, headed by whether its signature held (text, markdown and JSON).
#pragma once

#include <string>

#include "engine/render/render.h"
#include "engine/usecases/show_use_case.h"

namespace flexform {

enum class ShowFormat { text, markdown, json };

std::string render_show(const ShowOutcome& outcome, ShowFormat format, const RenderOptions& options);

// apply PLANFILE without FLEXFORM_PLAN_KEY: what its signature does not prove (empty when it was verified).
std::string render_unverified_plan_note(const std::string& file, SignatureCheck signature);

}  // namespace flexform
