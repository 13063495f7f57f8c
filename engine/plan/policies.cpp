#include "engine/plan/policies.h"

#include <cstdio>

#include "engine/plan/plan.h"

namespace flexform {

std::string_view to_string(PolicyStatus status) {
    switch (status) {
        case PolicyStatus::pass:
            return "pass";
        case PolicyStatus::warn:
            return "warn";
        case PolicyStatus::block:
            return "block";
        case PolicyStatus::waived:
            return "waived";
        case PolicyStatus::not_evaluated:
            return "not_evaluated";
    }
    return "pass";
}

std::optional<PolicyStatus> parse_policy_status(std::string_view text) {
    for (const auto s : {PolicyStatus::pass, PolicyStatus::warn, PolicyStatus::block, PolicyStatus::waived,
                         PolicyStatus::not_evaluated}) {
        if (to_string(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}

namespace {

std::string fixed(double v, int decimals = 2) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

std::string percent(double share) {
    return fixed(share * 100.0, 1) + "%";
}

// A waiver for `rule` that holds today, else the newest expired one (reported), else none.
std::optional<Waiver> find_waiver(const std::vector<Waiver>& waivers, const std::string& rule, const Date& today,
                                  bool& holds) {
    std::optional<Waiver> expired;
    holds = false;
    for (const auto& w : waivers) {
        if (w.rule != rule) {
            continue;
        }
        if (!(w.expires < today)) {
            holds = true;
            return w;
        }
        if (!expired || expired->expires < w.expires) {
            expired = w;
        }
    }
    return expired;
}

// The verdict of one comparison: within the limit passes; beyond it, the rule's action, unless a waiver holds.
// `worsens` false: the plan does not make it worse (it was already beyond), which never blocks.
PolicyResult verdict(std::string rule, std::string subject, const Limit& limit, double value, bool beyond, bool worsens,
                     std::string unit, std::string detail, const std::vector<Waiver>& waivers, const Date& today) {
    PolicyResult r;
    r.rule = std::move(rule);
    r.subject = std::move(subject);
    r.action = limit.action;
    r.limit = limit.value;
    r.value = value;
    r.unit = std::move(unit);
    r.detail = std::move(detail);
    if (!beyond) {
        r.status = PolicyStatus::pass;
        return r;
    }
    r.status = limit.action == Enforcement::block && worsens ? PolicyStatus::block : PolicyStatus::warn;
    if (!worsens) {
        r.detail += "; already beyond it before this plan, which does not add to it";
    }
    bool holds = false;
    r.waiver = find_waiver(waivers, r.rule, today, holds);
    if (holds) {
        r.status = PolicyStatus::waived;
    } else if (r.waiver) {
        r.detail += "; the waiver expired on " + to_string(r.waiver->expires);
    }
    return r;
}

PolicyResult not_evaluated(std::string rule, const Limit& limit, std::string why, std::string unit) {
    PolicyResult r;
    r.rule = std::move(rule);
    r.unit = std::move(unit);
    r.subject = "program";
    r.status = PolicyStatus::not_evaluated;
    r.action = limit.action;
    r.limit = limit.value;
    r.detail = std::move(why);
    return r;
}

void customer_budgets(const Cost& cost, const DesiredState& desired, const Date& today,
                      std::vector<PolicyResult>& out) {
    for (const auto& cc : cost.by_customer) {
        const Customer* customer = desired.find_customer(cc.customer);
        if (!customer || !customer->budget) {
            continue;
        }
        const Budget& b = *customer->budget;
        const bool worsens = cc.per_day_after > cc.per_day_before + 1e-9;
        if (b.per_day) {
            const Limit limit{*b.per_day, b.action, b.pos};
            out.push_back(verdict("budget.perDay", cc.customer, limit, cc.per_day_after,
                                  cc.per_day_after > *b.per_day + 1e-9, worsens, "points/day",
                                  "run-rate after this plan " + fixed(cc.per_day_after) + " points/day (before " +
                                      fixed(cc.per_day_before) + "), budget " + fixed(*b.per_day),
                                  customer->overrides, today));
        }
        if (b.per_month) {
            const Limit limit{*b.per_month, b.action, b.pos};
            const double after = cc.per_day_after * 30.0;
            out.push_back(verdict("budget.perMonth", cc.customer, limit, after, after > *b.per_month + 1e-9, worsens,
                                  "points/month",
                                  "30-day month after this plan " + fixed(after) + " points (before " +
                                      fixed(cc.per_day_before * 30.0) + "), budget " + fixed(*b.per_month),
                                  customer->overrides, today));
        }
    }
}

void program_rules(const Cost& cost, const DesiredState& desired, const Date& today, std::vector<PolicyResult>& out) {
    const ProgramPolicies& p = desired.project.policies;
    const auto& waivers = desired.project.overrides;
    const double delta = cost.delta_per_day();
    const bool worsens = delta > 1e-9;
    if (p.max_increase_per_day) {
        out.push_back(verdict("maxIncreasePerDay", "program", *p.max_increase_per_day, delta,
                              delta > p.max_increase_per_day->value + 1e-9, worsens, "points/day",
                              "this plan adds " + fixed(delta) + " points/day, at most " +
                                  fixed(p.max_increase_per_day->value) + " allowed",
                              waivers, today));
    }
    if (p.max_commitment_share) {
        if (!cost.yearly_commitment || *cost.yearly_commitment <= 0) {
            out.push_back(not_evaluated("maxCommitmentShare", *p.max_commitment_share,
                                        "no yearly commitment is set (a postpaid program's spec.yearlyCommitment)",
                                        "share"));
        } else {
            const double share = cost.delta_per_year() / *cost.yearly_commitment;
            out.push_back(verdict("maxCommitmentShare", "program", *p.max_commitment_share, share,
                                  share > p.max_commitment_share->value + 1e-12, worsens, "share",
                                  "this plan adds " + fixed(cost.delta_per_year()) + " points/year, " + percent(share) +
                                      " of the commitment of " + fixed(*cost.yearly_commitment) + "; at most " +
                                      percent(p.max_commitment_share->value),
                                  waivers, today));
        }
    }
    if (p.max_balance_share) {
        if (!cost.prepaid_balance || *cost.prepaid_balance <= 0) {
            out.push_back(not_evaluated("maxBalanceShare", *p.max_balance_share, "not a prepaid program with a balance",
                                        "share"));
        } else {
            const double share = cost.delta_per_month() / static_cast<double>(*cost.prepaid_balance);
            out.push_back(verdict("maxBalanceShare", "program", *p.max_balance_share, share,
                                  share > p.max_balance_share->value + 1e-12, worsens, "share",
                                  "this plan adds " + fixed(cost.delta_per_month()) + " points per 30 days, " +
                                      percent(share) + " of the balance of " + std::to_string(*cost.prepaid_balance) +
                                      "; at most " + percent(p.max_balance_share->value),
                                  waivers, today));
        }
    }
    if (p.min_runway_days) {
        if (!cost.prepaid_balance) {
            out.push_back(
                not_evaluated("minRunwayDays", *p.min_runway_days, "not a prepaid program with a balance", "days"));
        } else if (!cost.totals_complete) {
            out.push_back(not_evaluated("minRunwayDays", *p.min_runway_days,
                                        "the program's totals were not refreshed (plan --changed-since): a full plan "
                                        "evaluates the runway",
                                        "days"));
        } else {
            const auto runway = cost.runway_days(cost.per_day_after);
            const double days = runway.value_or(1e9);
            out.push_back(verdict("minRunwayDays", "program", *p.min_runway_days, days,
                                  days + 1e-9 < p.min_runway_days->value, worsens, "days",
                                  "the balance lasts " + (runway ? fixed(days, 0) : std::string("indefinitely")) +
                                      " days after this plan; at least " + fixed(p.min_runway_days->value, 0) +
                                      " required",
                                  waivers, today));
        }
    }
}

}  // namespace

std::vector<PolicyResult> evaluate_policies(const Cost& cost, const DesiredState& desired, const Date& today) {
    std::vector<PolicyResult> out;
    customer_budgets(cost, desired, today, out);
    program_rules(cost, desired, today, out);
    return out;
}

std::vector<PolicyResult> evaluate_budgets_now(const std::map<std::string, double>& per_day_by_customer,
                                               const DesiredState& desired, const Date& today) {
    Cost now;
    for (const auto& [name, per_day] : per_day_by_customer) {
        CustomerCost cc;
        cc.customer = name;
        cc.per_day_before = per_day;
        cc.per_day_after = per_day;
        now.by_customer.push_back(cc);
    }
    std::vector<PolicyResult> out;
    customer_budgets(now, desired, today, out);
    for (auto& r : out) {  // no plan here: what the customer costs now, against its budget
        r.detail = "costs " + fixed(r.value.value_or(0)) + " " + r.unit + " now, budget " + fixed(r.limit);
        if (r.status == PolicyStatus::waived && r.waiver) {
            r.detail += " (waived until " + to_string(r.waiver->expires) + ": " + r.waiver->reason + ")";
        }
    }
    return out;
}

}  // namespace flexform
