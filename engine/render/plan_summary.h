// PlanSummary is a plan's figures computed once (per customer and for the program: points per day, per 30-day
// month and per year, runway, run-rate against the commitment), so text, markdown and JSON show the same numbers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/plan/offer_figures.h"
#include "engine/plan/plan.h"

namespace flexform {

struct CustomerFigures {
    std::string customer;
    std::int64_t account_id = 0;
    int changes = 0;
    double per_day_before = 0.0;
    double per_day_after = 0.0;
    double delta_per_day = 0.0;
    double delta_per_month = 0.0;  // 30-day month
};

// "offer branch-gold: addons +FGHWSOCA -> re-prices 57 configurations in 57 accounts (140 devices), +12.34
// points/day", unescaped.
std::string offer_change_line(const OfferFigures& offer, const Catalog& catalog);

struct PlanSummary {
    std::map<ActionKind, int> actions;
    int entitlements_created = 0;  // serials, VMs and cloud services the creates add
    std::vector<CustomerFigures> customers;
    std::vector<OfferFigures> offers;
    double per_day_before = 0.0;
    double per_day_after = 0.0;
    double delta_per_day = 0.0;
    double delta_per_month = 0.0;
    double delta_per_year = 0.0;
    double other_accounts_per_day = 0.0;
    bool totals_complete = true;
    std::optional<std::int64_t> prepaid_balance;
    std::optional<double> runway_days_before;
    std::optional<double> runway_days_after;
    std::optional<double> yearly_commitment;
    double annual_run_rate_after = 0.0;
    std::optional<double> commitment_share_after;  // annual run-rate / commitment, as a fraction
    int becomes_billable = 0;
    int never_used_before = 0;  // PENDING VMs: free until used (Cost)
    double never_used_per_day_before = 0.0;
    int never_used_after = 0;
    double never_used_per_day_after = 0.0;
    std::vector<std::string> price_notes;  // "FGT_HW device_model=..., rate 2.70 -> 2.95/day from 2027-01-01"
    int errors = 0;
    int warnings = 0;
    // Configurations moving to another program of the project: their entitlements leave this program's figures
    // with no change of this plan (the other program's plan moves them).
    int configs_moving_out = 0;
};

PlanSummary summarize(const Plan& plan);

// The one rule for never-used VMs, with how much of before and after they make; empty when there are none.
std::string never_used_note(const PlanSummary& summary);

// A cost rule's figure in its unit: "11.52", "83.3%", "87 days".
std::string policy_figure(const PolicyResult& policy, double value);

// A blocking cost rule, unescaped: "budget.perDay (acme): run-rate after this plan 11.52 points/day (before 1.00),
// budget 10.00".
std::string blocking_line(const PolicyResult& policy);

// The spec.overrides entry that would waive a blocking rule, unescaped: "to waive it, add to spec.overrides of customer
// acme: {rule: budget, reason: \"...\", expires: YYYY-MM-DD}" (a customer's `budget` covers perDay and perMonth).
std::string waiver_hint(const PolicyResult& policy);

// A waived rule's waiver, unescaped, saying what the entry covers: "waived until 2026-12-01 by `rule: budget` (perDay
// and perMonth alike): migration", "... by `rule: budget.perDay` (perDay only): ..."; a program rule's entry waives
// that rule alone: "waived until 2026-12-01: migration".
std::string waived_text(const PolicyResult& policy);

// What blocks, one line each, unescaped: every blocking cost rule with its figures ("budget.perDay (acme): run-rate
// after this plan 11.52 points/day (before 1.00), budget 10.00"), then every `protect` refusal of a customer it alone
// leaves out ("acme/fgt/FGT60F...: customer acme is protected: ..."). Errors are not blocks: they leave customers out.
std::vector<std::string> blocking_reasons(const Plan& plan);

// Why customers are left out, after their count: "(an error blocks each; every other customer is planned)", protect
// named when it is why.
std::string left_out_reason(const Plan& plan);

// Whether the plan's changes of `customer` were merged but never applied (plan --changed-since with --base).
bool is_unapplied(const Plan& plan, const std::string& customer);

// "Plan: 1 create_config, 2 create_entitlements (5 entitlements), 1 stop." or "No changes."; a plan with no change
// whose figures move all the same (configurations moving to another program) says so: "No changes here: 1
// configuration moves to another program, with that program's plan (-10.80 points/day)."
std::string summary_line(const PlanSummary& summary);
std::string summary_line(const Plan& plan);

}  // namespace flexform
