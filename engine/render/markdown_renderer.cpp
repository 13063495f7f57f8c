// Markdown for a pull-request comment: a summary table per customer, folded details, and a hidden marker so CI
// can find and update its own comment.
#include <cmath>
#include <sstream>

#include "engine/plan/plan_json.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

constexpr const char* k_marker = "<!-- flexform-plan -->";

std::string escape_cell(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '\n') {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string change_line(const Change& c) {
    std::string line = std::string(1, symbol(c.action)) + " " + c.address + "  " + std::string(to_string(c.action));
    if (c.action == ActionKind::create_entitlements) {
        line += " x" + std::to_string(c.count);
    }
    const double delta = c.points.delta();
    if (std::abs(delta) >= 0.005) {
        line += "  " + format_points(delta, true) + "/day";
    }
    line += "\n    " + c.reason;
    if (c.action == ActionKind::update_config && c.repriced > 0) {
        line += "\n    re-prices " + std::to_string(c.repriced) +
                " entitlements: " + format_points(c.per_device_before) + " -> " + format_points(c.per_device_after) +
                " per device/day";
    }
    return line + "\n";
}

}  // namespace

std::string render_markdown(const Plan& plan, const RenderOptions& options) {
    std::ostringstream head;
    head << k_marker << "\n";
    head << "### flexform plan for `" << plan.program_serial << "`\n\n";
    head << "**" << summary_line(plan) << "**\n\n";
    if (!plan.applyable()) {
        head << "> **This plan cannot be applied:**\n";
        for (const auto& d : plan.diagnostics) {
            if (d.severity == Severity::error) {
                head << "> - `" << d.address << "`: " << escape_cell(d.message) << "\n";
            }
        }
        head << "\n";
    }
    head << "| Customer | Changes | Points/day before | Points/day after | Δ per day | Δ per 30-day month |\n";
    head << "|---|---:|---:|---:|---:|---:|\n";
    for (const auto& c : plan.cost.by_customer) {
        int changes = 0;
        for (const auto& change : plan.changes) {
            changes += change.customer == c.customer ? 1 : 0;
        }
        const double delta = c.per_day_after - c.per_day_before;
        head << "| " << escape_cell(c.customer) << " | " << changes << " | " << format_points(c.per_day_before) << " | "
             << format_points(c.per_day_after) << " | " << format_points(delta, true) << " | "
             << format_points(delta * 30.0, true) << " |\n";
    }
    const Cost& cost = plan.cost;
    head << "| **Program** | **" << plan.changes.size() << "** | **" << format_points(cost.per_day_before) << "** | **"
         << format_points(cost.per_day_after) << "** | **" << format_points(cost.delta_per_day(), true) << "** | **"
         << format_points(cost.delta_per_month(), true) << "** |\n\n";
    if (cost.prepaid_balance) {
        head << "Prepaid balance " << *cost.prepaid_balance << " points";
        if (const auto runway = cost.runway_days(cost.per_day_after)) {
            head << ", about " << static_cast<long long>(*runway) << " days of runway after this change";
        }
        head << ".\n\n";
    }
    if (cost.yearly_commitment && *cost.yearly_commitment > 0) {
        head << "Annual run-rate after this change: " << format_points(cost.per_day_after * 365.0)
             << " points (commitment " << format_points(*cost.yearly_commitment) << ").\n\n";
    }

    std::vector<std::string> sections;
    for (const auto& c : plan.cost.by_customer) {
        std::string body;
        int count = 0;
        for (const auto& change : plan.changes) {
            if (change.customer == c.customer) {
                body += change_line(change);
                ++count;
            }
        }
        if (count == 0) {
            continue;
        }
        sections.push_back("<details><summary>" + c.customer + ": " + std::to_string(count) +
                           (count == 1 ? " change" : " changes") + "</summary>\n\n```diff\n" + body +
                           "```\n</details>\n\n");
    }
    std::string warnings;
    for (const auto& d : plan.diagnostics) {
        if (d.severity == Severity::warning) {
            warnings += "- `" + d.address + "`: " + escape_cell(d.message) + "\n";
        }
    }
    if (!warnings.empty()) {
        sections.push_back("<details><summary>Warnings</summary>\n\n" + warnings + "\n</details>\n\n");
    }
    const std::string footer = "<sub>manifest " + plan.manifest_digest.substr(0, 12) + " · live " +
                               plan.live_digest.substr(0, 12) + " · flexform " + plan.flexform_version + "</sub>\n";
    std::string out = head.str();
    const std::string truncation_note =
        "_The plan is too long for one comment; the remaining sections are omitted. Run `flexform plan` or read the "
        "saved plan for everything._\n\n";
    std::size_t shown = 0;
    for (const auto& section : sections) {
        if (out.size() + section.size() + footer.size() + truncation_note.size() > options.markdown_limit) {
            break;
        }
        out += section;
        ++shown;
    }
    if (shown < sections.size()) {
        out += "_" + std::to_string(sections.size() - shown) + " more section(s) not shown._ " + truncation_note;
    }
    if (out.size() + footer.size() > options.markdown_limit) {
        out.resize(options.markdown_limit - footer.size());  // a single enormous header: cut it hard
    }
    return out + footer;
}

std::string render_json(const Plan& plan) {
    return plan_to_json_text(plan);
}

}  // namespace flexform
