// Terminal rendering in the manner of a Terraform plan: grouped by customer, a legend of the symbols used.
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

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

}  // namespace

std::string render_text(const Plan& plan, const RenderOptions& options) {
    const TextWriter w(options.color);
    std::ostringstream out;
    out << w.bold("flexform plan for program " + plan.program_serial) << "\n\n";
    std::set<char> used;
    for (const auto& c : plan.changes) {
        used.insert(symbol(c.action));
    }
    if (!used.empty()) {
        static const std::pair<char, const char*> k_legend[] = {
            {'+', "create"}, {'~', "update"}, {'^', "reactivate / enable"}, {'-', "stop / disable"}};
        out << "Symbols:";
        for (const auto& [s, meaning] : k_legend) {
            if (used.count(s)) {
                out << "  " << w.symbol(s) << " " << meaning;
            }
        }
        out << "\n\n";
    }
    for (const auto& customer : plan.cost.by_customer) {
        std::vector<const Change*> changes;
        for (const auto& c : plan.changes) {
            if (c.customer == customer.customer) {
                changes.push_back(&c);
            }
        }
        if (changes.empty()) {
            continue;
        }
        out << w.bold(customer.customer) << " (account " << customer.account_id << ")\n";
        for (const Change* c : changes) {
            out << "  " << w.symbol(symbol(c->action)) << " " << c->address << "  " << to_string(c->action);
            if (c->action == ActionKind::create_entitlements) {
                out << " x" << c->count;
            }
            out << cost_phrase(*c) << "\n";
            out << "      reason: " << c->reason << "\n";
            for (const auto& [field, value] : c->after) {
                const auto before = c->before.find(field);
                if (before != c->before.end()) {
                    out << "      " << field << ": " << (before->second.empty() ? "\"\"" : before->second) << " -> "
                        << (value.empty() ? "\"\"" : value) << "\n";
                } else {
                    out << "      " << field << ": " << value << "\n";
                }
            }
            if (c->action == ActionKind::update_config && c->repriced > 0) {
                const double per_device = c->per_device_after - c->per_device_before;
                out << "      re-prices " << c->repriced << (c->repriced == 1 ? " entitlement: " : " entitlements: ")
                    << format_points(c->per_device_before) << " -> " << format_points(c->per_device_after)
                    << " per device/day (" << format_points(per_device, true);
                if (c->per_device_before > 0) {
                    char percent[32];
                    std::snprintf(percent, sizeof percent, "%+.1f%%", per_device / c->per_device_before * 100.0);
                    out << ", " << percent;
                }
                out << "), " << format_points(c->points.delta(), true) << "/day for the ACTIVE ones\n";
            }
            if (c->metered) {
                out << "      note: billed by metered usage on top of the points shown\n";
            }
        }
        out << "  " << customer.customer << ": " << format_points(customer.per_day_before) << " -> "
            << format_points(customer.per_day_after) << " points/day ("
            << format_points(customer.per_day_after - customer.per_day_before, true) << "/day, "
            << format_points((customer.per_day_after - customer.per_day_before) * 30.0, true)
            << " per 30-day month)\n\n";
    }
    std::vector<const PlanDiagnostic*> errors;
    std::vector<const PlanDiagnostic*> warnings;
    for (const auto& d : plan.diagnostics) {
        (d.severity == Severity::error ? errors : warnings).push_back(&d);
    }
    if (!errors.empty()) {
        out << w.paint("Errors (the plan cannot be applied):", "\033[1;31m") << "\n";
        for (const auto* d : errors) {
            out << "  " << w.symbol('!') << " " << d->address << ": " << d->message << "\n";
        }
        out << "\n";
    }
    if (!warnings.empty()) {
        out << "Warnings:\n";
        for (const auto* d : warnings) {
            out << "  " << d->address << ": " << d->message << "\n";
        }
        out << "\n";
    }
    const Cost& cost = plan.cost;
    out << "Program: " << format_points(cost.per_day_before) << " -> " << format_points(cost.per_day_after)
        << " points/day (" << format_points(cost.delta_per_day(), true) << "/day, "
        << format_points(cost.delta_per_month(), true) << " per 30-day month, "
        << format_points(cost.delta_per_year(), true) << " per year)\n";
    if (cost.prepaid_balance) {
        out << "Prepaid balance: " << *cost.prepaid_balance << " points";
        if (const auto runway = cost.runway_days(cost.per_day_after)) {
            out << ", about " << static_cast<long long>(*runway) << " days of runway after this change";
        }
        out << "\n";
    }
    if (cost.yearly_commitment && *cost.yearly_commitment > 0) {
        const double annual = cost.per_day_after * 365.0;
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.1f%%", annual / *cost.yearly_commitment * 100.0);
        out << "Annual run-rate after this change: " << format_points(annual) << " points, " << percent
            << " of the yearly commitment of " << format_points(*cost.yearly_commitment) << "\n";
    }
    for (const auto& note : cost.price_changes) {
        out << "Note: " << note << "\n";
    }
    out << "\n" << w.bold(summary_line(plan)) << "\n";
    return out.str();
}

}  // namespace flexform
