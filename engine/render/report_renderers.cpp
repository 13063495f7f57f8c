#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/model/words.h"
#include "engine/model/parameters_json.h"
#include "engine/render/colour.h"
#include "engine/render/drift_words.h"
#include "engine/render/escape.h"
#include "engine/render/explain.h"
#include "engine/render/policy_words.h"
#include "engine/render/program_words.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "engine/render/snapshot_words.h"

namespace flexform {

using nlohmann::json;

namespace {

double round2(double v) {
    return std::round(v * 100.0) / 100.0;
}

std::string customer_label(const AccountStatus& a) {
    return a.customer.empty() ? "(no manifest)" : a.customer;
}

std::string join_counts(const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [key, n] : counts) {
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + key;
    }
    return out.empty() ? "none" : out;
}

// The same words with each status in its colour ("3 ACTIVE, 1 STOPPED"), as wide on screen as join_counts'.
std::string painted_counts(const std::map<std::string, int>& counts, bool color) {
    std::string out;
    for (const auto& [key, n] : counts) {
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + paint(terminal_text(key), status_tone(key), color);
    }
    return out.empty() ? "none" : out;
}

}  // namespace

// ----- drift

namespace {

// How many findings --ignore hid, so an ignore pattern never silently hides more than meant.
std::string ignored_note(const DriftReport& report) {
    return report.ignored() > 0 ? " (" + count_of(report.ignored(), "more", "more") + " hidden by --ignore)" : "";
}

std::string points_cell(const DriftItem& item) {
    const auto points = points_against_git(item);
    return points ? format_points(*points, true) : "";
}

// "ELAVMS0000004711", or "postpaid (ELAVMS0000004711)" in a project of several programs.
std::string program_title(const DriftReport& report) {
    return report.program_name.empty()
               ? terminal_text(report.program)
               : terminal_text(report.program_name) + " (" + terminal_text(report.program) + ")";
}

// Several programs: each finding names its program.
std::string in_program(const DriftReport& report) {
    return report.program_name.empty() ? "" : "  (program " + terminal_text(report.program_name) + ")";
}

}  // namespace

std::string render_drift_text(const DriftReport& report, const Catalog& catalog, bool color) {
    std::ostringstream out;
    out << "flexform drift for program " << program_title(report) << " ("
        << count_of(static_cast<std::size_t>(report.checked_customers), "customer", "customers") << " checked)\n\n";
    if (report.in_sync()) {
        out << paint("In sync:", Tone::good, color) << " FortiFlex matches git.";
        if (report.ignored() > 0) {
            out << " (" << count_of(report.ignored(), "known difference", "known differences") << " ignored)";
        }
        out << "\n";
        return out.str();
    }
    for (const auto& item : report.items) {
        if (item.ignored) {
            continue;
        }
        const PhrasedDrift words = drift_words(item, catalog);
        out << paint("!", Tone::bad, color) << " " << terminal_text(item.address) << in_program(report) << "\n    "
            << terminal_text(words.message);
        if (const auto points = points_against_git(item)) {
            out << "\n    points: " << format_points(*points, true) << "/day in FortiFlex against git";
        }
        out << "\n    apply would: " << terminal_text(words.remedy) << "\n";
    }
    out << "\n"
        << paint("Drift:", Tone::caution, color) << " " << count_of(report.drifted(), "difference", "differences")
        << " between git and FortiFlex" << ignored_note(report) << ".\n";
    return out.str();
}

std::string render_drift_markdown(const DriftReport& report, const Catalog& catalog) {
    constexpr std::size_t k_limit = 65000;  // the size of one GitHub comment or issue body, with room to spare
    std::ostringstream head;
    head << "<!-- flexform-drift -->\n### flexform drift for ";
    if (report.program_name.empty()) {
        head << markdown_code_span(report.program) << "\n\n";
    } else {
        head << "program " << markdown_code_span(report.program_name) << " (" << markdown_code_span(report.program)
             << ")\n\n";
    }
    if (report.in_sync()) {
        head << "In sync: FortiFlex matches git.\n";
        return head.str();
    }
    head << "**" << count_of(static_cast<std::size_t>(report.drifted()), "difference", "differences")
         << " between git and FortiFlex" << ignored_note(report) << ".**\n\n";
    head << "| Address | What changed | Points/day | `apply` would |\n|---|---|---:|---|\n";
    std::string out = head.str();
    int omitted = 0;
    for (const auto& item : report.items) {
        if (item.ignored) {
            continue;
        }
        const PhrasedDrift words = drift_words(item, catalog);
        const std::string program =
            report.program_name.empty() ? "" : " (program " + markdown_cell(report.program_name) + ")";
        const std::string row = "| " + markdown_cell_code_span(item.address) + program + " | " +
                                markdown_cell(words.message) + " | " + points_cell(item) + " | " +
                                markdown_cell(words.remedy) + " |\n";
        if (omitted > 0 || out.size() + row.size() > k_limit - 200) {
            ++omitted;
            continue;
        }
        out += row;
    }
    if (omitted > 0) {
        out += "\n_" + count_of(static_cast<std::size_t>(omitted), "more difference", "more differences") +
               " not shown; run `flexform drift` for all of them._\n";
    }
    return out;
}

