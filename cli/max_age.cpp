#include "cli/max_age.h"

#include <cctype>

#include <CLI/CLI.hpp>

#include "cli/errors.h"

namespace flexform::cli {

namespace {

std::optional<std::int64_t> seconds_per(const std::string& unit) {
    if (unit == "s") {
        return 1;
    }
    if (unit == "m") {
        return 60;
    }
    if (unit == "h") {
        return 3600;
    }
    if (unit == "d") {
        return 86400;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_max_age(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    const std::string example = " (a number and a unit: s, m, h or d; e.g. 90s, 15m, 2h)";
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
        ++digits;
    }
    const auto unit = seconds_per(text.substr(digits));
    if (digits == 0 || digits > 9 || !unit) {
        throw UsageError("--max-age \"" + text + "\" is not a duration" + example);
    }
    return std::stoll(text.substr(0, digits)) * *unit;
}

void add_max_age_option(CLI::App& command, std::string& text) {
    command.add_option("--max-age", text,
                       "Use a snapshot of live state from the store when it is at most this old (90s, 15m, 2h): no "
                       "FortiFlex request for it");
}

}  // namespace flexform::cli
