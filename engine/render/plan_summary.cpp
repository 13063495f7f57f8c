#include "engine/render/plan_summary.h"

#include <cmath>

#include <algorithm>

#include "engine/model/words.h"
#include "engine/render/explain.h"
#include "engine/render/policy_words.h"
#include "engine/render/render.h"

namespace flexform {

std::string offer_change_line(const OfferFigures& offer, const Catalog& catalog) {
    const ProductType* product = catalog.find_by_id(offer.product_id);
    const std::string what = product ? describe_change(*product, offer.before, offer.after) : "parameters change";
    return "offer " + offer.offer + ": " + what + " -> re-prices " +
           count_of(offer.configurations, "configuration", "configurations") + " in " +
           count_of(offer.accounts, "account", "accounts") + " (" + count_of(offer.devices, "device", "devices") +
           "), " + format_points(offer.delta_per_day, true) + " points/day";
}

PlanSummary summarize(const Plan& plan) {
    PlanSummary s;
    const Cost& cost = plan.cost;
    s.actions = plan.summary();
    std::map<std::string, int> changes_of;
    for (const auto& c : plan.changes) {
        if (c.action == ActionKind::create_entitlements) {
            s.entitlements_created += c.after.count.value_or(0);
        }
        s.becomes_billable += c.becomes_billable;
        ++changes_of[c.customer];
    }
    for (const auto& customer : cost.by_customer) {
        CustomerFigures f;
        f.customer = customer.customer;
        f.account_id = customer.account_id;
        f.changes = changes_of[customer.customer];
        f.per_day_before = customer.per_day_before;
        f.per_day_after = customer.per_day_after;
        f.delta_per_day = customer.delta_per_day();
        f.delta_per_month = f.delta_per_day * 30.0;
        s.customers.push_back(f);
    }
    s.offers = offer_figures(plan);
    s.per_day_before = cost.per_day_before;
    s.per_day_after = cost.per_day_after;
    s.delta_per_day = cost.delta_per_day();
    s.delta_per_month = cost.delta_per_month();
    s.delta_per_year = cost.delta_per_year();
    s.other_accounts_per_day = cost.other_accounts_per_day;
    s.totals_complete = cost.totals_complete;
    s.prepaid_balance = cost.prepaid_balance;
    if (cost.totals_complete) {  // a runway from some accounts' rate would look longer than it is
        s.runway_days_before = cost.runway_days(cost.per_day_before);
        s.runway_days_after = cost.runway_days(cost.per_day_after);
    }
    s.never_used_before = cost.never_used_before;
    s.never_used_per_day_before = cost.never_used_per_day_before;
    s.never_used_after = cost.never_used_after;
    s.never_used_per_day_after = cost.never_used_per_day_after;
    s.yearly_commitment = cost.yearly_commitment;
    s.annual_run_rate_after = cost.per_day_after * 365.0;
    if (cost.yearly_commitment && *cost.yearly_commitment > 0) {
        s.commitment_share_after = s.annual_run_rate_after / *cost.yearly_commitment;
    }
    for (const auto& p : cost.price_changes) {
        s.price_notes.push_back(product_code(p.product_id, builtin_catalog()) + " " +
                                format_parameters(p.product_id, p.parameters, builtin_catalog()) + ": rate " +
                                format_points(p.current) + " -> " + format_points(p.latest) + "/day from " +
                                to_string(p.effective));
    }
    for (const auto& d : plan.diagnostics) {
        (d.severity == Severity::error ? s.errors : s.warnings) += 1;
        s.configs_moving_out += d.code == DiagnosticCode::moving_to_program ? 1 : 0;
    }
    return s;
}

std::string summary_line(const PlanSummary& s) {
    if (s.actions.empty() && s.configs_moving_out > 0) {
        return "No changes here: " +
               count_of(s.configs_moving_out, "configuration moves", "configurations move") +
               " to another program, with that program's plan (" + format_points(s.delta_per_day, true) +
               " points/day).";
    }
    if (s.actions.empty()) {
        return "No changes.";
    }
    std::string out = "Plan:";
    bool first = true;
    for (const ActionKind action : all_actions()) {
        const auto it = s.actions.find(action);
        if (it == s.actions.end()) {
            continue;
        }
        out += first ? " " : ", ";
        first = false;
        out += std::to_string(it->second) + " " + std::string(to_string(action));
        if (action == ActionKind::create_entitlements) {
            out += " (" + count_of(s.entitlements_created, "entitlement", "entitlements") + ")";
        }
    }
    return out + ".";
}

std::string never_used_note(const PlanSummary& s) {
    if (s.never_used_before == 0 && s.never_used_after == 0) {
        return "";
    }
    return "never-used VMs (PENDING until their token is used) are free, before and after alike, the ones this plan "
           "creates too: " +
           std::to_string(s.never_used_before) + " before, " + std::to_string(s.never_used_after) +
           " after; once all are used they add " + format_points(s.never_used_per_day_before, true) +
           " points/day before, " + format_points(s.never_used_per_day_after, true) + " after.";
}

std::string policy_figure(const PolicyResult& policy, double value) {
    if (policy.rule == PolicyRule::max_commitment_share || policy.rule == PolicyRule::max_balance_share) {
        return format_percent(value);
    }
    if (policy.rule == PolicyRule::min_runway_days) {
        return format_whole_points(std::floor(value)) + " days";  // whole days, as every runway figure
    }
    return format_points(value);
}

std::string blocking_line(const PolicyResult& policy) {
    return std::string(to_string(policy.rule)) + " (" + policy.subject + "): " + policy_detail(policy);
}

std::string waiver_hint(const PolicyResult& policy) {
    const bool budget = is_customer_rule(policy.rule);
    return "to waive it, add to spec.overrides of " +
           (budget ? "customer " + policy.subject + "'s manifest" : std::string("flexform.yaml")) + ": {rule: " +
           (budget ? std::string("budget") : std::string(to_string(policy.rule))) +
           ", reason: \"why it may go ahead\", expires: YYYY-MM-DD}" +
           (budget ? " (budget waives perDay and perMonth alike)" : "");
}

std::string waived_text(const PolicyResult& policy) {
    if (!policy.waiver) {
        return "";
    }
    const Waiver& w = *policy.waiver;
    std::string scope;
    if (w.whole_budget) {
        scope = " by `rule: budget` (perDay and perMonth alike)";
    } else if (is_customer_rule(policy.rule)) {
        const std::string rule(to_string(policy.rule));
        scope = " by `rule: " + rule + "` (" + rule.substr(rule.find('.') + 1) + " only)";
    }
    return "waived until " + to_string(w.expires) + scope + ": " + w.reason;
}

std::vector<std::string> blocking_reasons(const Plan& plan) {
    std::vector<std::string> out;
    for (const auto& p : plan.policies) {
        if (p.status == PolicyStatus::block) {
            out.push_back(blocking_line(p));
        }
    }
    const std::vector<std::string> blocked = plan.blocked_customers();
    for (const auto& d : plan.diagnostics) {
        if (d.code == DiagnosticCode::protected_customer &&
            std::find(blocked.begin(), blocked.end(), customer_of(d)) != blocked.end()) {
            out.push_back(d.address + ": " + d.message);
        }
    }
    return out;
}

std::string left_out_reason(const Plan& plan) {
    const bool failed = !plan.failed_customers().empty();
    const bool blocked = !plan.blocked_customers().empty();
    const std::string what = failed && blocked ? "an error or protect" : blocked ? "protect" : "an error";
    return "(" + what + " blocks each; every other customer is planned)";
}

bool is_unapplied(const Plan& plan, const std::string& customer) {
    return std::find(plan.unapplied_customers.begin(), plan.unapplied_customers.end(), customer) !=
           plan.unapplied_customers.end();
}

std::string summary_line(const Plan& plan) {
    return summary_line(summarize(plan));
}

}  // namespace flexform
