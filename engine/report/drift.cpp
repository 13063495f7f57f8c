#include "engine/report/drift.h"

#include <algorithm>

namespace flexform {

bool matches_pattern(const std::string& pattern, const std::string& text) {
    // Iterative glob with backtracking to the last '*'.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string::npos;
    std::size_t resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

int DriftReport::drifted() const {
    return static_cast<int>(std::count_if(items.begin(), items.end(), [](const DriftItem& i) { return !i.ignored; }));
}

namespace {

std::string field_changes(const Change& c) {
    std::string out;
    for (const auto& [field, wanted] : c.after) {
        const auto live = c.before.find(field);
        out += out.empty() ? "" : ", ";
        out += field + " is " + (live == c.before.end() || live->second.empty() ? std::string("unset") : live->second) +
               " in FortiFlex, " + (wanted.empty() ? std::string("unset") : wanted) + " in git";
    }
    return out;
}

DriftItem describe(const Change& c) {
    DriftItem item;
    item.address = c.address;
    switch (c.action) {
        case ActionKind::create_config:
            item.kind = "config_missing";
            item.message = "configuration \"" + c.config_name + "\" is declared in git but does not exist in FortiFlex";
            item.remedy = "create it";
            break;
        case ActionKind::update_config:
            item.kind = "config_changed";
            item.message = "configuration \"" + c.config_name + "\" was edited outside git: " + field_changes(c);
            item.remedy =
                "restore the declared parameters" +
                (c.repriced > 0 ? " (re-prices " + std::to_string(c.repriced) + " entitlements)" : std::string());
            break;
        case ActionKind::enable_config:
            item.kind = "config_disabled";
            item.message = "configuration \"" + c.config_name + "\" was disabled outside git";
            item.remedy = "enable it";
            break;
        case ActionKind::disable_config:
            item.kind = "config_unmanaged";
            item.message = "configuration \"" + c.config_name + "\" is not in git";
            item.remedy = "disable it (--prune)";
            break;
        case ActionKind::create_entitlements:
            item.kind = "entitlement_missing";
            item.message = c.serials.empty() ? std::to_string(c.count) + " declared entitlement(s) of \"" +
                                                   c.config_name + "\" do not exist"
                                             : "declared serial(s) " +
                                                   [&] {
                                                       std::string s;
                                                       for (const auto& serial : c.serials) {
                                                           s += s.empty() ? serial : ", " + serial;
                                                       }
                                                       return s;
                                                   }() +
                                                   " are not entitled";
            item.remedy = "create them";
            break;
        case ActionKind::update_entitlement:
            if (c.after.count("config")) {
                item.kind = "entitlement_moved";
                item.message = "entitlement " + c.serial.value_or("") + " was moved to configuration \"" +
                               c.before.at("config") + "\" outside git (declared under \"" + c.after.at("config") +
                               "\")";
                item.remedy = "move it back";
            } else {
                item.kind = "entitlement_changed";
                item.message = "entitlement " + c.serial.value_or("") + " was edited outside git: " + field_changes(c);
                item.remedy = "restore it";
            }
            break;
        case ActionKind::reactivate:
            item.kind = "entitlement_stopped";
            item.message = "entitlement " + c.serial.value_or("") + " is STOPPED in FortiFlex but active in git";
            item.remedy = "reactivate it";
            break;
        case ActionKind::stop:
            item.kind = c.reason == "customer suspended" ? "entitlement_running" : "entitlement_undeclared";
            item.message =
                c.reason == "customer suspended"
                    ? "entitlement " + c.serial.value_or("") + " is " + c.before.at("status") +
                          " although the customer is suspended in git"
                    : "entitlement " + c.serial.value_or("") + " is " + c.before.at("status") + " but " + c.reason;
            item.remedy = "stop it";
            break;
    }
    return item;
}

}  // namespace

DriftReport drift_from_plan(const Plan& plan, const std::vector<std::string>& ignore) {
    DriftReport report;
    report.program = plan.program_serial;
    report.checked_customers = static_cast<int>(plan.cost.by_customer.size());
    for (const auto& c : plan.changes) {
        report.items.push_back(describe(c));
    }
    for (const auto& d : plan.diagnostics) {
        DriftItem item;
        item.address = d.address;
        if (d.message.rfind("unmanaged configuration", 0) == 0) {
            item.kind = "config_unmanaged";
            item.message = d.message.substr(0, d.message.find("; left alone"));
            item.remedy = "import it into git (flexform import) or stop it with --prune";
        } else {
            item.kind = d.severity == Severity::error ? "conflict" : "notice";
            item.message = d.message;
            item.remedy = d.severity == Severity::error ? "fix the manifest or FortiFlex by hand" : "none";
        }
        report.items.push_back(item);
    }
    for (auto& item : report.items) {
        item.ignored = std::any_of(ignore.begin(), ignore.end(),
                                   [&](const std::string& pattern) { return matches_pattern(pattern, item.address); });
    }
    return report;
}

}  // namespace flexform
