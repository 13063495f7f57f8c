// Markdown for a pull-request comment: a summary table per customer, folded details with every field a reviewer
// must see (serials, parameters), the plan digest the merge job checks, and a hidden marker so CI can find and
// update its own comment.
#include <cmath>
#include <map>
#include <sstream>

#include "engine/model/words.h"
#include "engine/render/escape.h"
#include "engine/render/explain.h"
#include "engine/render/policy_words.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

constexpr const char* k_marker = "<!-- flexform-plan -->";

std::string escape_cell(const std::string& text) {
    return markdown_cell(text);
}

std::string change_block(const Change& c, const Catalog& catalog) {
    // Inside the ```diff block: every value on one line, so none can start a line of its own (or close the fence).
    std::string line = std::string(1, symbol(c.action)) + " " + markdown_code_line(c.address) + "  " +
                       std::string(to_string(c.action));
    if (c.action == ActionKind::create_entitlements) {
        line += " x" + std::to_string(c.after.count.value_or(0));
    }
    const double delta = c.points.delta();
    if (std::abs(delta) >= 0.005 || c.action == ActionKind::swap) {  // a like-for-like swap says it costs nothing
        line += "  " + format_points(delta, true) + "/day";
    }
    if (c.action == ActionKind::create_entitlements && c.after.skip_pending == false) {  // free until used
        line += "  (" + format_points(c.reprice.per_device_after * c.after.count.value_or(0), true) + "/day once used)";
    }
    line += "\n    reason: " + markdown_code_line(explain_reason(c, catalog));
    if (c.waiting) {
        line += "\n    " + explain_waiting(*c.waiting);
    }
    for (const auto& row : field_rows(c, catalog)) {
        line += "\n    " + markdown_code_line(row.field) + ": " +
                (row.before ? markdown_code_line(*row.before) + " -> " : std::string()) + markdown_code_line(row.after);
    }
    if (c.action == ActionKind::update_config && c.reprice.entitlements > 0) {
        line += "\n    re-prices " +
                count_of(static_cast<std::size_t>(c.reprice.entitlements), "entitlement", "entitlements") + ": " +
                format_points(c.reprice.per_device_before) + " -> " + format_points(c.reprice.per_device_after) +
                " per device/day";
    }
    if (const std::string note = billing_note(c); !note.empty()) {
        line += "\n    billing: " + markdown_code_line(note);
    }
    if (c.metered) {
        line += "\n    note: billed by metered usage on top of the points shown";
    }
    return line + "\n";
}

void write_money(std::ostringstream& head, const PlanSummary& s) {
    if (!s.totals_complete) {
        head << "_Program totals not refreshed: this plan read only the accounts of the changed customers; the "
                "deltas are exact._\n\n";
    }
    if (s.prepaid_balance) {
        head << "Prepaid balance " << format_whole_points(static_cast<double>(*s.prepaid_balance)) << " points";
        if (s.runway_days_after) {
            head << ", about " << format_whole_points(std::floor(*s.runway_days_after)) << " days of runway after this change";
        }
        head << ".\n\n";
    }
    if (s.commitment_share_after && s.totals_complete) {
        head << "Annual run-rate after this change: " << format_points(s.annual_run_rate_after) << " points ("
             << format_percent(*s.commitment_share_after) << " of the commitment of "
             << format_points(*s.yearly_commitment) << ").\n\n";
    }
    if (s.becomes_billable > 0) {
        head << "> **Billing:** "
             << count_of(static_cast<std::size_t>(s.becomes_billable), "entitlement", "entitlements")
             << (s.becomes_billable == 1 ? " whose token was never used becomes"
                                         : " whose tokens were never used become")
             << " ACTIVE and charged.\n\n";
    }
    if (const std::string note = never_used_note(s); !note.empty()) {
        head << "> " << note << "\n\n";
    }
    for (const auto& note : s.price_notes) {
        head << "> Scheduled price change: " << escape_cell(note) << "\n\n";
    }
}

}  // namespace