std::string render_drift_json(const DriftReport& report, const Catalog& catalog) {
    json items = json::array();
    for (const auto& item : report.items) {
        const PhrasedDrift words = drift_words(item, catalog);
        const auto points = points_against_git(item);
        items.push_back({{"address", item.address},
                         {"kind", std::string(to_string(item.kind))},
                         {"message", words.message},
                         {"remedy", words.remedy},
                         {"points_per_day", points ? json(std::round(*points * 100.0) / 100.0) : json(nullptr)},
                         {"ignored", item.ignored}});
        if (!report.program_name.empty()) {
            items.back()["program_name"] = report.program_name;
        }
        if (item.ending) {
            items.back()["end_date"] = to_string(item.ending->end_date);
            items.back()["days_left"] = item.ending->days_left;
        }
    }
    json out{{"program_serial_number", report.program},
             {"in_sync", report.in_sync()},
             {"drifted", report.drifted()},
             {"ignored", report.ignored()},
             {"customers_checked", report.checked_customers},
             {"items", items}};
    if (!report.program_name.empty()) {
        out["program_name"] = report.program_name;
    }
    return out.dump(2) + "\n";
}

std::string render_drift_text(const std::vector<DriftReport>& reports, const Catalog& catalog) {
    std::string out;
    int drifted = 0;
    for (const auto& report : reports) {
        out += render_drift_text(report, catalog) + "\n";
        drifted += report.drifted();
    }
    out += drifted == 0 ? "Every program is in sync with git.\n"
                        : "Drift across " + count_of(reports.size(), "program", "programs") + ": " +
                              count_of(static_cast<std::size_t>(drifted), "difference", "differences") + ".\n";
    return out;
}

std::string render_drift_markdown(const std::vector<DriftReport>& reports, const Catalog& catalog) {
    const std::string marker = "<!-- flexform-drift -->\n";
    std::string out = marker;
    for (const auto& report : reports) {
        std::string text = render_drift_markdown(report, catalog);
        if (text.compare(0, marker.size(), marker) == 0) {
            text.erase(0, marker.size());  // one marker per comment
        }
        out += text + "\n";
    }
    return out;
}

std::string render_drift_json(const std::vector<DriftReport>& reports, const Catalog& catalog) {
    json programs = json::array();
    bool in_sync = true;
    int drifted = 0;
    int ignored = 0;
    for (const auto& report : reports) {
        programs.push_back(json::parse(render_drift_json(report, catalog)));
        in_sync = in_sync && report.in_sync();
        drifted += report.drifted();
        ignored += report.ignored();
    }
    return json{{"in_sync", in_sync}, {"drifted", drifted}, {"ignored", ignored}, {"programs", programs}}.dump(2) +
           "\n";
}

// ----- status

