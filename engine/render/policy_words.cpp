#include "engine/render/policy_words.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "engine/render/render.h"

namespace flexform {

namespace {

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

std::string percent(double share) {
    return fixed(share * 100.0, 1) + "%";
}

std::string missing_phrase(MissingFigure missing) {
    switch (missing) {
        case MissingFigure::yearly_commitment:
            return "no yearly commitment is set (a postpaid program's spec.yearlyCommitment)";
        case MissingFigure::prepaid_balance:
            return "not a prepaid program with a balance";
        case MissingFigure::program_totals:
            return "the program's totals were not refreshed (plan --changed-since): a full plan evaluates the runway";
    }
    return "";
}

// What a plan's figures were against the limit.
std::string compared_in_plan(const PolicyResult& r) {
    const PolicyFigures& f = r.figures;
    const double value = r.value.value_or(0.0);
    switch (r.rule) {
        case PolicyRule::budget_per_day:
            return "run-rate after this plan " + format_points(value) + " points/day (before " +
                   format_points(f.before) + "), budget " + format_points(r.limit);
        case PolicyRule::budget_per_month:
            return "30-day month after this plan " + format_points(value) + " points (before " +
                   format_points(f.before) + "), budget " + format_points(r.limit);
        case PolicyRule::max_increase_per_day:
            return "this plan adds " + format_points(value) + " points/day, at most " + format_points(r.limit) +
                   " allowed";
        case PolicyRule::max_commitment_share:
            return "this plan adds " + format_points(f.added) + " points/year, " + percent(value) +
                   " of the commitment of " + format_points(f.base) + "; at most " + percent(r.limit);
        case PolicyRule::max_balance_share:
            return "this plan adds " + format_points(f.added) + " points per 30 days, " + percent(value) +
                   " of the balance of " + format_whole_points(f.base) + "; at most " + percent(r.limit);
        case PolicyRule::min_runway_days:
            // Whole days, as every runway figure is printed: the days the balance fully covers.
            return "the balance lasts " +
                   (f.unbounded ? std::string("indefinitely") : format_whole_points(std::floor(value)) + " days") +
                   " after this plan; at least " + format_whole_points(r.limit) + " days required";
    }
    return "";
}

}  // namespace

std::string_view policy_unit(PolicyRule rule) {
    switch (rule) {
        case PolicyRule::budget_per_day:
        case PolicyRule::max_increase_per_day:
            return "points/day";
        case PolicyRule::budget_per_month:
            return "points/month";
        case PolicyRule::max_commitment_share:
        case PolicyRule::max_balance_share:
            return "share";
        case PolicyRule::min_runway_days:
            return "days";
    }
    return "";
}

std::string policy_detail(const PolicyResult& r) {
    if (r.phrased_detail) {
        return *r.phrased_detail;
    }
    if (r.basis == PolicyBasis::now) {
        std::string detail = "costs " + format_points(r.value.value_or(0)) + " " + std::string(policy_unit(r.rule)) +
                             " now, budget " + format_points(r.limit);
        if (r.status == PolicyStatus::waived && r.waiver) {
            detail += " (waived until " + to_string(r.waiver->expires) + ": " + r.waiver->reason + ")";
        }
        return detail;
    }
    if (r.status == PolicyStatus::not_evaluated) {
        return r.figures.missing ? missing_phrase(*r.figures.missing) : std::string();
    }
    std::string detail = compared_in_plan(r);
    if (r.status == PolicyStatus::pass) {
        return detail;
    }
    if (!r.figures.worsens) {
        detail += "; already beyond it before this plan, which does not add to it";
    }
    if (r.status != PolicyStatus::waived && r.waiver) {
        detail += "; the waiver expired on " + to_string(r.waiver->expires);
    }
    return detail;
}

std::string over_budget_warning(const PolicyResult& r) {
    return "customer " + r.subject + " is over its budget (" + std::string(to_string(r.rule)) +
           "): " + policy_detail(r);
}

}  // namespace flexform
