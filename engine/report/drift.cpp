#include "engine/report/drift.h"

#include <cmath>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/model/names.h"

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

int DriftReport::ignored() const {
    return static_cast<int>(items.size()) - drifted();
}

std::optional<double> points_against_git(const DriftItem& item) {
    if (item.phrased) {
        return item.phrased_points;
    }
    if (!item.change || std::round(item.change->points.delta() * 100.0) == 0.0) {
        return std::nullopt;
    }
    return item.change->points.before - item.change->points.after;
}

namespace {

constexpr NameTable<DriftKind, 17> k_kinds = {{
    {DriftKind::config_missing, "config_missing"},
    {DriftKind::config_changed, "config_changed"},
    {DriftKind::config_disabled, "config_disabled"},
    {DriftKind::config_enabled, "config_enabled"},
    {DriftKind::config_unmanaged, "config_unmanaged"},
    {DriftKind::entitlement_missing, "entitlement_missing"},
    {DriftKind::entitlement_moved, "entitlement_moved"},
    {DriftKind::entitlement_changed, "entitlement_changed"},
    {DriftKind::entitlement_stopped, "entitlement_stopped"},
    {DriftKind::entitlement_running, "entitlement_running"},
    {DriftKind::entitlement_undeclared, "entitlement_undeclared"},
    {DriftKind::device_moved_account, "device_moved_account"},
    {DriftKind::entitlement_replaced, "entitlement_replaced"},
    {DriftKind::entitlement_ending, "entitlement_ending"},
    {DriftKind::over_budget, "over_budget"},
    {DriftKind::conflict, "conflict"},
    {DriftKind::notice, "notice"},
}};
static_assert(names_every_value(k_kinds, static_cast<std::size_t>(DriftKind::notice) + 1));

// What kind of difference a change of the plan is.
DriftKind kind_of(const Change& c) {
    switch (c.action) {
        case ActionKind::create_config:
            return DriftKind::config_missing;
        case ActionKind::update_config:
            return DriftKind::config_changed;
        case ActionKind::enable_config:
            return DriftKind::config_disabled;
        case ActionKind::disable_config:
            return c.reason.code == ReasonCode::config_declared_disabled ? DriftKind::config_enabled
                                                                         : DriftKind::config_unmanaged;
        case ActionKind::create_entitlements:
            return DriftKind::entitlement_missing;
        case ActionKind::update_entitlement:
            return c.reason.code == ReasonCode::declared_under_other_config ? DriftKind::entitlement_moved
                                                                            : DriftKind::entitlement_changed;
        case ActionKind::transfer:
            return DriftKind::device_moved_account;
        case ActionKind::reactivate:
            return DriftKind::entitlement_stopped;
        case ActionKind::swap:
            return DriftKind::entitlement_replaced;
        case ActionKind::stop:
            return c.reason.code == ReasonCode::customer_suspended ? DriftKind::entitlement_running
                                                                   : DriftKind::entitlement_undeclared;
        case ActionKind::regenerate_token:
            return DriftKind::notice;
    }
    return DriftKind::notice;
}

DriftKind kind_of(const PlanDiagnostic& d) {
    if (d.code == DiagnosticCode::unmanaged_config) {
        return DriftKind::config_unmanaged;
    }
    return d.severity == Severity::error ? DriftKind::conflict : DriftKind::notice;
}

}  // namespace

std::string_view to_string(DriftKind kind) {
    return name_in(k_kinds, kind, "notice");
}

std::optional<DriftKind> parse_drift_kind(std::string_view text) {
    return value_in(k_kinds, text);
}

DriftItem over_budget_item(const PolicyResult& budget) {
    DriftItem item;
    item.address = budget.subject;
    item.kind = DriftKind::over_budget;
    item.budget = budget;
    return item;
}

DriftItem ending_item(const EndingEntitlement& ending) {
    DriftItem item;
    item.address = address_of(ending);
    item.kind = DriftKind::entitlement_ending;
    item.ending = ending;
    return item;
}

DriftReport drift_from_plan(const Plan& plan, const std::vector<std::string>& ignore) {
    DriftReport report;
    report.program = plan.program_serial;
    report.checked_customers = static_cast<int>(plan.cost.by_customer.size());
    for (const auto& c : plan.changes) {
        if (c.action == ActionKind::regenerate_token) {
            continue;  // the stop it follows is the difference
        }
        DriftItem item;
        item.address = c.address;
        item.kind = kind_of(c);
        item.change = c;
        report.items.push_back(std::move(item));
    }
    for (const auto& d : plan.diagnostics) {
        DriftItem item;
        item.address = d.address;
        item.kind = kind_of(d);
        item.diagnostic = d;
        report.items.push_back(std::move(item));
    }
    for (auto& item : report.items) {
        item.ignored = std::any_of(ignore.begin(), ignore.end(),
                                   [&](const std::string& pattern) { return matches_pattern(pattern, item.address); });
    }
    return report;
}

std::vector<DriftReport> drifts_from_json_text(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("programs")) {
        return {drift_from_json_text(text)};
    }
    if (!j["programs"].is_array() || j["programs"].empty()) {
        throw std::invalid_argument("not the JSON of `flexform drift --format json`");
    }
    std::vector<DriftReport> reports;
    for (const auto& program : j["programs"]) {
        reports.push_back(drift_from_json_text(program.dump()));
    }
    return reports;
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
        i.phrased = PhrasedDrift{item.value("message", ""), item.value("remedy", "")};
        if (item.contains("points_per_day") && item["points_per_day"].is_number()) {
            i.phrased_points = item["points_per_day"].get<double>();
        }
        i.ignored = item.value("ignored", false);
        report.items.push_back(std::move(i));
    }
    return report;
}

}  // namespace flexform