namespace {

std::string configs_cell(const AccountStatus& a) {
    if (a.refused) {
        return "FortiFlex refused to list it: " + *a.refused;
    }
    std::string configs = join_counts(a.configs_by_product);
    if (a.configs_disabled) {
        configs += " (" + std::to_string(a.configs_disabled) + " disabled)";
    }
    return configs;
}

std::string account_detail(const AccountStatus& a, const Catalog& catalog, bool color) {
    std::map<std::int64_t, std::string> config_names;
    std::vector<std::vector<std::string>> configs;
    for (const auto& c : a.configs) {
        config_names[c.id] = c.name;
        configs.push_back({std::to_string(c.id), c.name, product_code(c.product_id, catalog),
                           c.active ? "ACTIVE" : "DISABLED", format_parameters(c.product_id, c.parameters, catalog)});
    }
    std::vector<std::vector<std::string>> entitlements;
    for (const auto& e : a.entitlements) {
        const auto name = config_names.find(e.config_id);
        entitlements.push_back(
            {e.serial, name != config_names.end() ? name->second : std::to_string(e.config_id), e.status_text,
             e.start_date ? to_string(*e.start_date) : "", e.end_date ? to_string(*e.end_date) : "",
             e.token_status == TokenStatus::none ? "" : std::string(to_string(e.token_status)), e.description});
    }
    // The STATUS column of each table in its colour.
    const auto status_column = [color](std::size_t column) -> CellPainter {
        return [color, column](std::size_t, std::size_t at, const std::string& cell) {
            return at == column ? paint(cell, status_tone(cell), color) : cell;
        };
    };
    return "\nConfigurations:\n" +
           format_painted_table({"ID", "NAME", "PRODUCT", "STATUS", "PARAMETERS"}, configs, {}, status_column(3)) +
           "\nEntitlements:\n" +
           format_painted_table({"SERIAL", "CONFIG", "STATUS", "START", "END", "TOKEN", "DESCRIPTION"}, entitlements,
                                {}, status_column(2));
}

}  // namespace

std::string render_status_text(const StatusReport& report, std::optional<std::int64_t> detail, const Catalog& catalog,
                               bool color) {
    std::ostringstream out;
    out << "Program " << terminal_text(report.program) << ": "
        << count_of(report.accounts.size(), "account", "accounts") << ", " << format_points(report.points_per_day)
        << " points/day (" << format_points(report.points_per_day * 30.0) << " per 30-day month)\n";
    if (report.read_from) {
        out << "From a snapshot in the store: " << terminal_text(snapshot_label(*report.read_from)) << "\n";
    }
    out << "\n";
    std::vector<std::vector<std::string>> rows;
    std::vector<const AccountStatus*> listed;
    const AccountStatus* shown = nullptr;
    for (const auto& a : report.accounts) {
        if (detail && a.account_id != *detail) {
            continue;
        }
        shown = &a;
        listed.push_back(&a);
        rows.push_back({std::to_string(a.account_id), customer_label(a), configs_cell(a),
                        a.refused ? "" : join_counts(a.entitlements_by_status), format_points(a.points_per_day),
                        format_points(a.points_per_day * 30.0)});
    }
    // An account FortiFlex refused, one no manifest declares, and each entitlement status in its colour.
    const CellPainter states = [&listed, color](std::size_t row, std::size_t column, const std::string& cell) {
        const AccountStatus& a = *listed[row];
        if (column == 1 && a.customer.empty()) {
            return paint(cell, Tone::caution, color);
        }
        if (column == 2 && a.refused) {
            return paint(cell, Tone::bad, color);
        }
        return column == 3 ? painted_counts(a.entitlements_by_status, color) : cell;
    };
    out << format_painted_table({"ACCOUNT", "CUSTOMER", "CONFIGS", "ENTITLEMENTS", "POINTS/DAY", "POINTS/MONTH"}, rows,
                                {false, false, false, false, true, true}, states);
    if (!detail && !report.offers.empty()) {
        std::vector<std::vector<std::string>> offer_rows;
        for (const auto& o : report.offers) {
            offer_rows.push_back({o.offer, o.label, std::to_string(o.customers), std::to_string(o.configurations),
                                  std::to_string(o.devices), format_points(o.points_per_day),
                                  format_points(o.points_per_day * 30.0)});
        }
        out << "\nBy offer:\n"
            << format_table({"OFFER", "LABEL", "CUSTOMERS", "CONFIGS", "DEVICES", "POINTS/DAY", "POINTS/MONTH"},
                            offer_rows, {false, false, true, true, true, true, true});
    }
    if (detail && shown) {
        out << account_detail(*shown, catalog, color);
    }
    return out.str();
}

