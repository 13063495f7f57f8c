// Which characters of untrusted text (manifest values, names FortiFlex returns) can change how an output reads:
// C0/C1 controls, DEL and the bidi overrides/isolates. Validation refuses them, every renderer shows them escaped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace flexform {

// The first unsafe character's byte offset and length, or nullopt when the text is clean. Invalid UTF-8 counts as
// unsafe (one byte).
struct UnsafeChar {
    std::size_t offset = 0;
    std::size_t length = 1;
};
std::optional<UnsafeChar> find_unsafe(std::string_view text);

// The text with every unsafe character written as an escape a reader can see and no terminal acts on: "\n", "\r",
// "\t", "\x1b", "\u202e"; a backslash stays a backslash.
std::string escape_unsafe(std::string_view text);

// A bounded, escaped, quoted excerpt for a message: "abc" whole, or its first `max_chars` characters and "..."
// after the closing quote.
std::string quoted_excerpt(std::string_view text, std::size_t max_chars = 40);

// Characters, not bytes, of UTF-8 text.
std::size_t utf8_length(std::string_view text);

}  // namespace flexform