namespace {

const char* policy_icon(PolicyStatus status) {
    switch (status) {
        case PolicyStatus::pass:
            return "✅ pass";
        case PolicyStatus::warn:
            return "⚠️ warn";
        case PolicyStatus::block:
            return "❌ **block**";
        case PolicyStatus::waived:
            return "☑️ waived";
        case PolicyStatus::not_evaluated:
            return "➖ not evaluated";
    }
    return "";
}

// The cost rules, with the figures each compared: a reviewer sees at once what blocks the merge.
void write_policies(std::ostream& head, const Plan& plan) {
    if (plan.policies.empty()) {
        return;
    }
    head << "#### Policies\n\n| Result | Rule | Applies to | Limit | This plan | Details "
            "|\n|---|---|---|---:|---:|---|\n";
    for (const auto& p : plan.policies) {
        const auto figure = [&p](double v) { return policy_figure(p, v); };
        std::string detail = policy_detail(p);
        if (p.waiver && p.status == PolicyStatus::waived) {
            detail += "; " + waived_text(p);
        }
        head << "| " << policy_icon(p.status) << " | `" << to_string(p.rule) << "` (" << to_string(p.action) << ") | "
             << escape_cell(p.subject) << " | " << figure(p.limit) << " | " << (p.value ? figure(*p.value) : "")
             << " | " << escape_cell(detail) << " |\n";
    }
    head << "\n";
}

}  // namespace

// One row per customer of the plan, the accounts outside it, then the program: the rows add up to it. A plan that
// read only the changed accounts totals those, and says so.
// Each offer change as one line, its configurations folded below it.
void write_offers(std::ostream& head, const Plan& plan, const PlanSummary& s, const Catalog& catalog) {
    if (s.offers.empty()) {
        return;
    }
    head << "#### Offers\n\n";
    for (const auto& offer : s.offers) {
        head << "- **" << escape_cell(offer_change_line(offer, catalog)) << "**\n\n";
        head << "  <details><summary>" << count_of(offer.configurations, "configuration", "configurations")
             << "</summary>\n\n";
        head << "  | Customer | Configuration | Account | Devices | Points/day |\n";
        head << "  |---|---|---:|---:|---:|\n";
        for (const std::size_t i : offer.changes) {
            const Change& c = plan.changes[i];
            head << "  | " << escape_cell(c.customer) << " | " << escape_cell(c.config_name) << " | " << c.account_id
                 << " | " << c.reprice.entitlements << " | " << format_points(c.points.delta(), true) << " |\n";
        }
        head << "\n  </details>\n\n";
    }
}

void write_customer_table(std::ostream& head, const Plan& plan, const PlanSummary& s) {
    head << "| Customer | Changes | Points/day before | Points/day after | Δ per day | Δ per 30-day month |\n";
    head << "|---|---:|---:|---:|---:|---:|\n";
    for (const bool unapplied : {false, true}) {
        for (const auto& c : s.customers) {
            if (is_unapplied(plan, c.customer) != unapplied) {
                continue;
            }
            head << "| " << escape_cell(c.customer) << (unapplied ? " _(merged, not yet applied)_" : "") << " | "
                 << c.changes << " | " << format_points(c.per_day_before) << " | " << format_points(c.per_day_after)
                 << " | " << format_points(c.delta_per_day, true) << " | " << format_points(c.delta_per_month, true)
                 << " |\n";
        }
    }
    if (s.totals_complete && s.other_accounts_per_day > 0.005) {
        head << "| _accounts outside this plan, unchanged_ | 0 | " << format_points(s.other_accounts_per_day) << " | "
             << format_points(s.other_accounts_per_day) << " | " << format_points(0.0, true) << " | "
             << format_points(0.0, true) << " |\n";
    }
    head << "| **" << (s.totals_complete ? "Program" : "Changed customers (program not refreshed)") << "** | **"
         << plan.changes.size() << "** | **" << format_points(s.per_day_before) << "** | **"
         << format_points(s.per_day_after) << "** | **" << format_points(s.delta_per_day, true) << "** | **"
         << format_points(s.delta_per_month, true) << "** |\n\n";
}

// What the plan will not do, said where the reviewer reads first.
void write_scope_notes(std::ostream& head, const Plan& plan) {
    for (const auto& name : plan.removed_customers) {
        head << "> **" << markdown_code_span(name) << " is no longer declared** (since "
             << markdown_code_span(plan.scope.changed_since)
             << "): flexform leaves its account as it is; nothing is stopped and its entitlements keep being "
                "charged. To stop them, declare it `state: suspended`, merge and apply that, then remove it.\n\n";
    }
    if (!plan.unapplied_customers.empty()) {
        head << "#### Merged, not yet applied\n\n";
        std::string names;
        for (const auto& name : plan.unapplied_customers) {
            names += (names.empty() ? "" : ", ") + markdown_code_span(name);
        }
        head << names << ": changed on " << markdown_code_span(plan.base_ref) << " since the last apply ("
             << markdown_code_span(plan.scope.changed_since)
             << ") and never applied. They are in this plan, marked in the table; merging applies them too.\n\n";
    }
}