namespace {

json status_document(const StatusReport& report, std::optional<std::int64_t> detail, const Catalog& catalog) {
    json accounts = json::array();
    for (const auto& a : report.accounts) {
        if (detail && a.account_id != *detail) {
            continue;
        }
        json entry = {{"account_id", a.account_id},
                      {"customer", a.customer.empty() ? json(nullptr) : json(a.customer)},
                      {"configs_by_product", a.configs_by_product},
                      {"configs_disabled", a.configs_disabled},
                      {"entitlements_by_status", a.entitlements_by_status},
                      {"points_per_day", round2(a.points_per_day)},
                      {"points_per_month", round2(a.points_per_day * 30.0)}};
        if (detail) {
            json configs = json::array();
            for (const auto& c : a.configs) {
                const ProductType* product = catalog.find_by_id(c.product_id);
                configs.push_back({{"id", c.id},
                                   {"name", c.name},
                                   {"product", product ? product->code : ""},
                                   {"status", c.active ? "ACTIVE" : "DISABLED"},
                                   {"parameters", product ? json(parameters_to_keyed_json(*product, c.parameters))
                                                          : json::object()}});
            }
            json entitlements = json::array();
            for (const auto& e : a.entitlements) {
                entitlements.push_back({{"serial_number", e.serial},
                                        {"config_id", e.config_id},
                                        {"status", e.status_text},
                                        {"start_date", e.start_date ? json(to_string(*e.start_date)) : json(nullptr)},
                                        {"end_date", e.end_date ? json(to_string(*e.end_date)) : json(nullptr)},
                                        {"token_status", e.token_status == TokenStatus::none
                                                             ? json(nullptr)
                                                             : json(std::string(to_string(e.token_status)))},
                                        {"description", e.description}});
            }
            entry["configs"] = configs;
            entry["entitlements"] = entitlements;
        }
        accounts.push_back(entry);
    }
    json document = {{"program_serial_number", report.program},
                     {"points_per_day", round2(report.points_per_day)},
                     {"points_per_month", round2(report.points_per_day * 30.0)},
                     {"snapshot", snapshot_json(report.read_from)},
                     {"accounts", accounts}};
    if (!report.offers.empty()) {
        json offers = json::array();
        for (const auto& o : report.offers) {
            offers.push_back({{"offer", o.offer},
                              {"label", o.label},
                              {"customers", o.customers},
                              {"configurations", o.configurations},
                              {"devices", o.devices},
                              {"points_per_day", round2(o.points_per_day)},
                              {"points_per_month", round2(o.points_per_day * 30.0)}});
        }
        document["offers"] = offers;
    }
    return document;
}

}  // namespace

std::string render_status_json(const StatusReport& report, std::optional<std::int64_t> detail, const Catalog& catalog) {
    return status_document(report, detail, catalog).dump(2) + "\n";
}

// ----- program

namespace {

std::string window_text(const WindowFigures& w) {
    std::string text = format_points(w.points) + " points over " + to_string(w.range);
    if (!w.complete()) {
        text += " (known for " + std::to_string(w.known_days) + " of " + std::to_string(w.range.days()) + " days)";
    }
    return text;
}

json window_json(const WindowFigures& w) {
    return {{"from", to_string(w.range.first)}, {"to", to_string(w.range.last)},
            {"days", w.range.days()},           {"known_days", w.known_days},
            {"store_days", w.store_days},       {"api_days", w.known_days - w.store_days},
            {"points", round2(w.points)},       {"complete", w.complete()}};
}

void postpaid_text(const ProgramReport& r, bool color, std::ostream& out) {
    const ProgramFigures& f = r.figures;
    const WindowFigures& y = f.year_so_far;
    out << "Year " << f.year << (f.past_year ? " (over)" : " so far") << ": " << window_text(y) << ", average "
        << format_points(r.daily_average) << "/day\n";
    if (r.projection) {
        const Projection& p = *r.projection;
        out << "Projected year: " << format_points(p.total) << " points = " << format_points(p.known_points)
            << " known (" << p.known_days << " days)";
        if (!p.zero.empty()) {
            out << " + " << p.zero.size() << " days before the first entitlement at zero";
        }
        if (p.unknown_days > 0) {
            out << " + " << p.unknown_days << " unknown days at " << unknown_basis_text(p.unknown_basis) << " ("
                << format_points(p.unknown_per_day) << "/day)";
        }
        out << " + " << p.remaining_days << " remaining days at the current rate ("
            << format_points(p.remaining_per_day) << "/day)\n";
        if (!p.zero.empty()) {
            out << "Assumed zero, before the program's first entitlement (" << to_string(*f.first_entitlement)
                << "): " << describe_days(p.zero) << "\n";
        }
        if (!p.estimated.empty()) {
            out << "Assumed at " << unknown_basis_text(p.unknown_basis) << ": " << describe_days(p.estimated) << "\n";
        }
    }
    if (f.commitment && r.commitment_gap) {
        out << (f.past_year ? "Actual" : "Projected") << " against the commitment of " << format_points(*f.commitment)
            << ": "
            << (*r.commitment_gap < 0 ? paint("shortfall", Tone::bad, color) : paint("surplus", Tone::good, color))
            << " of " << format_points(std::fabs(*r.commitment_gap))
            << (f.past_year && !y.complete() ? " (incomplete)" : "") << "\n";
    }
}

}  // namespace

