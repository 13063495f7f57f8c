#include "engine/model/unsafe_text.h"

#include <cstdint>
#include <cstdio>

namespace flexform {

namespace {

// One decoded UTF-8 character: its code point and byte length; nullopt code point for a malformed sequence.
struct Decoded {
    std::optional<std::uint32_t> code;
    std::size_t length = 1;
};

Decoded decode(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        return {lead, 1};
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        code = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        code = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return {std::nullopt, 1};
    }
    if (at + length > text.size()) {
        return {std::nullopt, 1};
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            return {std::nullopt, 1};
        }
        code = (code << 6) | (byte(at + i) & 0x3Fu);
    }
    static constexpr std::uint32_t k_smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < k_smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return {std::nullopt, 1};  // overlong forms would smuggle a control past a byte-wise check
    }
    return {code, length};
}

bool unsafe(std::uint32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F) || (code >= 0x202A && code <= 0x202E) ||
           (code >= 0x2066 && code <= 0x2069);
}

std::string escape_of(const Decoded& d, unsigned char raw) {
    char buffer[16];
    if (!d.code) {
        std::snprintf(buffer, sizeof buffer, "\\x%02x", raw);
        return buffer;
    }
    switch (*d.code) {
        case '\n':
            return "\\n";
        case '\r':
            return "\\r";
        case '\t':
            return "\\t";
        default:
            break;
    }
    std::snprintf(buffer, sizeof buffer, *d.code < 0x80 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(*d.code));
    return buffer;
}

}  // namespace

std::optional<UnsafeChar> find_unsafe(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const Decoded d = decode(text, at);
        if (!d.code || unsafe(*d.code)) {
            return UnsafeChar{at, d.length};
        }
        at += d.length;
    }
    return std::nullopt;
}

std::string escape_unsafe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const Decoded d = decode(text, at);
        if (!d.code || unsafe(*d.code)) {
            out += escape_of(d, static_cast<unsigned char>(text[at]));
        } else {
            out.append(text.substr(at, d.length));
        }
        at += d.length;
    }
    return out;
}

std::string quoted_excerpt(std::string_view text, std::size_t max_chars) {
    std::size_t at = 0;
    std::size_t chars = 0;
    while (at < text.size() && chars < max_chars) {
        at += decode(text, at).length;
        ++chars;
    }
    const bool cut = at < text.size();
    const std::string quoted = "\"" + escape_unsafe(text.substr(0, at)) + "\"";
    return cut ? quoted + "..." : quoted;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

}  // namespace flexform
