// Severity says whether a finding stops the work (an error) or is only worth knowing (a warning).
#pragma once

#include <optional>
#include <string_view>

#include "engine/model/names.h"

namespace flexform {

enum class Severity { error, warning };

inline constexpr NameTable<Severity, 2> k_severity_names = {{
    {Severity::error, "error"},
    {Severity::warning, "warning"},
}};
static_assert(names_every_value(k_severity_names, static_cast<std::size_t>(Severity::warning) + 1));

inline std::string_view to_string(Severity severity) {
    return name_in(k_severity_names, severity, "error");
}

inline std::optional<Severity> parse_severity(std::string_view text) {
    return value_in(k_severity_names, text);
}

}  // namespace flexform
