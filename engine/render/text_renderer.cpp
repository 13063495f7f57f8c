#include <algorithm>
// Terminal rendering in the manner of a Terraform plan: grouped by customer, a legend of the symbols used.
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "engine/model/words.h"
#include "engine/render/escape.h"
#include "engine/render/explain.h"
#include "engine/render/policy_words.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

const char* colour_of(char symbol) {
    switch (symbol) {
        case '+':
            return "\033[32m";
        case '~':
            return "\033[33m";
        case '^':
            return "\033[36m";
        case '>':
            return "\033[35m";
        case '-':
            return "\033[31m";
        default:
            return "\033[1;31m";
    }
}

class TextWriter {
public:
    explicit TextWriter(bool color) : m_color(color) {}

    std::string paint(const std::string& text, const char* code) const {
        return m_color ? std::string(code) + text + "\033[0m" : text;
    }
    std::string bold(const std::string& text) const { return paint(text, "\033[1m"); }
    std::string symbol(char s) const { return paint(std::string(1, s), colour_of(s)); }

private:
    bool m_color;
};

std::string cost_phrase(const Change& c) {
    const double delta = c.points.delta();
    if (std::abs(delta) < 0.005) {
        return "";
    }
    return "  " + format_points(delta, true) + "/day";
}

std::string shown(const std::string& value) {
    return value.empty() ? "\"\"" : terminal_text(value);
}

void write_change(std::ostream& out, const TextWriter& w, const Change& c, const Catalog& catalog) {
    out << "  " << w.symbol(symbol(c.action)) << " " << terminal_text(c.address) << "  " << to_string(c.action);
    if (c.action == ActionKind::create_entitlements) {
        out << " x" << c.after.count.value_or(0);
    }
    out << cost_phrase(c) << "\n";
    out << "      reason: " << terminal_text(explain_reason(c, catalog)) << "\n";
    if (c.waiting) {
        out << "      " << w.paint(explain_waiting(*c.waiting), "\033[33m") << "\n";
    }
    for (const auto& row : field_rows(c, catalog)) {
        out << "      " << terminal_text(row.field) << ": ";
        if (row.before) {
            out << shown(*row.before) << " -> ";
        }
        out << shown(row.after) << "\n";
    }
    if (c.action == ActionKind::update_config && c.reprice.entitlements > 0) {
        const Reprice& r = c.reprice;
        const double per_device = r.per_device_after - r.per_device_before;
        out << "      re-prices " << count_of(r.entitlements, "entitlement", "entitlements") << ": "
            << format_points(r.per_device_before) << " -> " << format_points(r.per_device_after) << " per device/day ("
            << format_points(per_device, true);
        if (r.per_device_before > 0) {
            out << ", " << format_percent(per_device / r.per_device_before, true);
        }
        out << "), " << format_points(c.points.delta(), true) << "/day for the ACTIVE ones\n";
    }
    if (const std::string note = billing_note(c); !note.empty()) {
        out << "      " << w.paint("billing: " + terminal_text(note), "\033[33m") << "\n";
    }
    if (c.metered) {
        out << "      note: billed by metered usage on top of the points shown\n";
    }
}

void write_program(std::ostream& out, const PlanSummary& s) {
    out << "Program: " << format_points(s.per_day_before) << " -> " << format_points(s.per_day_after) << " points/day ("
        << format_points(s.delta_per_day, true) << "/day, " << format_points(s.delta_per_month, true)
        << " per 30-day month, " << format_points(s.delta_per_year, true) << " per year)";
    if (!s.totals_complete) {
        out << "; program totals not refreshed: only the accounts of this plan were read";
    } else if (s.other_accounts_per_day > 0.005) {
        out << "; includes " << format_points(s.other_accounts_per_day)
            << "/day of accounts outside this plan, unchanged";
    }
    out << "\n";
    if (s.prepaid_balance) {
        out << "Prepaid balance: " << *s.prepaid_balance << " points";
        if (s.runway_days_after) {
            out << ", about " << static_cast<long long>(*s.runway_days_after) << " days of runway after this change";
        }
        out << "\n";
    }
    if (s.commitment_share_after && s.totals_complete) {
        out << "Annual run-rate after this change: " << format_points(s.annual_run_rate_after) << " points, "
            << format_percent(*s.commitment_share_after) << " of the yearly commitment of "
            << format_points(*s.yearly_commitment) << "\n";
    }
    for (const auto& note : s.price_notes) {
        out << "Note: scheduled price change: " << terminal_text(note) << "\n";
    }
}

}  // namespace

std::string render_text(const Plan& plan, const RenderOptions& options) {
    std::ostringstream out;
    write_text(plan, out, options);
    return out.str();
}

