#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/render/render.h"
#include "engine/render/reports.h"

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

}  // namespace

// ----- drift

std::string render_drift_text(const DriftReport& report) {
    std::ostringstream out;
    out << "flexform drift for program " << report.program << " (" << report.checked_customers
        << " customers checked)\n\n";
    if (report.in_sync()) {
        out << "In sync: FortiFlex matches git.";
        const int ignored = static_cast<int>(report.items.size()) - report.drifted();
        if (ignored > 0) {
            out << " (" << ignored << " known difference" << (ignored == 1 ? "" : "s") << " ignored)";
        }
        out << "\n";
        return out.str();
    }
    for (const auto& item : report.items) {
        if (item.ignored) {
            continue;
        }
        out << "! " << item.address << "\n    " << item.message << "\n    apply would: " << item.remedy << "\n";
    }
    out << "\nDrift: " << report.drifted() << (report.drifted() == 1 ? " difference" : " differences")
        << " between git and FortiFlex.\n";
    return out.str();
}

std::string render_drift_markdown(const DriftReport& report) {
    constexpr std::size_t k_limit = 65000;  // the size of one GitHub comment or issue body, with room to spare
    std::ostringstream head;
    head << "<!-- flexform-drift -->\n### flexform drift for `" << report.program << "`\n\n";
    if (report.in_sync()) {
        head << "In sync: FortiFlex matches git.\n";
        return head.str();
    }
    head << "**" << report.drifted() << " difference(s) between git and FortiFlex.**\n\n";
    head << "| Address | What changed | `apply` would |\n|---|---|---|\n";
    std::string out = head.str();
    int omitted = 0;
    for (const auto& item : report.items) {
        if (item.ignored) {
            continue;
        }
        std::string message = item.message;
        for (auto& c : message) {
            c = c == '|' ? '/' : c;
        }
        const std::string row = "| `" + item.address + "` | " + message + " | " + item.remedy + " |\n";
        if (omitted > 0 || out.size() + row.size() > k_limit - 200) {
            ++omitted;
            continue;
        }
        out += row;
    }
    if (omitted > 0) {
        out +=
            "\n_" + std::to_string(omitted) + " more difference(s) not shown; run `flexform drift` for all of them._\n";
    }
    return out;
}

std::string render_drift_json(const DriftReport& report) {
    json items = json::array();
    for (const auto& item : report.items) {
        items.push_back({{"address", item.address},
                         {"kind", std::string(to_string(item.kind))},
                         {"message", item.message},
                         {"remedy", item.remedy},
                         {"ignored", item.ignored}});
    }
    return json{{"program_serial_number", report.program},
                {"in_sync", report.in_sync()},
                {"drifted", report.drifted()},
                {"customers_checked", report.checked_customers},
                {"items", items}}
               .dump(2) +
           "\n";
}

// ----- status

std::string render_status_text(const StatusReport& report, std::optional<std::int64_t> detail, const Catalog& catalog) {
    std::ostringstream out;
    out << "Program " << report.program << ": " << report.accounts.size() << " accounts, "
        << format_points(report.points_per_day) << " points/day (" << format_points(report.points_per_day * 30.0)
        << " per 30-day month)\n\n";
    char line[512];
    std::snprintf(line, sizeof line, "%-10s %-22s %-42s %-30s %12s %14s\n", "ACCOUNT", "CUSTOMER", "CONFIGS",
                  "ENTITLEMENTS", "POINTS/DAY", "POINTS/MONTH");
    out << line;
    for (const auto& a : report.accounts) {
        if (detail && a.account_id != *detail) {
            continue;
        }
        std::string configs = join_counts(a.configs_by_product);
        if (a.configs_disabled) {
            configs += " (" + std::to_string(a.configs_disabled) + " disabled)";
        }
        std::snprintf(line, sizeof line, "%-10lld %-22s %-42s %-30s %12s %14s\n", static_cast<long long>(a.account_id),
                      customer_label(a).c_str(), configs.c_str(), join_counts(a.entitlements_by_status).c_str(),
                      format_points(a.points_per_day).c_str(), format_points(a.points_per_day * 30.0).c_str());
        out << line;
        if (!detail) {
            continue;
        }
        out << "\nConfigurations:\n";
        for (const auto& c : a.configs) {
            const ProductType* product = catalog.find_by_id(c.product_id);
            out << "  " << c.id << "  " << c.name << "  " << (product ? product->code : "?") << "  "
                << (c.active ? "ACTIVE" : "DISABLED") << "  " << canonical_key(c.parameters) << "\n";
        }
        out << "\nEntitlements:\n";
        for (const auto& e : a.entitlements) {
            out << "  " << e.serial << "  config " << e.config_id << "  " << e.status_text << "  ends "
                << (e.end_date ? to_string(*e.end_date) : "?")
                << (e.description.empty() ? "" : "  \"" + e.description + "\"") << "\n";
        }
    }
    return out.str();
}

