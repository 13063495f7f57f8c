// Counts in words: "1 file", "2 files". Every message and report says it the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace flexform {

inline std::string count_of(std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace flexform