std::string render_program_text(const ProgramReport& r, bool color) {
    const ProgramFigures& f = r.figures;
    std::ostringstream out;
    out << "Program " << terminal_text(f.program.serial) << " (" << (f.program.prepaid ? "prepaid" : "postpaid / MSSP")
        << "), " << (f.program.start ? to_string(*f.program.start) : "?") << " to "
        << (f.program.end ? to_string(*f.program.end) : "?") << ", owner account " << f.program.account_id << "\n";
    out << "Current rate: " << format_points(f.current_per_day) << " points/day ("
        << format_points(f.current_per_day * 30.0) << " per 30-day month)\n";
    if (f.program.prepaid) {
        out << "Balance: "
            << (f.balance ? format_whole_points(static_cast<double>(*f.balance)) : std::string("unknown")) << " points";
        if (r.runway_days) {
            out << ", about " << format_whole_points(std::floor(*r.runway_days)) << " days of runway";
        }
        out << "\n";
    } else {
        postpaid_text(r, color, out);
    }
    if (f.trend_last) {
        out << "Trend, last " << f.trend_days << " days: " << window_text(*f.trend_last);
        if (r.trend_percent) {
            char percent[32];
            std::snprintf(percent, sizeof percent, "%+.1f%%", *r.trend_percent);
            out << " (" << percent << " against the " << f.trend_days << " days before)";
        }
        out << "\n";
    }
    for (const auto& n : program_notes(r)) {
        out << "Note: " << terminal_text(n) << "\n";
    }
    for (const auto& w : program_warnings(r)) {
        out << paint("WARNING:", Tone::bad, color) << " " << terminal_text(w) << "\n";
    }
    return out.str();
}

namespace {

json program_document(const ProgramReport& r) {
    const ProgramFigures& f = r.figures;
    json out = {{"program_serial_number", f.program.serial},
                {"type", f.program.prepaid ? "prepaid" : "postpaid"},
                {"account_id", f.program.account_id},
                {"start_date", f.program.start ? json(to_string(*f.program.start)) : json(nullptr)},
                {"end_date", f.program.end ? json(to_string(*f.program.end)) : json(nullptr)},
                {"today", to_string(f.today)},
                {"current_points_per_day", round2(f.current_per_day)},
                {"notes", program_notes(r)},
                {"warnings", program_warnings(r)}};
    json trend = {{"days", f.trend_days},
                  {"percent", r.trend_percent ? json(round2(*r.trend_percent)) : json(nullptr)}};
    if (f.trend_last) {
        trend["last"] = window_json(*f.trend_last);
    }
    if (f.trend_previous) {
        trend["previous"] = window_json(*f.trend_previous);
    }
    out["trend"] = trend;
    json budgets = json::array();
    for (const auto& b : r.budgets) {
        budgets.push_back({{"customer", b.subject},
                           {"rule", std::string(to_string(b.rule))},
                           {"status", std::string(to_string(b.status))},
                           {"limit", b.limit},
                           {"value", b.value ? json(round2(*b.value)) : json(nullptr)},
                           {"detail", policy_detail(b)}});
    }
    out["budgets"] = budgets;
    out["over_budget"] = r.over_budget;
    json ending = json::array();
    for (const auto& e : r.ending) {
        ending.push_back({{"serial_number", e.serial},
                          {"account_id", e.account_id},
                          {"customer", e.customer.empty() ? json(nullptr) : json(e.customer)},
                          {"config", e.config},
                          {"status", std::string(to_string(e.status))},
                          {"end_date", to_string(e.end_date)},
                          {"days_left", e.days_left}});
    }
    out["ending"] = {{"within_days", r.ending_within_days}, {"entitlements", ending}};
    if (f.program.prepaid) {
        out["balance"] = f.balance ? json(*f.balance) : json(nullptr);
        out["runway_days"] = r.runway_days ? json(round2(*r.runway_days)) : json(nullptr);
    } else {
        out["year"] = f.year;
        out["past_year"] = f.past_year;
        out["days_in_year"] = f.days_in_year;
        out["year_so_far"] = window_json(f.year_so_far);
        out["daily_average"] = round2(r.daily_average);
        json projection = nullptr;
        if (r.projection) {
            const Projection& p = *r.projection;
            projection = {{"total", round2(p.total)},
                          {"method", "known days at their actual points; unknown days before the first entitlement "
                                     "at zero, the other unknown days at " +
                                         unknown_basis_text(p.unknown_basis) + "; remaining days at the current rate"},
                          {"known", {{"days", p.known_days}, {"points", round2(p.known_points)}}},
                          {"before_first_entitlement",
                           {{"days", p.zero.size()},
                            {"first_entitlement", f.first_entitlement ? json(to_string(*f.first_entitlement))
                                                                      : json(nullptr)},
                            {"dates", p.zero.empty() ? json(nullptr) : json(describe_days(p.zero))},
                            {"points", 0.0}}},
                          {"unknown",
                           {{"days", p.unknown_days},
                            {"dates", p.estimated.empty() ? json(nullptr) : json(describe_days(p.estimated))},
                            {"basis", unknown_basis_text(p.unknown_basis)},
                            {"points_per_day", round2(p.unknown_per_day)},
                            {"points", round2(p.unknown_per_day * p.unknown_days)}}},
                          {"remaining",
                           {{"days", p.remaining_days},
                            {"basis", "the current rate"},
                            {"points_per_day", round2(p.remaining_per_day)},
                            {"points", round2(p.remaining_per_day * p.remaining_days)}}}};
        }
        out["projection"] = projection;
        out["commitment"] = f.commitment ? json(*f.commitment) : json(nullptr);
        out["commitment_gap"] = r.commitment_gap ? json(round2(*r.commitment_gap)) : json(nullptr);
        out["misses_commitment"] = r.misses_commitment;
    }
    return out;
}

std::string total_rate_line(std::size_t programs, double points_per_day) {
    return "Total across " + std::to_string(programs) + " programs: " + format_points(points_per_day) +
           " points/day (" + format_points(points_per_day * 30.0) + " per 30-day month)";
}

}  // namespace

