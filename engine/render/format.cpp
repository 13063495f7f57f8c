#include <cmath>
#include <cstdio>

#include "engine/render/render.h"

namespace flexform {

std::string format_points(double value, bool signed_value) {
    const double rounded = std::round(value * 100.0) / 100.0;
    const bool negative = rounded < 0;
    const long long cents = std::llround(std::fabs(rounded) * 100.0);
    std::string whole = std::to_string(cents / 100);
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) {
        whole.insert(static_cast<std::size_t>(i), ",");
    }
    char fraction[4];
    std::snprintf(fraction, sizeof fraction, "%02lld", cents % 100);
    std::string out = whole + "." + fraction;
    if (negative) {
        return "-" + out;
    }
    return signed_value ? "+" + out : out;
}

std::string summary_line(const Plan& plan) {
    if (plan.changes.empty()) {
        return "No changes.";
    }
    const auto summary = plan.summary();
    int entitlements = 0;
    for (const auto& c : plan.changes) {
        if (c.action == ActionKind::create_entitlements) {
            entitlements += c.count;
        }
    }
    static const ActionKind k_order[] = {ActionKind::create_config,
                                         ActionKind::update_config,
                                         ActionKind::enable_config,
                                         ActionKind::create_entitlements,
                                         ActionKind::update_entitlement,
                                         ActionKind::reactivate,
                                         ActionKind::stop,
                                         ActionKind::disable_config};
    std::string out = "Plan:";
    bool first = true;
    for (const ActionKind action : k_order) {
        const auto it = summary.find(std::string(to_string(action)));
        if (it == summary.end()) {
            continue;
        }
        out += first ? " " : ", ";
        first = false;
        out += std::to_string(it->second) + " " + std::string(to_string(action));
        if (action == ActionKind::create_entitlements) {
            out += " (" + std::to_string(entitlements) + (entitlements == 1 ? " entitlement)" : " entitlements)");
        }
    }
    return out + ".";
}

}  // namespace flexform
