#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "engine/render/colour.h"
#include "engine/render/escape.h"
#include "engine/render/render.h"

namespace flexform {

std::string explain_waiting(const SettleWait& waiting) {
    return "waiting to settle until " + waiting.until + ": the create sent at " + waiting.sent_at +
           " got no definite answer and may still land in FortiFlex; it is not sent again until then, and only "
           "if two reads after that agree it is absent";
}

std::string format_points(double value, bool signed_value) {
    const double rounded = std::round(value * 100.0) / 100.0;
    const bool negative = rounded < 0;
    const long long cents = std::llround(std::fabs(rounded) * 100.0);
    const std::string digits = std::to_string(cents / 100);
    std::string out;
    if (negative || signed_value) {
        out.push_back(negative ? '-' : '+');
    }
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out.push_back(',');  // thousands
        }
        out.push_back(digits[i]);
    }
    char fraction[4];
    std::snprintf(fraction, sizeof fraction, "%02lld", cents % 100);
    out.push_back('.');
    out.append(fraction);
    return out;
}

std::string format_whole_points(double value) {
    const long long whole = std::llround(value);
    const std::string digits = std::to_string(whole < 0 ? -whole : whole);
    std::string out = whole < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out.push_back(',');
        }
        out.push_back(digits[i]);
    }
    return out;
}

std::string format_percent(double fraction, bool signed_value) {
    char text[32];
    std::snprintf(text, sizeof text, signed_value ? "%+.1f%%" : "%.1f%%", fraction * 100.0);
    return text;
}

namespace {

std::size_t display_width(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;  // count characters, not UTF-8 bytes
    }
    return n;
}

}  // namespace

std::string format_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& raw_rows,
                         const std::vector<bool>& right) {
    return format_painted_table(header, raw_rows, right, {});
}

std::string format_painted_table(const std::vector<std::string>& header,
                                 const std::vector<std::vector<std::string>>& raw_rows, const std::vector<bool>& right,
                                 const CellPainter& paint_cell) {
    // A terminal table: live names and descriptions in it must not move the cursor or reorder the line.
    std::vector<std::vector<std::string>> rows;
    rows.reserve(raw_rows.size());
    for (const auto& raw : raw_rows) {
        std::vector<std::string> row;
        for (const auto& cell : raw) {
            row.push_back(terminal_text(cell));
        }
        rows.push_back(std::move(row));
    }
    std::vector<std::size_t> widths(header.size(), 0);
    const auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    };
    measure(header);
    for (const auto& row : rows) {
        measure(row);
    }
    std::string out;
    // `row_index` is the row's place under the header; the header itself (none) is never painted.
    const auto emit = [&](const std::vector<std::string>& row, std::optional<std::size_t> row_index) {
        std::string line;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string cell = i < row.size() ? row[i] : "";
            const std::string pad(widths[i] - display_width(cell), ' ');
            const bool is_right = i < right.size() && right[i];
            const std::string shown = row_index && paint_cell && !cell.empty() ? paint_cell(*row_index, i, cell) : cell;
            line += (i ? "  " : "") + (is_right ? pad + shown : shown + (i + 1 < widths.size() ? pad : ""));
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out += line + "\n";
    };
    emit(header, std::nullopt);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        emit(rows[r], r);
    }
    return out;
}

}  // namespace flexform