std::string render_program_json(const ProgramReport& r) {
    return program_document(r).dump(2) + "\n";
}

// ----- across programs: each program's section, then the total

std::string render_status_text(const std::vector<Named<StatusReport>>& reports, std::optional<std::int64_t> detail,
                               const Catalog& catalog) {
    std::ostringstream out;
    std::set<std::int64_t> accounts;
    for (const auto& [name, report] : reports) {
        out << "== " << terminal_text(name) << " ==\n" << render_status_text(report, detail, catalog) << "\n";
        for (const auto& a : report.accounts) {
            accounts.insert(a.account_id);
        }
    }
    out << total_rate_line(reports.size(), points_per_day_of(reports)) << ", "
        << count_of(accounts.size(), "account", "accounts") << "\n";
    return out.str();
}

std::string render_status_json(const std::vector<Named<StatusReport>>& reports, std::optional<std::int64_t> detail,
                               const Catalog& catalog) {
    json programs = json::array();
    for (const auto& [name, report] : reports) {
        json document = status_document(report, detail, catalog);
        document["name"] = name;
        programs.push_back(std::move(document));
    }
    const double total = points_per_day_of(reports);
    return json{{"programs", programs},
                {"points_per_day", round2(total)},
                {"points_per_month", round2(total * 30.0)}}
               .dump(2) +
           "\n";
}

std::string render_program_text(const std::vector<Named<ProgramReport>>& reports) {
    std::ostringstream out;
    for (const auto& [name, report] : reports) {
        out << "== " << terminal_text(name) << " ==\n" << render_program_text(report) << "\n";
    }
    out << total_rate_line(reports.size(), points_per_day_of(reports)) << "\n";
    return out.str();
}

std::string render_program_json(const std::vector<Named<ProgramReport>>& reports) {
    json programs = json::array();
    for (const auto& [name, report] : reports) {
        json document = program_document(report);
        document["name"] = name;
        programs.push_back(std::move(document));
    }
    const double total = points_per_day_of(reports);
    return json{{"programs", programs},
                {"current_points_per_day", round2(total)},
                {"current_points_per_month", round2(total * 30.0)}}
               .dump(2) +
           "\n";
}

}  // namespace flexform
