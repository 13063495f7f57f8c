#include "engine/report/drift.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/model/words.h"
#include "engine/plan/explain.h"

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

std::string_view to_string(DriftKind kind) {
    switch (kind) {
        case DriftKind::config_missing:
            return "config_missing";
        case DriftKind::config_changed:
            return "config_changed";
        case DriftKind::config_disabled:
            return "config_disabled";
        case DriftKind::config_enabled:
            return "config_enabled";
        case DriftKind::config_unmanaged:
            return "config_unmanaged";
        case DriftKind::entitlement_missing:
            return "entitlement_missing";
        case DriftKind::entitlement_moved:
            return "entitlement_moved";
        case DriftKind::entitlement_changed:
            return "entitlement_changed";
        case DriftKind::entitlement_stopped:
            return "entitlement_stopped";
        case DriftKind::entitlement_running:
            return "entitlement_running";
        case DriftKind::entitlement_undeclared:
            return "entitlement_undeclared";
        case DriftKind::device_moved_account:
            return "device_moved_account";
        case DriftKind::over_budget:
            return "over_budget";
        case DriftKind::conflict:
            return "conflict";
        case DriftKind::notice:
            return "notice";
    }
    return "notice";
}

namespace {

// "service_pkg is FGHWATP in FortiFlex, FGHWUTP in git"
std::string field_changes(const Change& c, const Catalog& catalog) {
    std::string out;
    for (const auto& row : field_rows(c, catalog)) {
        const std::string live = !row.before || row.before->empty() ? std::string("unset") : *row.before;
        out += (out.empty() ? "" : ", ") + row.field + " is " + live + " in FortiFlex, " +
               (row.after.empty() ? std::string("unset") : row.after) + " in git";
    }
    return out;
}

std::string status_of(const Change& c) {
    return c.before.status ? std::string(to_string(*c.before.status)) : std::string("running");
}

// Declared serials that are not entitled, or a VM count short of what git declares.
void describe_missing_entitlements(const Change& c, DriftItem& item) {
    const auto& serials = c.after.serials.value_or(std::vector<std::string>{});
    if (serials.empty()) {
        const auto missing = static_cast<std::size_t>(c.after.count.value_or(0));
        item.message = count_of(missing, "declared entitlement", "declared entitlements") + " of \"" + c.config_name +
                       (missing == 1 ? "\" does not exist" : "\" do not exist");
        item.remedy = missing == 1 ? "create it" : "create them";
        return;
    }
    std::string list;
    for (const auto& s : serials) {
        list += (list.empty() ? "" : ", ") + s;
    }
    const bool one = serials.size() == 1;
    item.message =
        (one ? "declared serial " : "declared serials ") + list + (one ? " is not entitled" : " are not entitled");
    item.remedy = one ? "create it" : "create them";
}

DriftItem describe(const Change& c, const Catalog& catalog) {
    DriftItem item;
    item.address = c.address;
    const std::string serial = c.serial.value_or("");
    switch (c.action) {
        case ActionKind::create_config:
            item.kind = DriftKind::config_missing;
            item.message = "configuration \"" + c.config_name + "\" is declared in git but does not exist in FortiFlex";
            item.remedy = "create it";
            break;
        case ActionKind::update_config:
            item.kind = DriftKind::config_changed;
            item.message =
                "configuration \"" + c.config_name + "\" was edited outside git: " + field_changes(c, catalog);
            item.remedy = "restore the declared parameters" +
                          (c.reprice.entitlements > 0
                               ? " (re-prices " + count_of(c.reprice.entitlements, "entitlement", "entitlements") + ")"
                               : std::string());
            break;
        case ActionKind::enable_config:
            item.kind = DriftKind::config_disabled;
            item.message = "configuration \"" + c.config_name + "\" was disabled outside git";
            item.remedy = "enable it";
            break;
        case ActionKind::disable_config:
            if (c.reason.code == ReasonCode::config_declared_disabled) {
                item.kind = DriftKind::config_enabled;
                item.message =
                    "configuration \"" + c.config_name + "\" was enabled outside git (git declares it disabled)";
                item.remedy = "disable it";
                break;
            }
            item.kind = DriftKind::config_unmanaged;
            item.message = "configuration \"" + c.config_name + "\" is not in git";
            item.remedy = "disable it (--prune)";
            break;
        case ActionKind::create_entitlements:
            item.kind = DriftKind::entitlement_missing;
            describe_missing_entitlements(c, item);
            break;
        case ActionKind::update_entitlement:
            if (c.reason.code == ReasonCode::declared_under_other_config) {
                item.kind = DriftKind::entitlement_moved;
                item.message = "entitlement " + serial + " was moved to configuration \"" + c.reason.from +
                               "\" outside git (declared under \"" + c.after.config.value_or(c.config_name) + "\")";
                item.remedy = "move it back";
            } else {
                item.kind = DriftKind::entitlement_changed;
                item.message = "entitlement " + serial + " was edited outside git: " + field_changes(c, catalog);
                item.remedy = "restore it";
            }
            break;
        case ActionKind::transfer:
            item.kind = DriftKind::device_moved_account;
            item.message = "device " + serial + " is entitled in account " +
                           (c.before.account_id ? std::to_string(*c.before.account_id) : std::string("?")) + " (" +
                           c.reason.from + ") but declared under " + c.customer + "/" + c.config_name + " (account " +
                           std::to_string(c.account_id) + ")";
            item.remedy = "transfer it back";
            break;
        case ActionKind::reactivate:
            item.kind = DriftKind::entitlement_stopped;
            item.message = "entitlement " + serial + " is STOPPED in FortiFlex but active in git";
            item.remedy = "reactivate it";
            break;
        case ActionKind::stop:
            if (c.reason.code == ReasonCode::customer_suspended) {
                item.kind = DriftKind::entitlement_running;
                item.message =
                    "entitlement " + serial + " is " + status_of(c) + " although the customer is suspended in git";
            } else {
                item.kind = DriftKind::entitlement_undeclared;
                item.message = "entitlement " + serial + " is " + status_of(c) + " but " + explain_reason(c, catalog);
            }
            item.remedy = "stop it";
            break;
    }
    return item;
}

}  // namespace

