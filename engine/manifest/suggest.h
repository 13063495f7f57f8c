// Spelling suggestions for unknown names ("did you mean ...").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flexform {

std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a distance that still reads as a typo, compared case-insensitively.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean \"x\"?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace flexform
