// Renderers for `flexform discover`: the programs and accounts an API user sees, and (as text) a flexform.yaml to
// start from. Pure functions.
#pragma once

#include <string>

#include "engine/usecases/discover_use_case.h"

namespace flexform {

std::string render_discovery_text(const Discovery& discovery);
std::string render_discovery_json(const Discovery& discovery);

}  // namespace flexform
