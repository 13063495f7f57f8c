// Terminal rendering in the manner of a Terraform plan: grouped by customer, a legend of the symbols used.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "engine/model/words.h"
#include "engine/render/escape.h"
#include "engine/render/explain.h"
#include "engine/render/plan_summary.h"
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
        case '*':
            return "\033[34m";
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
    if (std::abs(delta) < 0.005 && c.action != ActionKind::swap) {  // a like-for-like swap says it costs nothing
        return "";
    }
    return "  " + format_points(delta, true) + "/day";
}

// VMs created PENDING count nothing until used: say what they will cost then.
std::string once_used_phrase(const Change& c) {
    if (c.action != ActionKind::create_entitlements || c.after.skip_pending != false) {
        return "";
    }
    return "  (" + format_points(c.reprice.per_device_after * c.after.count.value_or(0), true) + "/day once used)";
}

std::string shown(const std::string& value) {
    return value.empty() ? "\"\"" : terminal_text(value);
}

void write_change(std::ostream& out, const TextWriter& w, const Change& c, const Catalog& catalog) {
    out << "  " << w.symbol(symbol(c.action)) << " " << terminal_text(c.address) << "  " << to_string(c.action);
    if (c.action == ActionKind::create_entitlements) {
        out << " x" << c.after.count.value_or(0);
    }
    out << cost_phrase(c) << once_used_phrase(c) << "\n";
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

// A customer no longer declared is not stopped: say so, and how to stop it.
void write_removed(std::ostream& out, const TextWriter& w, const Plan& plan) {
    for (const auto& name : plan.removed_customers) {
        out << w.bold(terminal_text(name)) << ": no longer declared (since " << terminal_text(plan.scope.changed_since)
            << "); flexform leaves its account as it is: nothing is stopped and its entitlements keep being charged. "
               "To stop them, declare it suspended (spec.state: suspended), apply, then remove it.\n\n";
    }
}

// The figures add up: the customers shown above, those without changes, those left out by an error (nothing of
// theirs is planned, so they are not "without changes") and the accounts outside the plan make the program; a plan
// that read only the changed accounts says its totals are theirs.
void write_program(std::ostream& out, const Plan& plan, const PlanSummary& s, const std::set<std::string>& shown) {
    const auto totals = [&s] {
        return format_points(s.per_day_before) + " -> " + format_points(s.per_day_after) + " points/day (" +
               format_points(s.delta_per_day, true) + "/day, " + format_points(s.delta_per_month, true) +
               " per 30-day month, " + format_points(s.delta_per_year, true) + " per year)";
    };
    if (!s.totals_complete) {
        out << "Changed customers: " << totals()
            << "; program totals not refreshed: only the accounts of this plan were read\n";
    } else {
        const std::vector<std::string> left_out_names = plan.left_out();
        const std::set<std::string> left_out(left_out_names.begin(), left_out_names.end());
        int unchanged = 0;
        double unchanged_before = 0.0;
        int excluded = 0;
        double excluded_before = 0.0;
        for (const auto& c : s.customers) {
            if (shown.count(c.customer)) {
                continue;
            }
            const bool out_of_plan = left_out.count(c.customer) > 0;
            (out_of_plan ? excluded : unchanged) += 1;
            (out_of_plan ? excluded_before : unchanged_before) += c.per_day_before;
        }
        if (unchanged > 0) {
            out << "Customers without changes (" << unchanged << "): " << format_points(unchanged_before)
                << " points/day, unchanged\n";
        }
        if (excluded > 0) {
            out << "Customers left out (" << excluded << "): " << format_points(excluded_before)
                << " points/day, counted as they are now\n";
        }
        if (s.other_accounts_per_day > 0.005) {
            out << "Accounts outside this plan, unchanged: " << format_points(s.other_accounts_per_day)
                << " points/day\n";
        }
        out << "Program: " << totals() << "\n";
    }
    if (s.prepaid_balance) {
        out << "Prepaid balance: " << format_whole_points(static_cast<double>(*s.prepaid_balance)) << " points";
        if (s.runway_days_after) {
            out << ", about " << format_whole_points(std::floor(*s.runway_days_after)) << " days of runway after this change";
        }
        out << "\n";
    }
    if (s.commitment_share_after && s.totals_complete) {
        out << "Annual run-rate after this change: " << format_points(s.annual_run_rate_after) << " points, "
            << format_percent(*s.commitment_share_after) << " of the yearly commitment of "
            << format_points(*s.yearly_commitment) << "\n";
    }
    if (const std::string note = never_used_note(s); !note.empty()) {
        out << "Note: " << note << "\n";
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
        // The verdict in its colour: a block red as the heading above it, a warning yellow.
        const char* mark = policy_mark(p.status);
        out << "  "
            << (p.status == PolicyStatus::block  ? w.paint(mark, "\033[1;31m")
                : p.status == PolicyStatus::warn ? w.paint(mark, "\033[33m")
                                                 : std::string(mark))
            << " " << to_string(p.rule) << " (" << terminal_text(p.subject) << ", "
            << to_string(p.action) << "): " << terminal_text(policy_detail(p));
        if (p.status == PolicyStatus::waived && p.waiver) {
            out << "; " << terminal_text(waived_text(p));
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
    const std::string program = options.program_name.empty()
                                    ? terminal_text(plan.program_serial)
                                    : terminal_text(options.program_name) + " (" + terminal_text(plan.program_serial) + ")";
    out << w.bold("flexform plan for program " + program) << "\n\n";
    const auto location = [](const PlanDiagnostic& d) {
        return d.source && !d.source->file.empty() ? " (" + d.source->file + ":" + std::to_string(d.source->line) + ")"
                                                   : std::string();
    };
    // What blocks or leaves customers out comes first: the rest of the plan is read knowing it.
    if (!plan.applyable()) {
        out << w.paint("This plan cannot be applied as it stands:", "\033[1;31m") << "\n";
        for (const auto& p : plan.policies) {
            if (p.status == PolicyStatus::block) {
                out << "  " << w.symbol('!') << " " << terminal_text(blocking_line(p)) << "\n      "
                    << terminal_text(waiver_hint(p)) << "\n";
            }
        }
        out << "\n";
    }
    const std::vector<std::string> left_out = plan.left_out();
    if (!left_out.empty()) {
        out << w.paint("Left out: " + count_of(static_cast<int>(left_out.size()), "customer", "customers") + " " +
                           left_out_reason(plan) + ":",
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
    if (!summary.offers.empty()) {
        out << w.bold("Offers") << " (each a change of one offer; the configurations are listed under their "
            << "customers):\n";
        for (const auto& offer : summary.offers) {
            out << "  " << w.symbol('~') << " " << terminal_text(offer_change_line(offer, catalog)) << "\n";
        }
        out << "\n";
    }
    std::set<char> used;
    for (const auto& c : plan.changes) {
        used.insert(symbol(c.action));
    }
    if (!used.empty()) {
        static const std::pair<char, const char*> k_legend[] = {
            {'+', "create"}, {'~', "update"}, {'>', "transfer"}, {'^', "reactivate / enable"}, {'*', "swap (RMA)"},
            {'-', "stop / disable"}, {'@', "new licence token"}};
        out << "Symbols:";
        for (const auto& [s, meaning] : k_legend) {
            if (used.count(s)) {
                out << "  " << w.symbol(s) << " " << meaning;
            }
        }
        out << "\n\n";
    }
    std::map<std::string, std::vector<const Change*>> by_customer;
    std::map<std::int64_t, std::vector<const Change*>> transfers_out;  // by the account a transfer takes from
    for (const auto& c : plan.changes) {
        by_customer[c.customer].push_back(&c);
        if (c.action == ActionKind::transfer && c.before.account_id) {
            transfers_out[*c.before.account_id].push_back(&c);
        }
    }
    // A configuration moving to another program changes its customer's figures with no change of this plan: the
    // customer is shown with it, so the customers shown add up to the Program line.
    std::map<std::string, std::vector<const PlanDiagnostic*>> moving_out;
    for (const auto& d : plan.diagnostics) {
        if (d.code == DiagnosticCode::moving_to_program) {
            moving_out[customer_of(d)].push_back(&d);
        }
    }
    std::set<std::string> shown;
    bool unapplied_heading = false;
    // The pull request's own customers first, then those merged but never applied.
    for (const bool unapplied : {false, true}) {
        for (const auto& customer : summary.customers) {
            if (is_unapplied(plan, customer.customer) != unapplied) {
                continue;
            }
            const auto it = by_customer.find(customer.customer);
            const auto out_of = transfers_out.find(customer.account_id);
            const auto moving = moving_out.find(customer.customer);
            if (it == by_customer.end() && out_of == transfers_out.end() && moving == moving_out.end()) {
                continue;
            }
            if (unapplied && !unapplied_heading) {
                out << w.bold("Merged, not yet applied") << " (changed since "
                    << terminal_text(plan.scope.changed_since) << ", the last apply, and before "
                    << terminal_text(plan.base_ref) << "):\n\n";
                unapplied_heading = true;
            }
            out << w.bold(terminal_text(customer.customer)) << " (account " << customer.account_id << ")\n";
            if (it != by_customer.end()) {
                for (const Change* c : it->second) {
                    write_change(out, w, *c, catalog);
                }
            }
            if (out_of != transfers_out.end()) {
                for (const Change* c : out_of->second) {
                    out << "  " << w.symbol('>') << " " << terminal_text(c->address) << "  transferred to "
                        << terminal_text(c->customer) << "  " << format_points(-c->points.before, true) << "/day\n";
                }
            }
            if (moving != moving_out.end()) {
                for (const PlanDiagnostic* d : moving->second) {
                    out << "  " << terminal_text(d->address) << ": " << terminal_text(d->message) << "\n";
                }
            }
            out << "  " << terminal_text(customer.customer) << ": " << format_points(customer.per_day_before) << " -> "
                << format_points(customer.per_day_after) << " points/day ("
                << format_points(customer.delta_per_day, true) << "/day, "
                << format_points(customer.delta_per_month, true) << " per 30-day month)\n\n";
            shown.insert(customer.customer);
        }
    }
    write_removed(out, w, plan);
    std::vector<const PlanDiagnostic*> warnings;
    for (const auto& d : plan.diagnostics) {
        const bool under_customer = d.code == DiagnosticCode::moving_to_program && shown.count(customer_of(d)) > 0;
        if (d.severity == Severity::warning && !under_customer) {
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
    write_program(out, plan, summary, shown);
    out << "\n" << w.bold(summary_line(summary)) << "\n";
}

}  // namespace flexform
