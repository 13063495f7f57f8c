// Renderers for `flexform tokens`: each VM's licence token as a table (with a reminder that tokens are secrets) or
// as JSON. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/render/console_text.h"
#include "engine/usecases/tokens_use_case.h"

namespace flexform {

// The table on stdout; the count and the reminder on stderr.
ConsoleText render_tokens_text(const std::vector<TokenRow>& rows);
std::string render_tokens_json(const std::vector<TokenRow>& rows);

}  // namespace flexform