std::string render_markdown(const Plan& plan, const RenderOptions& options) {
    const Catalog& catalog = options.catalog ? *options.catalog : builtin_catalog();
    const PlanSummary s = summarize(plan);
    std::ostringstream head;
    head << k_marker << "\n";
    if (options.program_name.empty()) {
        head << "### flexform plan for " << markdown_code_span(plan.program_serial) << "\n\n";
    } else {
        head << "### flexform plan for program " << markdown_code_span(options.program_name) << " ("
             << markdown_code_span(plan.program_serial) << ")\n\n";
    }
    head << "**" << summary_line(s) << "**\n\n";
    // What blocks or leaves customers out comes first, with the rules it broke.
    const bool blocked = !plan.applyable();
    if (blocked) {
        head << "> **This plan cannot be applied as it stands** (blocked, not failed: change the manifests, or "
                "waive a rule in git with a reason and an expiry):\n";
        for (const auto& p : plan.policies) {
            if (p.status == PolicyStatus::block) {
                head << "> - " << escape_cell(blocking_line(p)) << "<br>" << escape_cell(waiver_hint(p)) << "\n";
            }
        }
        head << "\n";
    }
    if (const auto left_out = plan.left_out(); !left_out.empty()) {
        head << "> **Left out: " << count_of(static_cast<int>(left_out.size()), "customer", "customers") << "** "
             << left_out_reason(plan) << ":\n";
        for (const auto& d : plan.diagnostics) {
            if (d.severity == Severity::error) {
                head << "> - " << markdown_code_span(d.address) << ": " << escape_cell(d.message) << "\n";
            }
        }
        head << "\n";
    }
    if (blocked) {
        write_policies(head, plan);
    }
    write_scope_notes(head, plan);
    write_offers(head, plan, s, catalog);
    write_customer_table(head, plan, s);
    write_money(head, s);
    if (!blocked) {
        write_policies(head, plan);
    }

    std::map<std::string, std::string> bodies;
    std::map<std::string, int> counts;
    for (const auto& change : plan.changes) {
        bodies[change.customer] += change_block(change, catalog);
        ++counts[change.customer];
    }
    std::vector<std::string> sections;
    for (const auto& c : s.customers) {
        if (!counts.count(c.customer)) {
            continue;
        }
        const int count = counts[c.customer];
        const std::string fence = markdown_fence(bodies[c.customer]);
        sections.push_back("<details><summary>" + markdown_text(c.customer) + ": " +
                           count_of(count, "change", "changes") +
                           (is_unapplied(plan, c.customer) ? " (merged, not yet applied)" : "") + "</summary>\n\n" +
                           fence + "diff\n" + bodies[c.customer] + fence + "\n</details>\n\n");
    }
    std::string warnings;
    for (const auto& d : plan.diagnostics) {
        if (d.severity == Severity::warning) {
            warnings += "- " + markdown_code_span(d.address) + ": " + escape_cell(d.message) + "\n";
        }
    }
    if (!warnings.empty()) {
        sections.push_back("<details><summary>Warnings</summary>\n\n" + warnings + "\n</details>\n\n");
    }
    const std::string footer = "<sub>plan digest `" + plan_digest(plan) + "` · manifests " +
                               plan.manifest_digest.substr(0, 12) + " · flexform " + plan.flexform_version + "</sub>\n";
    std::string out = head.str();
    const std::string truncation_note =
        "_The plan is too long for one comment; the remaining sections are omitted. Run `flexform show` on the "
        "saved plan for everything._\n\n";
    std::size_t shown = 0;
    for (const auto& section : sections) {
        if (out.size() + section.size() + footer.size() + truncation_note.size() + 64 > options.markdown_limit) {
            break;
        }
        out += section;
        ++shown;
    }
    if (shown < sections.size()) {
        out += "_" + count_of(sections.size() - shown, "more section", "more sections") + " not shown._ " +
               truncation_note;
    }
    if (out.size() + footer.size() > options.markdown_limit) {
        std::size_t cut = options.markdown_limit - footer.size();  // a single enormous header: cut it hard,
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
            --cut;  // but never inside a UTF-8 character
        }
        out.resize(cut);
    }
    return out + footer;
}

}  // namespace flexform