std::string render_status_json(const StatusReport& report, std::optional<std::int64_t> detail, const Catalog& catalog) {
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
                                   {"parameters", canonical_key(c.parameters)}});
            }
            json entitlements = json::array();
            for (const auto& e : a.entitlements) {
                entitlements.push_back({{"serial_number", e.serial},
                                        {"config_id", e.config_id},
                                        {"status", e.status_text},
                                        {"end_date", e.end_date ? json(to_string(*e.end_date)) : json(nullptr)},
                                        {"description", e.description}});
            }
            entry["configs"] = configs;
            entry["entitlements"] = entitlements;
        }
        accounts.push_back(entry);
    }
    return json{{"program_serial_number", report.program},
                {"points_per_day", round2(report.points_per_day)},
                {"points_per_month", round2(report.points_per_day * 30.0)},
                {"accounts", accounts}}
               .dump(2) +
           "\n";
}

// ----- program

std::string render_program_text(const ProgramReport& r) {
    const ProgramFigures& f = r.figures;
    std::ostringstream out;
    out << "Program " << f.program.serial << " (" << (f.program.prepaid ? "prepaid" : "postpaid / MSSP") << "), "
        << (f.program.start ? to_string(*f.program.start) : "?") << " to "
        << (f.program.end ? to_string(*f.program.end) : "?") << ", owner account " << f.program.account_id << "\n";
    out << "Current rate: " << format_points(f.current_per_day) << " points/day ("
        << format_points(f.current_per_day * 30.0) << " per 30-day month)\n";
    if (f.program.prepaid) {
        out << "Balance: " << (f.balance ? std::to_string(*f.balance) : std::string("unknown")) << " points";
        if (r.runway_days) {
            out << ", about " << static_cast<long long>(*r.runway_days) << " days of runway";
        }
        out << "\n";
    } else {
        out << "Year " << f.year << ": " << format_points(f.year_to_date) << " points over " << f.days_covered
            << " days with data (" << f.days_elapsed << " days elapsed), average " << format_points(r.daily_average)
            << "/day\n";
        out << "Projected year: " << format_points(r.projected_year) << " points against a commitment of "
            << format_points(f.commitment) << ": " << (r.misses_commitment ? "shortfall of " : "surplus of ")
            << format_points(std::fabs(r.commitment_gap)) << "\n";
    }
    out << "Trend, last " << f.trend_days << " days: " << format_points(f.trend_last) << " points";
    if (r.trend_percent) {
        char percent[32];
        std::snprintf(percent, sizeof percent, "%+.1f%%", *r.trend_percent);
        out << " (" << percent << " against the " << f.trend_days << " days before)";
    }
    out << "\n";
    for (const auto& w : r.warnings) {
        out << "WARNING: " << w << "\n";
    }
    return out.str();
}

std::string render_program_json(const ProgramReport& r) {
    const ProgramFigures& f = r.figures;
    json out = {{"program_serial_number", f.program.serial},
                {"type", f.program.prepaid ? "prepaid" : "postpaid"},
                {"account_id", f.program.account_id},
                {"start_date", f.program.start ? json(to_string(*f.program.start)) : json(nullptr)},
                {"end_date", f.program.end ? json(to_string(*f.program.end)) : json(nullptr)},
                {"today", to_string(f.today)},
                {"current_points_per_day", round2(f.current_per_day)},
                {"trend",
                 {{"days", f.trend_days},
                  {"last", round2(f.trend_last)},
                  {"previous", round2(f.trend_previous)},
                  {"percent", r.trend_percent ? json(round2(*r.trend_percent)) : json(nullptr)}}},
                {"warnings", r.warnings}};
    if (f.program.prepaid) {
        out["balance"] = f.balance ? json(*f.balance) : json(nullptr);
        out["runway_days"] = r.runway_days ? json(round2(*r.runway_days)) : json(nullptr);
    } else {
        out["year"] = f.year;
        out["year_to_date"] = round2(f.year_to_date);
        out["days_covered"] = f.days_covered;
        out["days_elapsed"] = f.days_elapsed;
        out["daily_average"] = round2(r.daily_average);
        out["projected_year"] = round2(r.projected_year);
        out["commitment"] = f.commitment;
        out["commitment_gap"] = round2(r.commitment_gap);
        out["misses_commitment"] = r.misses_commitment;
    }
    return out.dump(2) + "\n";
}

}  // namespace flexform
