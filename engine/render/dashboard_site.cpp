#include "engine/render/dashboard_site.h"

#include "engine/render/program_words.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "engine/model/words.h"
#include "engine/render/drift_words.h"
#include "engine/render/ending_words.h"
#include "engine/render/explain.h"
#include "engine/render/program_words.h"
#include "engine/render/policy_words.h"
#include "engine/render/consumption_text.h"
#include "engine/render/plan_summary.h"
#include "engine/render/render.h"
#include "engine/render/snapshot_words.h"
#include "engine/render/svg_chart.h"

namespace flexform {

namespace {

const char* k_style = R"(*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.45}
header,main,footer{padding:0 1rem;max-width:1200px;margin:0 auto}
header{border-bottom:2px solid #1b1b1b}
nav a{margin-right:1rem;color:#0b3d91;font-weight:600}
h1{font-size:1.5rem;margin:.8rem 0;overflow-wrap:anywhere}
h1 .project{display:block;font-size:.9rem;font-weight:600}
h2{font-size:1.15rem;margin-top:1.6rem}
a{color:#0b3d91}
dl.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:.6rem;margin:1rem 0}
dl.figures div{border:1px solid #888;padding:.5rem .7rem;border-radius:4px}
dl.figures dt{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
dl.figures dd{margin:0;font-size:1.25rem;font-weight:700;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
code{overflow-wrap:anywhere}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;text-decoration:underline dotted}
.chart{max-width:100%;height:auto;display:block}
figure{margin:1rem 0}
.status-ok::before{content:"\2713  "}
.status-bad{font-weight:700}.status-bad::before{content:"\2717  "}
.status-warn::before{content:"!  "}
.note{border-left:4px solid #1b1b1b;padding:.3rem .7rem;background:#f2f2f2}
input[type=search]{font:inherit;padding:.3rem;width:min(100%,24rem)}
footer{font-size:.85rem;border-top:1px solid #999;margin-top:2rem;padding-top:.5rem;padding-bottom:1rem}
@media (max-width:700px){
 table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
 table.cards thead{position:absolute;left:-9999px}
 table.cards tr{border:1px solid #999;margin-bottom:.6rem}
 table.cards td{border:0;border-bottom:1px solid #ddd;overflow-wrap:anywhere}
 table.cards td::before{content:attr(data-label) ": ";font-weight:700}
 td.n{text-align:left}
 .chart text{font-size:19px}
}
@media print{nav,#filter,.noprint{display:none}a{color:#000;text-decoration:none}}
)";

// Sorting and filtering of the tenants table; the page is whole without it.
const char* k_script = R"(<script>
(function () {
  var table = document.getElementById('tenants');
  if (!table) { return; }
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  filter.hidden = false;
  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    Array.prototype.forEach.call(body.rows, function (r) {
      r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0;
    });
  });
  Array.prototype.forEach.call(table.querySelectorAll('th button'), function (button) {
    button.addEventListener('click', function () {
      var th = button.parentNode;
      var col = Array.prototype.indexOf.call(th.parentNode.children, th);
      var numeric = button.getAttribute('data-type') === 'number';
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-value') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-value') || b.cells[col].textContent;
        var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return ascending ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
</script>
)";

std::string e(const std::string& text) {
    return html_escape(text);
}

std::string number_attr(double v) {
    return fixed2(std::round(v * 100.0) / 100.0);
}

std::string page_slug(const AccountStatus& a) {
    return a.customer.empty() ? "account-" + std::to_string(a.account_id) : a.customer;
}

// The program as titles name it: "prepaid (ELAVMR0000004712)" across programs, else its serial.
std::string program_label(const DashboardData& d) {
    return d.program_name.empty() ? d.program : d.program_name + " (" + d.program + ")";
}

// The project's name first in every page's title and heading ("flexform — NAME"); empty without a project file.
std::string project_label(const DashboardData& d) {
    return d.project_name.empty() ? std::string() : "flexform — " + d.project_name;
}

std::string page(const DashboardData& d, const std::string& title, const std::string& root, const std::string& body,
                 bool with_script) {
    // The project named first, so tabs and bookmarks of several projects' dashboards tell apart.
    const std::string project = project_label(d);
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" << k_dashboard_generator_mark
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self' file:; img-src "
           "'self' "
           "data:; script-src 'unsafe-inline'\">"
        << "<title>" << e(project.empty() ? title : project + ": " + title)
        << "</title><link rel=\"stylesheet\" href=\"" << root << "style.css\"></head><body>\n"
        << "<header><nav aria-label=\"Pages\"><a href=\"" << root << "index.html\">Program</a><a href=\"" << root
        << "tenants.html\">Tenants</a></nav><h1>"
        << (project.empty() ? std::string() : "<span class=\"project\">" + e(project) + "</span> ") << e(title)
        << "</h1></header>\n<main>\n"
        << (d.status.read_from
                ? "<p class=\"snapshot\" data-snapshot-taken-at=\"" + e(d.status.read_from->taken_at) +
                      "\">From a snapshot in the store: " + e(snapshot_label(*d.status.read_from)) + "</p>\n"
                : std::string())
        << body << "</main>\n<footer>Program " << e(program_label(d)) << " · generated " << e(d.generated_at)
        << " (Pacific day " << to_string(d.today) << ") by flexform dashboard · figures from FortiFlex and "
        << (d.history ? e(d.history->source) : std::string("no consumption store")) << "</footer>\n"
        << (with_script ? k_script : "") << "</body></html>\n";
    return out.str();
}

std::string figure(const std::string& id, const std::string& label, const std::string& value,
                   const std::string& data_value = "") {
    return "<div><dt>" + e(label) + "</dt><dd data-figure=\"" + id + "\"" +
           (data_value.empty() ? "" : " data-value=\"" + data_value + "\"") + ">" + e(value) + "</dd></div>\n";
}

std::string coverage_note(const ConsumptionReport& r) {
    std::string out;
    for (const auto& line : coverage_lines(r)) {
        out += "<p class=\"note\">" + e(line) + "</p>\n";
    }
    return out;
}

std::map<std::int64_t, double> by_account(const std::optional<ConsumptionReport>& r) {
    std::map<std::int64_t, double> out;
    if (r) {
        for (const auto& row : r->rows) {
            out[row.account_id] += row.points;
        }
    }
    return out;
}

std::vector<std::string> days_between_inclusive(const Date& from, const Date& to) {
    std::vector<std::string> days;
    for (Date d = from; d <= to; d = add_days(d, 1)) {
        days.push_back(to_string(d));
    }
    return days;
}

// The days every chart of the site draws over: from the first day any chart has a figure for to the last day any
// covers, so the program's chart and every customer's line up day for day. Empty: no chart has a figure.
std::vector<std::string> chart_days(const DashboardData& d) {
    std::optional<Date> first;
    std::optional<Date> last;
    const auto widen = [&](const std::string& from, const Date& to) {
        if (const auto day = parse_date(from)) {
            first = first ? std::min(*first, *day) : *day;
            last = last ? std::max(*last, to) : to;
        }
    };
    if (d.history && !d.history->rows.empty()) {
        widen(d.history->rows.front().key, d.history->to);
    }
    // A program whose every stored day is zero has no row; the days the store holds are its history all the same.
    if (d.history && d.history->rows.empty()) {
        const std::set<Date> missing(d.history->coverage.missing.begin(), d.history->coverage.missing.end());
        for (Date day = d.history->from; !(d.history->to < day); day = add_days(day, 1)) {
            if (!missing.count(day)) {
                widen(to_string(day), d.history->to);
                break;
            }
        }
    }
    if (d.customer_daily) {
        for (const auto& [customer, values] : d.customer_daily->daily_by_customer) {
            if (!values.empty()) {
                widen(values.begin()->first, d.customer_daily->to);
            }
        }
    }
    return first ? days_between_inclusive(*first, *last) : std::vector<std::string>{};
}

// The chart's days a report has no figure for: those it found missing, and those outside its range.
std::set<std::string> unknown_days(const ConsumptionReport& r, const std::vector<std::string>& days) {
    std::set<std::string> out;
    for (const auto& day : r.coverage.missing) {
        out.insert(to_string(day));
    }
    const std::string from = to_string(r.from);
    const std::string to = to_string(r.to);
    for (const auto& day : days) {
        if (day < from || day > to) {
            out.insert(day);
        }
    }
    return out;
}

// A chart with its data as a table too: the text alternative a screen reader can walk.
std::string chart_with_table(const std::vector<std::string>& days, const ChartSeries& series,
                             const std::string& description) {
    std::ostringstream out;
    out << "<figure>" << line_chart_svg(days, {series}, description) << "<figcaption>" << e(description)
        << "</figcaption></figure>\n<details><summary>The figures of the chart</summary><table><caption>"
        << e(description) << "</caption><thead><tr>"
        << "<th scope=\"col\">Day</th><th scope=\"col\" class=\"n\">Points</th></tr></thead><tbody>\n";
    for (const auto& day : days) {
        const auto it = series.values.find(day);
        out << "<tr><td>" << day << "</td><td class=\"n\">"
            << (series.unknown.count(day) ? std::string("no figure (not pulled)")
                                          : format_points(it == series.values.end() ? 0.0 : it->second))
            << "</td></tr>\n";
    }
    out << "</tbody></table></details>\n";
    return out.str();
}

std::string program_figures(const DashboardData& d) {
    std::ostringstream out;
    out << "<dl class=\"figures\">\n"
        << figure("current-per-day", "Current rate, points/day", format_points(d.status.points_per_day),
                  number_attr(d.status.points_per_day))
        << figure("current-per-month", "Per 30-day month", format_points(d.status.points_per_day * 30.0));
    if (d.last30) {
        out << figure("last30-total",
                      "Last 30 days (" + std::to_string(d.last30->coverage.covered()) + " of " +
                          std::to_string(d.last30->coverage.days) + " days)",
                      format_points(d.last30->total), number_attr(d.last30->total));
    }
    if (d.month) {
        out << figure("mtd-total", "Month to date", format_points(d.month->total), number_attr(d.month->total));
    }
    if (d.program_report) {
        const ProgramReport& p = *d.program_report;
        if (p.figures.program.prepaid) {
            out << figure("balance", "Prepaid balance",
                          p.figures.balance ? format_whole_points(static_cast<double>(*p.figures.balance)) + " points"
                                            : "unknown")
                << figure("runway", "Runway",
                          p.runway_days ? format_whole_points(std::floor(*p.runway_days)) + " days" : "-");
        } else {
            out << figure("year-so-far", "Year " + std::to_string(p.figures.year) + " so far",
                          format_points(p.figures.year_so_far.points) + " (" +
                              std::to_string(p.figures.year_so_far.known_days) + " of " +
                              std::to_string(p.figures.year_so_far.range.days()) + " days known)");
            if (p.projection) {
                out << figure("projection", "Projected year", format_points(p.projection->total),
                              number_attr(p.projection->total));
            }
            out << figure("commitment", "Yearly commitment",
                          p.figures.commitment ? format_points(*p.figures.commitment) : "none set");
            if (p.commitment_gap) {
                out << figure("commitment-gap", *p.commitment_gap < 0 ? "Shortfall" : "Surplus",
                              format_points(std::fabs(*p.commitment_gap)));
            }
        }
    }
    out << "</dl>\n";
    return out.str();
}

// Whether the pending plan applies, in part (customers left out by their errors or by protect) or not at all (a
// policy).
std::string applyable_words(const Plan& plan) {
    if (!plan.applyable()) {
        return "no (a policy blocks it)";
    }
    const std::size_t failed = plan.failed_customers().size();
    const std::size_t blocked = plan.blocked_customers().size();
    if (failed == 0 && blocked == 0) {
        return "yes";
    }
    std::string out = "yes, without ";
    if (failed > 0) {
        out += count_of(failed, "customer", "customers") + " left out by errors" + (blocked > 0 ? " and " : "");
    }
    if (blocked > 0) {
        out += count_of(blocked, "customer", "customers") + " blocked by protect";
    }
    return out;
}

std::string pending_plan(const DashboardData& d) {
    if (!d.pending) {
        return "";
    }
    const PlanSummary s = summarize(*d.pending);
    std::ostringstream out;
    out << "<h2>Pending plan</h2>\n<dl class=\"figures\">\n"
        << figure("pending-changes", "Changes", std::to_string(d.pending->changes.size()))
        << figure("pending-delta-day", "Δ points/day", format_points(s.delta_per_day, true),
                  number_attr(s.delta_per_day))
        << figure("pending-delta-month", "Δ per 30-day month", format_points(s.delta_per_month, true))
        << figure(s.totals_complete ? "pending-program" : "pending-changed-customers",
                  s.totals_complete ? "Program points/day" : "Changed customers' points/day (program not refreshed)",
                  format_points(s.per_day_before) + " → " + format_points(s.per_day_after));
    if (s.totals_complete) {  // the customers of the plan and these make the program
        out << figure("pending-outside", "Accounts outside this plan, unchanged",
                      format_points(s.other_accounts_per_day));
    }
    out << figure("pending-applyable", "Can be applied", applyable_words(*d.pending)) << "</dl>\n";
    const auto list = [&out](const std::string& title, const std::vector<std::string>& items) {
        if (items.empty()) {
            return;
        }
        out << "<p>" << e(title) << "</p>\n<ul>\n";
        for (const auto& item : items) {
            out << "<li>" << e(item) << "</li>\n";
        }
        out << "</ul>\n";
    };
    if (const std::string note = never_used_note(s); !note.empty()) {
        out << "<p>" << e("Note: " + note) << "</p>\n";
    }
    list("Blocked by:", blocking_reasons(*d.pending));
    list("Merged, not yet applied:", d.pending->unapplied_customers);
    list("No longer declared (flexform leaves their accounts as they are):", d.pending->removed_customers);
    out << "<p>Plan digest <code>" << e(plan_digest(*d.pending)) << "</code>, made " << e(d.pending->created_at)
        << ".</p>\n";
    return out.str();
}

std::string no_history_note(const DashboardData& d) {
    return "<p class=\"note\">" + e(d.history_note.empty() ? "no stored history yet" : d.history_note) + "</p>\n";
}

std::string program_page(const DashboardData& d, const std::vector<std::string>& days) {
    std::ostringstream body;
    body << program_figures(d) << pending_plan(d);
    if (d.history && !days.empty()) {
        ChartSeries series{"program", {}, true, unknown_days(*d.history, days)};
        for (const auto& row : d.history->rows) {
            series.values[row.key] = row.points;
        }
        body << "<h2>Points per day</h2>\n"
             << chart_with_table(days, series,
                                 "Points per day of the program, " + days.front() + " to " + days.back() +
                                     ", from the consumption store")
             << coverage_note(*d.history);
    } else {
        body << "<h2>Points per day</h2>\n" << no_history_note(d);
    }
    std::vector<std::string> warnings;
    if (d.program_report) {
        ProgramReport own = *d.program_report;
        own.budgets.clear();  // the dashboard's budgets and ending entitlements are below, from its own read
        own.ending.clear();
        warnings = program_warnings(own);
    }
    for (const auto& ending : d.ending) {
        warnings.push_back(ending_message(ending));
    }
    for (const auto& b : d.budgets) {
        if (b.status == PolicyStatus::warn || b.status == PolicyStatus::block) {
            warnings.push_back(over_budget_warning(b));
        }
    }
    if (d.drift && !d.drift->in_sync()) {
        warnings.push_back(count_of(static_cast<std::size_t>(d.drift->drifted()), "difference", "differences") +
                           " between FortiFlex and git (" + d.drift_source + "): see the tenants");
    }
    if (!warnings.empty()) {
        body << "<h2>Needs attention</h2>\n<ul>\n";
        for (const auto& w : warnings) {
            body << "<li class=\"status-bad\">" << e(w) << "</li>\n";
        }
        body << "</ul>\n";
    }
    return page(d, "FortiFlex program " + program_label(d), "", body.str(), false);
}

struct TenantFacts {
    std::string budget = "none";
    std::string budget_class;
    std::string drift = "-";
    std::string drift_class;
    int drift_items = 0;
};

TenantFacts facts_of(const DashboardData& d, const AccountStatus& a) {
    TenantFacts f;
    for (const auto& b : d.budgets) {
        if (b.subject != a.customer) {
            continue;
        }
        const bool over = b.status == PolicyStatus::warn || b.status == PolicyStatus::block;
        if (f.budget == "none" || over) {
            f.budget = over                               ? "over (" + std::string(to_string(b.rule)) + ")"
                       : b.status == PolicyStatus::waived ? "waived"
                                                          : "within";
            f.budget_class = over ? "status-bad" : "status-ok";
        }
    }
    if (d.drift && !a.customer.empty()) {
        for (const auto& item : d.drift->items) {
            if (!item.ignored && (item.address == a.customer || item.address.rfind(a.customer + "/", 0) == 0)) {
                ++f.drift_items;
            }
        }
        f.drift =
            f.drift_items ? count_of(static_cast<std::size_t>(f.drift_items), "difference", "differences") : "in sync";
        f.drift_class = f.drift_items ? "status-bad" : "status-ok";
    } else if (a.customer.empty()) {
        f.drift = "no manifest";
        f.drift_class = "status-warn";
    }
    return f;
}

std::string join_map(const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [key, n] : counts) {
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + key;
    }
    return out.empty() ? "none" : out;
}

std::string labels_of(const DashboardData& d, const std::string& customer) {
    if (!d.desired) {
        return "";
    }
    const Customer* c = d.desired->find_customer(customer);
    std::string out;
    if (c) {
        for (const auto& [k, v] : c->labels) {
            out += (out.empty() ? "" : ", ") + k + "=" + v;
        }
    }
    return out;
}

std::string tenants_page(const DashboardData& d) {
    const auto last30 = by_account(d.last30);
    const auto month = by_account(d.month);
    std::ostringstream body;
    body << "<p>" << count_of(d.status.accounts.size(), "account", "accounts") << ", "
         << format_points(d.status.points_per_day) << " points/day in all.</p>\n"
         << "<label for=\"filter\" class=\"noprint\"></label><input type=\"search\" id=\"filter\" hidden "
            "placeholder=\"Filter tenants\" aria-label=\"Filter tenants\">\n"
         << "<table id=\"tenants\" class=\"cards\"><caption>Every tenant account of the program</caption><thead><tr>";
    const std::vector<std::pair<const char*, const char*>> columns = {
        {"Account", "number"},    {"Customer", "text"},     {"Labels", "text"},         {"Configurations", "text"},
        {"Entitlements", "text"}, {"Points/day", "number"}, {"Last 30 days", "number"}, {"Month to date", "number"},
        {"Budget", "text"},       {"Drift", "text"}};
    for (const auto& [name, type] : columns) {
        const bool numeric = std::string(type) == "number";
        body << "<th scope=\"col\"" << (numeric ? " class=\"n\"" : "") << "><button type=\"button\" data-type=\""
             << type << "\">" << name << "</button></th>";
    }
    body << "</tr></thead><tbody>\n";
    for (const auto& a : d.status.accounts) {
        const TenantFacts f = facts_of(d, a);
        const auto cell = [](const char* label, const std::string& text, const std::string& value = "",
                             const std::string& css = "") {
            return "<td data-label=\"" + std::string(label) + "\"" +
                   (value.empty() ? "" : " data-value=\"" + value + "\"") +
                   (css.empty() ? "" : " class=\"" + css + "\"") + ">" + text + "</td>";
        };
        const double l30 = last30.count(a.account_id) ? last30.at(a.account_id) : 0.0;
        const double mtd = month.count(a.account_id) ? month.at(a.account_id) : 0.0;
        body << "<tr data-account=\"" << a.account_id << "\">"
             << cell("Account", std::to_string(a.account_id), std::to_string(a.account_id))
             << cell("Customer",
                     "<a href=\"customers/" + e(page_slug(a)) + ".html\">" +
                         e(a.customer.empty() ? "(no manifest)" : a.customer) + "</a>",
                     e(a.customer))
             << cell("Labels", e(labels_of(d, a.customer)))
             << cell("Configurations",
                     e(a.refused
                           ? "FortiFlex refused to list it: " + *a.refused
                           : join_map(a.configs_by_product) +
                                 (a.configs_disabled ? " (" + std::to_string(a.configs_disabled) + " disabled)" : "")))
             << cell("Entitlements", e(join_map(a.entitlements_by_status)))
             << cell("Points/day", format_points(a.points_per_day), number_attr(a.points_per_day), "n")
             << cell("Last 30 days", d.last30 ? format_points(l30) : "-", number_attr(l30), "n")
             << cell("Month to date", d.month ? format_points(mtd) : "-", number_attr(mtd), "n")
             << cell("Budget", e(f.budget), "", f.budget_class) << cell("Drift", e(f.drift), "", f.drift_class)
             << "</tr>\n";
    }
    body << "</tbody></table>\n";
    if (d.last30) {
        body << coverage_note(*d.last30);
    }
    if (!d.status.offers.empty()) {
        body << "<h2>By offer</h2>\n<table id=\"offers\"><caption>Customers, devices and points of each offer"
             << "</caption><thead><tr><th scope=\"col\">Offer</th><th scope=\"col\">Label</th>"
             << "<th scope=\"col\" class=\"n\">Customers</th><th scope=\"col\" class=\"n\">Configurations</th>"
             << "<th scope=\"col\" class=\"n\">Devices</th><th scope=\"col\" class=\"n\">Points/day</th>"
             << "<th scope=\"col\" class=\"n\">Per 30-day month</th></tr></thead><tbody>\n";
        for (const auto& o : d.status.offers) {
            body << "<tr><td>" << e(o.offer) << "</td><td>" << e(o.label) << "</td><td class=\"n\">" << o.customers
                 << "</td><td class=\"n\">" << o.configurations << "</td><td class=\"n\">" << o.devices
                 << "</td><td class=\"n\">" << format_points(o.points_per_day) << "</td><td class=\"n\">"
                 << format_points(o.points_per_day * 30.0) << "</td></tr>\n";
        }
        body << "</tbody></table>\n";
    }
    return page(d, "Tenants of " + program_label(d), "", body.str(), true);
}

std::string customer_page(const DashboardData& d, const AccountStatus& a, const std::vector<std::string>& days,
                          const Catalog& catalog) {
    const std::string name = a.customer.empty() ? "account " + std::to_string(a.account_id) : a.customer;
    std::ostringstream body;
    const TenantFacts f = facts_of(d, a);
    body << "<dl class=\"figures\">\n"
         << figure("account", "Account", std::to_string(a.account_id))
         << figure("customer-per-day", "Points/day now", format_points(a.points_per_day), number_attr(a.points_per_day))
         << figure("budget", "Budget", f.budget) << figure("drift", "Drift", f.drift) << "</dl>\n";
    if (d.customer_daily && !days.empty()) {
        // The program's days: a day the program has figures for and this customer none is a zero, not a gap.
        ChartSeries series{name, {}, true, unknown_days(*d.customer_daily, days)};
        const auto& daily = d.customer_daily->daily_by_customer;
        if (const auto it = daily.find(name); it != daily.end()) {
            series.values = it->second;
        }
        body << "<h2>Points per day</h2>\n"
             << chart_with_table(days, series,
                                 "Points per day of " + name + ", " + days.front() + " to " + days.back());
    } else if (d.customer_daily) {
        body << "<h2>Points per day</h2>\n" << no_history_note(d);
    }
    std::map<std::int64_t, std::string> config_names;
    body << "<h2>Configurations</h2>\n<table class=\"cards\"><caption>The configurations of " << e(name)
         << " in FortiFlex</caption><thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Name"
            "</th><th scope=\"col\">Product</th><th scope=\"col\">Status</th><th scope=\"col\">Parameters</th></tr>"
            "</thead><tbody>\n";
    for (const auto& c : a.configs) {
        config_names[c.id] = c.name;
        body << "<tr><td data-label=\"ID\">" << c.id << "</td><td data-label=\"Name\">" << e(c.name)
             << "</td><td data-label=\"Product\">" << e(product_code(c.product_id, catalog))
             << "</td><td data-label=\"Status\">" << (c.active ? "ACTIVE" : "DISABLED")
             << "</td><td data-label=\"Parameters\">" << e(format_parameters(c.product_id, c.parameters, catalog))
             << "</td></tr>\n";
    }
    body << "</tbody></table>\n";
    std::map<std::string, double> points;
    if (d.devices30) {
        for (const auto& row : d.devices30->rows) {
            if (row.account_id == a.account_id) {
                points[row.key] = row.points;
            }
        }
    }
    std::vector<const LiveEntitlement*> devices;
    for (const auto& en : a.entitlements) {
        devices.push_back(&en);
    }
    std::sort(devices.begin(), devices.end(), [&](const LiveEntitlement* x, const LiveEntitlement* y) {
        return points[x->serial] != points[y->serial] ? points[x->serial] > points[y->serial] : x->serial < y->serial;
    });
    body << "<h2>Devices, top consumers first</h2>\n<table class=\"cards\" id=\"devices\"><caption>Every "
            "entitlement of "
         << e(name)
         << ", the most points of the last 30 days first</caption><thead><tr>"
            "<th scope=\"col\">Serial</th><th scope=\"col\">Configuration</th><th scope=\"col\">Status</th>"
            "<th scope=\"col\">Start</th><th scope=\"col\">End</th><th scope=\"col\" class=\"n\">Points, last 30 days"
            "</th></tr></thead><tbody>\n";
    for (const LiveEntitlement* en : devices) {
        const auto cn = config_names.find(en->config_id);
        body << "<tr data-serial=\"" << e(en->serial) << "\"><td data-label=\"Serial\">" << e(en->serial)
             << "</td><td data-label=\"Configuration\">"
             << e(cn != config_names.end() ? cn->second : std::to_string(en->config_id))
             << "</td><td data-label=\"Status\">" << e(en->status_text) << "</td><td data-label=\"Start\">"
             << (en->start_date ? to_string(*en->start_date) : "") << "</td><td data-label=\"End\">"
             << (en->end_date ? to_string(*en->end_date) : "") << "</td><td data-label=\"Points, last 30 days\" "
             << "class=\"n\" data-value=\"" << number_attr(points[en->serial]) << "\">"
             << (d.devices30 ? format_points(points[en->serial]) : "-") << "</td></tr>\n";
    }
    body << "</tbody></table>\n";
    if (d.drift && f.drift_items > 0) {
        body << "<h2>Differences from git</h2>\n<ul>\n";
        for (const auto& item : d.drift->items) {
            if (!item.ignored && (item.address == a.customer || item.address.rfind(a.customer + "/", 0) == 0)) {
                const PhrasedDrift words = drift_words(item, catalog);
                // The finding's address and words, never its machine kind (entitlement_missing...).
                body << "<li><strong>" << e(item.address) << "</strong>: " << e(words.message) << " (apply would: "
                     << e(words.remedy) << ")</li>\n";
            }
        }
        body << "</ul>\n";
    }
    return page(d, name, "../", body.str(), false);
}

}  // namespace

std::map<std::string, std::string> render_dashboard(const DashboardData& data, const Catalog& catalog) {
    std::map<std::string, std::string> files;
    files["style.css"] = k_style;
    const std::vector<std::string> days = chart_days(data);
    files["index.html"] = program_page(data, days);
    files["tenants.html"] = tenants_page(data);
    for (const auto& a : data.status.accounts) {
        files["customers/" + page_slug(a) + ".html"] = customer_page(data, a, days, catalog);
    }
    return files;
}

namespace {

// The overview of a dashboard across programs: each program's rate and balance or commitment, linking to its site.
std::string programs_page(const std::vector<Named<DashboardData>>& programs) {
    const DashboardData& first = programs.front().report;
    double total = 0.0;
    std::ostringstream rows;
    for (const auto& [name, d] : programs) {
        total += d.status.points_per_day;
        std::string standing = "-";
        if (d.program_report && d.program_report->figures.program.prepaid) {
            const ProgramReport& p = *d.program_report;
            standing = "balance " +
                       (p.figures.balance ? format_whole_points(static_cast<double>(*p.figures.balance)) + " points"
                                          : "unknown") +
                       (p.runway_days ? ", " + format_whole_points(std::floor(*p.runway_days)) + " days of runway"
                                      : std::string());
        } else if (d.program_report) {
            const ProgramReport& p = *d.program_report;
            standing = p.figures.commitment ? "commitment " + format_points(*p.figures.commitment) +
                                                  (p.projection ? ", projected " + format_points(p.projection->total)
                                                                : std::string())
                                            : "no commitment set";
        }
        const bool prepaid = d.program_report && d.program_report->figures.program.prepaid;
        rows << "<tr data-program=\"" << e(name) << "\"><td data-label=\"Program\"><a href=\"programs/" << e(name)
             << "/index.html\">" << e(name) << "</a></td><td data-label=\"Serial\"><code>" << e(d.program)
             << "</code></td><td data-label=\"Type\">" << (prepaid ? "prepaid" : "postpaid")
             << "</td><td data-label=\"Points/day\" class=\"n\" data-value=\"" << number_attr(d.status.points_per_day)
             << "\">" << format_points(d.status.points_per_day) << "</td><td data-label=\"Per 30-day month\" class=\"n\">"
             << format_points(d.status.points_per_day * 30.0) << "</td><td data-label=\"Balance or commitment\">"
             << e(standing) << "</td></tr>\n";
    }
    const std::string project = project_label(first);
    const std::string title = "FortiFlex programs";
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" << k_dashboard_generator_mark
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self' file:\">"
        << "<title>" << e(project.empty() ? title : project + ": " + title)
        << "</title><link rel=\"stylesheet\" href=\"style.css\"></head><body>\n<header><h1>"
        << (project.empty() ? std::string() : "<span class=\"project\">" + e(project) + "</span> ") << e(title)
        << "</h1></header>\n<main>\n<dl class=\"figures\">\n"
        << figure("total-per-day", "All programs, points/day", format_points(total), number_attr(total))
        << figure("total-per-month", "Per 30-day month", format_points(total * 30.0)) << "</dl>\n"
        << "<table class=\"cards\"><thead><tr><th>Program</th><th>Serial</th><th>Type</th><th class=\"n\">Points/day</th>"
           "<th class=\"n\">Per 30-day month</th><th>Balance or commitment</th></tr></thead><tbody>\n"
        << rows.str() << "</tbody><tfoot><tr><th>Total</th><td></td><td></td><th class=\"n\" data-figure=\"total\">"
        << format_points(total) << "</th><th class=\"n\">" << format_points(total * 30.0)
        << "</th><td></td></tr></tfoot></table>\n</main>\n<footer>Generated " << e(first.generated_at)
        << " (Pacific day " << to_string(first.today) << ") by flexform dashboard</footer>\n</body></html>\n";
    return out.str();
}

}  // namespace

std::map<std::string, std::string> render_dashboard(const std::vector<Named<DashboardData>>& programs,
                                                    const Catalog& catalog) {
    std::map<std::string, std::string> files;
    files["style.css"] = k_style;
    files["index.html"] = programs_page(programs);
    for (const auto& [name, data] : programs) {
        for (auto& [file, text] : render_dashboard(data, catalog)) {
            files["programs/" + name + "/" + file] = std::move(text);
        }
    }
    return files;
}

}  // namespace flexform
