#include <cmath>
#include <cstdio>

#include "engine/render/render.h"

namespace flexform {

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

std::string format_percent(double fraction, bool signed_value) {
    char text[32];
    std::snprintf(text, sizeof text, signed_value ? "%+.1f%%" : "%.1f%%", fraction * 100.0);
    return text;
}

}  // namespace flexform
