#include "engine/plan/policies.h"

#include "engine/model/names.h"
#include "engine/plan/plan.h"

namespace flexform {

namespace {

constexpr NameTable<PolicyStatus, 5> k_statuses = {{
    {PolicyStatus::pass, "pass"},
    {PolicyStatus::warn, "warn"},
    {PolicyStatus::block, "block"},
    {PolicyStatus::waived, "waived"},
    {PolicyStatus::not_evaluated, "not_evaluated"},
}};
static_assert(names_every_value(k_statuses, static_cast<std::size_t>(PolicyStatus::not_evaluated) + 1));

// A waiver for `rule` that holds today, else the newest expired one (reported), else none.
std::optional<Waiver> find_waiver(const std::vector<Waiver>& waivers, PolicyRule rule, const Date& today,
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

const CustomerCost* customer_cost(const Cost& cost, const std::string& customer) {
    for (const auto& cc : cost.by_customer) {
        if (cc.customer == customer) {
            return &cc;
        }
    }
    return nullptr;
}

// The figures of `rule` for `subject` under `cost`, that its result is phrased with.
PolicyFigures policy_figures(PolicyRule rule, const std::string& subject, const Cost& cost) {
    PolicyFigures f;
    if (is_customer_rule(rule)) {
        if (const CustomerCost* cc = customer_cost(cost, subject)) {
            f.before = rule == PolicyRule::budget_per_month ? cc->per_day_before * 30.0 : cc->per_day_before;
            f.worsens = cc->per_day_after > cc->per_day_before + 1e-9;
        }
        return f;
    }
    f.worsens = cost.delta_per_day() > 1e-9;
    switch (rule) {
        case PolicyRule::max_commitment_share:
            f.added = cost.delta_per_year();
            f.base = cost.yearly_commitment.value_or(0.0);
            if (f.base <= 0) {
                f.missing = MissingFigure::yearly_commitment;
            }
            break;
        case PolicyRule::max_balance_share:
            f.added = cost.delta_per_month();
            f.base = static_cast<double>(cost.prepaid_balance.value_or(0));
            if (f.base <= 0) {
                f.missing = MissingFigure::prepaid_balance;
            }
            break;
        case PolicyRule::min_runway_days:
            f.unbounded = !cost.runway_days(cost.per_day_after);
            if (!cost.prepaid_balance) {
                f.missing = MissingFigure::prepaid_balance;
            } else if (!cost.totals_complete) {
                f.missing = MissingFigure::program_totals;
            }
            break;
        default:
            break;
    }
    return f;
}

// The verdict of one comparison: within the limit passes; beyond it, the rule's action, unless a waiver holds.
// A plan that does not make it worse (it was already beyond) never blocks.
PolicyResult verdict(PolicyRule rule, std::string subject, const Limit& limit, double value, bool beyond,
                     const PolicyFigures& figures, const std::vector<Waiver>& waivers, const Date& today) {
    PolicyResult r;
    r.rule = rule;
    r.subject = std::move(subject);
    r.action = limit.action;
    r.limit = limit.value;
    r.value = value;
    r.figures = figures;
    if (!beyond) {
        r.status = PolicyStatus::pass;
        return r;
    }
    r.status = limit.action == Enforcement::block && figures.worsens ? PolicyStatus::block : PolicyStatus::warn;
    bool holds = false;
    r.waiver = find_waiver(waivers, r.rule, today, holds);
    if (holds) {
        r.status = PolicyStatus::waived;
    }
    return r;
}

PolicyResult not_evaluated(PolicyRule rule, const Limit& limit, const PolicyFigures& figures) {
    PolicyResult r;
    r.rule = rule;
    r.subject = "program";
    r.status = PolicyStatus::not_evaluated;
    r.action = limit.action;
    r.limit = limit.value;
    r.figures = figures;
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
        if (b.per_day) {
            const Limit limit{*b.per_day, b.action, b.pos};
            out.push_back(verdict(PolicyRule::budget_per_day, cc.customer, limit, cc.per_day_after,
                                  cc.per_day_after > *b.per_day + 1e-9,
                                  policy_figures(PolicyRule::budget_per_day, cc.customer, cost), customer->overrides,
                                  today));
        }
        if (b.per_month) {
            const Limit limit{*b.per_month, b.action, b.pos};
            const double after = cc.per_day_after * 30.0;
            out.push_back(verdict(PolicyRule::budget_per_month, cc.customer, limit, after, after > *b.per_month + 1e-9,
                                  policy_figures(PolicyRule::budget_per_month, cc.customer, cost),
                                  customer->overrides, today));
        }
    }
}

void program_rules(const Cost& cost, const DesiredState& desired, const Date& today, std::vector<PolicyResult>& out) {
    const ProgramPolicies& p = desired.project.policies;
    const auto& waivers = desired.project.overrides;
    const double delta = cost.delta_per_day();
    const auto rule = [&](PolicyRule r, const Limit& limit, double value, bool beyond) {
        const PolicyFigures figures = policy_figures(r, "program", cost);
        out.push_back(figures.missing ? not_evaluated(r, limit, figures)
                                      : verdict(r, "program", limit, value, beyond, figures, waivers, today));
    };
    if (p.max_increase_per_day) {
        rule(PolicyRule::max_increase_per_day, *p.max_increase_per_day, delta,
             delta > p.max_increase_per_day->value + 1e-9);
    }
    if (p.max_commitment_share) {
        const double share = cost.yearly_commitment && *cost.yearly_commitment > 0
                                 ? cost.delta_per_year() / *cost.yearly_commitment
                                 : 0.0;
        rule(PolicyRule::max_commitment_share, *p.max_commitment_share, share,
             share > p.max_commitment_share->value + 1e-12);
    }
    if (p.max_balance_share) {
        const double share = cost.prepaid_balance && *cost.prepaid_balance > 0
                                 ? cost.delta_per_month() / static_cast<double>(*cost.prepaid_balance)
                                 : 0.0;
        rule(PolicyRule::max_balance_share, *p.max_balance_share, share, share > p.max_balance_share->value + 1e-12);
    }
    if (p.min_runway_days) {
        const double days = cost.runway_days(cost.per_day_after).value_or(k_unbounded_runway_days);
        rule(PolicyRule::min_runway_days, *p.min_runway_days, days, days + 1e-9 < p.min_runway_days->value);
    }
}

}  // namespace

std::string_view to_string(PolicyStatus status) {
    return name_in(k_statuses, status, "pass");
}

std::optional<PolicyStatus> parse_policy_status(std::string_view text) {
    return value_in(k_statuses, text);
}

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
        r.basis = PolicyBasis::now;
    }
    return out;
}

}  // namespace flexform