DriftReport drift_from_plan(const Plan& plan, const std::vector<std::string>& ignore, const Catalog& catalog) {
    DriftReport report;
    report.program = plan.program_serial;
    report.checked_customers = static_cast<int>(plan.cost.by_customer.size());
    for (const auto& c : plan.changes) {
        report.items.push_back(describe(c, catalog));
    }
    for (const auto& d : plan.diagnostics) {
        DriftItem item;
        item.address = d.address;
        if (d.code == DiagnosticCode::unmanaged_config) {
            item.kind = DriftKind::config_unmanaged;
            item.message = d.message.substr(0, d.message.find("; left alone"));
            item.remedy = "import it into git (flexform import) or stop it with --prune";
        } else {
            item.kind = d.severity == Severity::error ? DriftKind::conflict : DriftKind::notice;
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

std::optional<DriftKind> parse_drift_kind(std::string_view text) {
    for (int k = 0; k <= static_cast<int>(DriftKind::notice); ++k) {
        if (to_string(static_cast<DriftKind>(k)) == text) {
            return static_cast<DriftKind>(k);
        }
    }
    return std::nullopt;
}

DriftReport drift_from_json_text(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
        throw std::invalid_argument("not the JSON of `flexform drift --format json`");
    }
    DriftReport report;
    report.program = j.value("program_serial_number", "");
    report.checked_customers = j.value("customers_checked", 0);
    for (const auto& item : j["items"]) {
        DriftItem i;
        i.address = item.value("address", "");
        i.kind = parse_drift_kind(item.value("kind", "")).value_or(DriftKind::notice);
        i.message = item.value("message", "");
        i.remedy = item.value("remedy", "");
        i.ignored = item.value("ignored", false);
        report.items.push_back(std::move(i));
    }
    return report;
}

}  // namespace flexform
