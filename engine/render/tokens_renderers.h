// Renderers for `flexform tokens`: each VM's licence token as a table (with a reminder that tokens are secrets), as
// JSON, or in the forms a deployment consumes (cloud-init user data, the FortiOS CLI); the folders' token stock; the
// result of `tokens regenerate`. The only renderers that print tokens. Pure functions.
#pragma once

#include <string>
#include <vector>

#include "engine/render/console_text.h"
#include "engine/usecases/token_regeneration_use_case.h"
#include "engine/usecases/tokens_use_case.h"

namespace flexform {

// The table on stdout; the count and the reminder on stderr.
ConsoleText render_tokens_text(const std::vector<TokenRow>& rows);
std::string render_tokens_json(const std::vector<TokenRow>& rows);
// Cloud-init user data (`LICENSE-TOKEN:`) and FortiOS CLI lines (`execute vm-license`): for one VM exactly what the
// deployment needs; for several, each preceded by a `#` line naming the VM.
std::string render_tokens_cloud_init(const std::vector<TokenRow>& rows);
std::string render_tokens_fortios(const std::vector<TokenRow>& rows);

ConsoleText render_token_folders_text(const std::vector<TokenFolderRow>& rows);
std::string render_token_folders_json(const std::vector<TokenFolderRow>& rows);

// `tokens regenerate`: the new tokens as `tokens` shows them (stdout), what was sent and how it ended (stderr).
ConsoleText render_token_regeneration(const TokenRegenerationOutcome& outcome, bool json);

}  // namespace flexform
