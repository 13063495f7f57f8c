// --max-age DURATION: how old a stored snapshot of live state a read-only verb may use instead of FortiFlex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace flexform::cli {

// "90s", "15m", "2h", "1d" in seconds; empty text: none (read FortiFlex). Throws UsageError naming the flag.
std::optional<std::int64_t> parse_max_age(const std::string& text);

// Binds --max-age to `text` on `command`.
void add_max_age_option(CLI::App& command, std::string& text);

}  // namespace flexform::cli
