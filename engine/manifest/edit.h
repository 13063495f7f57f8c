// Careful edits of a manifest's text that keep everything a person wrote (comments, order, style).
#pragma once

#include <optional>
#include <string>

namespace flexform {

// `text` with `entries` (spec.configs items written at a four-space indent, "    - name: ...") added at the end of
// the spec.configs list of the Customer document named `customer`. Only when that list is a non-empty block list and
// the last thing in its document; otherwise nullopt (the caller shows the entries to add by hand).
std::optional<std::string> append_config_entries(const std::string& text, const std::string& customer,
                                                 const std::string& entries);

}  // namespace flexform
