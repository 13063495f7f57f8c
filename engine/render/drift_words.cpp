#include "engine/render/drift_words.h"

#include "engine/model/words.h"
#include "engine/render/ending_words.h"
#include "engine/render/explain.h"
#include "engine/render/policy_words.h"

namespace flexform {

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
PhrasedDrift missing_entitlements(const Change& c) {
    const auto& serials = c.after.serials.value_or(std::vector<std::string>{});
    if (serials.empty()) {
        const auto missing = static_cast<std::size_t>(c.after.count.value_or(0));
        return {count_of(missing, "declared entitlement", "declared entitlements") + " of \"" + c.config_name +
                    (missing == 1 ? "\" does not exist" : "\" do not exist"),
                missing == 1 ? "create it" : "create them"};
    }
    std::string list;
    for (const auto& s : serials) {
        list += (list.empty() ? "" : ", ") + s;
    }
    const bool one = serials.size() == 1;
    return {(one ? "declared serial " : "declared serials ") + list + (one ? " is not entitled" : " are not entitled"),
            one ? "create it" : "create them"};
}

// A declared RMA replacement whose swap is not done: what still runs, and the steps apply takes.
PhrasedDrift replacement_words(const Change& c) {
    if (!c.swap) {
        return {};
    }
    const std::string serial = c.serial.value_or("");
    const Swap& s = *c.swap;
    std::string state;
    if (s.entitle && s.stop) {
        state = serial + " is not entitled and " + s.replaced + " is still " + status_of(c);
    } else if (s.stop) {
        state = s.replaced + " is still " + status_of(c);
    } else if (s.entitle) {
        state = serial + " is not entitled";
    } else {
        state = s.replaced + " is still in FortiFlex";
    }
    return {"serial " + serial + " replaces " + s.replaced + " in git, but " + state, swap_steps(c)};
}

PhrasedDrift change_words(DriftKind kind, const Change& c, const Catalog& catalog) {
    const std::string config = "configuration \"" + c.config_name + "\"";
    const std::string entitlement = "entitlement " + c.serial.value_or("");
    switch (kind) {
        case DriftKind::config_missing:
            return {config + " is declared in git but does not exist in FortiFlex", "create it"};
        case DriftKind::config_changed:
            return {config + " differs from git: " + field_changes(c, catalog),
                    "restore the declared parameters" +
                        (c.reprice.entitlements > 0
                             ? " (re-prices " + count_of(c.reprice.entitlements, "entitlement", "entitlements") + ")"
                             : std::string())};
        case DriftKind::config_disabled:
            return {config + " was disabled outside git", "enable it"};
        case DriftKind::config_enabled:
            return {config + " was enabled outside git (git declares it disabled)", "disable it"};
        case DriftKind::config_unmanaged:
            return {config + " is not in git", "disable it (--prune)"};
        case DriftKind::entitlement_missing:
            return missing_entitlements(c);
        case DriftKind::entitlement_moved:
            return {entitlement + " was moved to configuration \"" + c.reason.from +
                        "\" outside git (declared under \"" + c.after.config.value_or(c.config_name) + "\")",
                    "move it back"};
        case DriftKind::entitlement_changed:
            return {entitlement + " differs from git: " + field_changes(c, catalog), "restore it"};
        case DriftKind::device_moved_account:
            return {"device " + c.serial.value_or("") + " is entitled in account " +
                        (c.before.account_id ? std::to_string(*c.before.account_id) : std::string("?")) + " (" +
                        c.reason.from + ") but declared under " + c.customer + "/" + c.config_name + " (account " +
                        std::to_string(c.account_id) + ")",
                    "transfer it back"};
        case DriftKind::entitlement_stopped:
            return {entitlement + " is STOPPED in FortiFlex but active in git", "reactivate it"};
        case DriftKind::entitlement_running:
            return {entitlement + " is " + status_of(c) + " although the customer is suspended in git", "stop it"};
        case DriftKind::entitlement_undeclared:
            return {entitlement + " is " + status_of(c) + " but " + explain_reason(c, catalog), "stop it"};
        case DriftKind::entitlement_replaced:
            return replacement_words(c);
        case DriftKind::entitlement_ending:
        case DriftKind::over_budget:
        case DriftKind::conflict:
        case DriftKind::notice:
            break;
    }
    return {};
}

PhrasedDrift diagnostic_words(const PlanDiagnostic& d) {
    if (d.code == DiagnosticCode::unmanaged_config) {
        return {d.message.substr(0, d.message.find("; left alone")),
                "import it into its customer's manifest (flexform import --account-id N --merge) or stop it with "
                "--prune"};
    }
    return {d.message, d.severity == Severity::error ? "fix the manifest or FortiFlex by hand" : "none"};
}

}  // namespace

PhrasedDrift drift_words(const DriftItem& item, const Catalog& catalog) {
    if (item.phrased) {
        return *item.phrased;
    }
    if (item.change) {
        return change_words(item.kind, *item.change, catalog);
    }
    if (item.diagnostic) {
        return diagnostic_words(*item.diagnostic);
    }
    if (item.ending) {
        return {ending_message(*item.ending), ending_remedy()};
    }
    if (item.budget) {
        return {over_budget_warning(*item.budget),
                "raise the budget in git, or bring the customer's configurations back within it"};
    }
    return {};
}

}  // namespace flexform
