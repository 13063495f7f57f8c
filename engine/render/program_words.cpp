#include "engine/render/program_words.h"

#include <cmath>

#include "engine/model/day_range.h"
#include "engine/render/ending_words.h"
#include "engine/render/policy_words.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

std::string finding_text(ProgramFinding finding, const ProgramReport& r) {
    const ProgramFigures& f = r.figures;
    switch (finding) {
        case ProgramFinding::runway_short:
            return "prepaid balance lasts about " + format_whole_points(std::floor(r.runway_days.value_or(0))) +
                   " more days at the current rate";
        case ProgramFinding::balance_negative:
            return "prepaid balance is negative: the 90-day grace period has started";
        case ProgramFinding::no_commitment:
            return "no yearly commitment is set (spec.yearlyCommitment in flexform.yaml): nothing to compare with";
        case ProgramFinding::commitment_missed:
            return std::string(f.past_year ? "consumption missed" : "projected consumption misses") +
                   " the yearly commitment by " + format_whole_points(-r.commitment_gap.value_or(0)) + " points";
        case ProgramFinding::year_incomplete:
            return "consumption is known for " + std::to_string(f.year_so_far.known_days) + " of the " +
                   std::to_string(f.year_so_far.range.days()) + " closed days of " + std::to_string(f.year) +
                   " (FortiFlex keeps " + std::to_string(k_points_window_days) +
                   " days; pull consumption daily to keep the rest)";
        case ProgramFinding::trend_incomplete:
            return "the trend compares incomplete windows (the last " + std::to_string(f.trend_days) +
                   " days known for " + std::to_string(f.trend_last ? f.trend_last->known_days : 0) + ", the " +
                   std::to_string(f.trend_days) + " before for " +
                   std::to_string(f.trend_previous ? f.trend_previous->known_days : 0) + "): no percentage is given";
    }
    return {};
}

}  // namespace

std::vector<std::string> program_notes(const ProgramReport& report) {
    std::vector<std::string> out;
    for (const ProgramFinding finding : report.findings) {
        if (finding == ProgramFinding::no_commitment) {
            out.push_back(finding_text(finding, report));
        }
    }
    return out;
}

std::vector<std::string> program_warnings(const ProgramReport& report) {
    std::vector<std::string> out;
    for (const ProgramFinding finding : report.findings) {
        if (finding != ProgramFinding::no_commitment) {
            out.push_back(finding_text(finding, report));
        }
    }
    for (const auto& b : report.budgets) {
        if (b.status == PolicyStatus::warn || b.status == PolicyStatus::block) {
            out.push_back(over_budget_warning(b));
        }
    }
    for (const auto& e : report.ending) {
        out.push_back(ending_message(e));
    }
    return out;
}

std::string unknown_basis_text(UnknownDaysBasis basis) {
    return basis == UnknownDaysBasis::known_average ? "the known average" : "the current rate";
}

}  // namespace flexform