namespace {

const char* policy_mark(PolicyStatus status) {
    switch (status) {
        case PolicyStatus::pass:
            return "[pass]  ";
        case PolicyStatus::warn:
            return "[warn]  ";
        case PolicyStatus::block:
            return "[BLOCK] ";
        case PolicyStatus::waived:
            return "[waived]";
        case PolicyStatus::not_evaluated:
            return "[n/a]   ";
    }
    return "";
}

// Cost rules: a blocked one names itself, and the plan cannot be applied until it passes or is waived in git.
void write_policies(std::ostream& out, const TextWriter& w, const Plan& plan) {
    if (plan.policies.empty()) {
        return;
    }
    const bool blocked = std::any_of(plan.policies.begin(), plan.policies.end(),
                                     [](const PolicyResult& p) { return p.status == PolicyStatus::block; });
    out << (blocked ? w.paint("Policies (blocked: the plan cannot be applied):", "\033[1;31m")
                    : std::string("Policies:"))
        << "\n";
    for (const auto& p : plan.policies) {
        out << "  " << policy_mark(p.status) << " " << to_string(p.rule) << " (" << terminal_text(p.subject) << ", "
            << to_string(p.action) << "): " << terminal_text(policy_detail(p));
        if (p.status == PolicyStatus::waived && p.waiver) {
            out << "; waived until " << to_string(p.waiver->expires) << ": " << terminal_text(p.waiver->reason);
        }
        out << "\n";
    }
    out << "\n";
}

}  // namespace

void write_text(const Plan& plan, std::ostream& out, const RenderOptions& options) {
    const Catalog& catalog = options.catalog ? *options.catalog : builtin_catalog();
    const PlanSummary summary = summarize(plan);
    const TextWriter w(options.color);
    out << w.bold("flexform plan for program " + terminal_text(plan.program_serial)) << "\n\n";
    const auto location = [](const PlanDiagnostic& d) {
        return d.source && !d.source->file.empty() ? " (" + d.source->file + ":" + std::to_string(d.source->line) + ")"
                                                   : std::string();
    };
    const std::vector<std::string> left_out = plan.left_out();
    if (!left_out.empty()) {
        out << w.paint("Left out: " + count_of(static_cast<int>(left_out.size()), "customer", "customers") +
                           " (an error blocks each; every other customer is planned):",
                       "\033[1;31m")
            << "\n";
        for (const auto& d : plan.diagnostics) {
            if (d.severity == Severity::error) {
                out << "  " << w.symbol('!') << " " << terminal_text(d.address) << ": " << terminal_text(d.message)
                    << terminal_text(location(d)) << "\n";
            }
        }
        out << "\n";
    }
    std::set<char> used;
    for (const auto& c : plan.changes) {
        used.insert(symbol(c.action));
    }
    if (!used.empty()) {
        static const std::pair<char, const char*> k_legend[] = {
            {'+', "create"}, {'~', "update"}, {'>', "transfer"}, {'^', "reactivate / enable"}, {'-', "stop / disable"}};
        out << "Symbols:";
        for (const auto& [s, meaning] : k_legend) {
            if (used.count(s)) {
                out << "  " << w.symbol(s) << " " << meaning;
            }
        }
        out << "\n\n";
    }
    std::map<std::string, std::vector<const Change*>> by_customer;
    for (const auto& c : plan.changes) {
        by_customer[c.customer].push_back(&c);
    }
    for (const auto& customer : summary.customers) {
        const auto it = by_customer.find(customer.customer);
        if (it == by_customer.end()) {
            continue;
        }
        out << w.bold(terminal_text(customer.customer)) << " (account " << customer.account_id << ")\n";
        for (const Change* c : it->second) {
            write_change(out, w, *c, catalog);
        }
        out << "  " << terminal_text(customer.customer) << ": " << format_points(customer.per_day_before) << " -> "
            << format_points(customer.per_day_after) << " points/day (" << format_points(customer.delta_per_day, true)
            << "/day, " << format_points(customer.delta_per_month, true) << " per 30-day month)\n\n";
    }
    std::vector<const PlanDiagnostic*> warnings;
    for (const auto& d : plan.diagnostics) {
        if (d.severity == Severity::warning) {
            warnings.push_back(&d);
        }
    }
    if (!warnings.empty()) {
        out << "Warnings:\n";
        for (const auto* d : warnings) {
            out << "  " << terminal_text(d->address) << ": " << terminal_text(d->message) << terminal_text(location(*d))
                << "\n";
        }
        out << "\n";
    }
    write_policies(out, w, plan);
    write_program(out, summary);
    out << "\n" << w.bold(summary_line(summary)) << "\n";
}

}  // namespace flexform
