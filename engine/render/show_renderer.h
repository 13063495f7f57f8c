// `flexform show PLANFILE`: the saved plan, headed by whether its signature held (text, markdown and JSON).
#pragma once

#include <string>

#include "engine/render/render.h"
#include "engine/usecases/show_use_case.h"

namespace flexform {

enum class ShowFormat { text, markdown, json };

std::string render_show(const ShowOutcome& outcome, ShowFormat format, const RenderOptions& options);

}  // namespace flexform
