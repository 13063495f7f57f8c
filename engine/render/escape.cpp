#include "engine/render/escape.h"

#include <algorithm>

#include "engine/model/unsafe_text.h"

namespace flexform {

namespace {

std::size_t longest_backtick_run(std::string_view text) {
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

}  // namespace

std::string terminal_text(std::string_view text) {
    return escape_unsafe(text);
}

std::string markdown_text(std::string_view text) {
    std::string out;
    for (const char c : escape_unsafe(text)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
                out += '\\';
                out += c;
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string markdown_cell(std::string_view text) {
    std::string out;
    for (const char c : markdown_text(text)) {
        if (c == '|') {
            out += "\\|";
        } else {
            out += c;
        }
    }
    return out;
}

std::string markdown_code_span(std::string_view text) {
    const std::string line = escape_unsafe(text);
    const std::string ticks(longest_backtick_run(line) + 1, '`');
    // A space keeps a backtick at either end from joining the delimiter; markdown strips one on each side.
    const bool pad = !line.empty() && (line.front() == '`' || line.back() == '`');
    return ticks + (pad ? " " : "") + line + (pad ? " " : "") + ticks;
}

std::string markdown_cell_code_span(std::string_view text) {
    // `|` ends a table cell even inside a code span (GitHub); there `\|` shows as `|`.
    std::string cell;
    for (const char c : markdown_code_span(text)) {
        cell += c == '|' ? std::string("\\|") : std::string(1, c);
    }
    return cell;
}

std::string markdown_code_line(std::string_view text) {
    return escape_unsafe(text);
}

std::string markdown_fence(std::string_view content) {
    return std::string(std::max<std::size_t>(3, longest_backtick_run(content) + 1), '`');
}

std::string csv_text(std::string_view text) {
    std::string cell(text);
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
        cell.insert(cell.begin(), '\'');
    }
    if (cell.find_first_of(",\"\n\r") == std::string::npos) {
        return cell;
    }
    std::string out = "\"";
    for (const char c : cell) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string workflow_command_data(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return escape_unsafe(out);  // line breaks are encoded by now; other controls would still reach the log raw
}

std::string workflow_command_property(std::string_view text) {
    std::string out;
    for (const char c : workflow_command_data(text)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace flexform
