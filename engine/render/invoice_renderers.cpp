// Invoices as CSV (one row per customer and per device), JSON and markdown.
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/render/consumption_text.h"
#include "engine/render/render.h"
#include "engine/model/words.h"
#include "engine/render/reports.h"

namespace flexform {

namespace {

std::string points_text(std::int64_t centipoints) {
    return format_cents(centipoints);  // points carry two decimals, like cents
}

std::string month_label(const Invoice& invoice) {
    return to_string(invoice.month.first).substr(0, 7);
}

std::string incomplete_note(const Invoice& invoice) {
    return "INCOMPLETE: the store lacks " + std::to_string(invoice.missing_days.size()) + " of the " +
           std::to_string(invoice.month.days()) + " days (" + describe_days(invoice.missing_days) +
           "); these figures undercharge for them";
}

}  // namespace

std::string render_invoice_csv(const Invoice& invoice) {
    std::string out = "line,customer,account_id,serial,configuration,points,days_active,unit_price,currency,amount\n";
    for (const auto& c : invoice.customers) {
        const std::string price = c.price ? format_micros(c.price->price_micros) : "";
        const std::string currency = c.price ? csv_text(c.price->currency) : "";
        out += "customer," + csv_text(c.name) + "," + std::to_string(c.account_id) + ",,," +
               points_text(c.centipoints) + "," + std::to_string(c.active_days) + "," + price + "," + currency + "," +
               (c.amount_cents ? format_cents(*c.amount_cents) : "") + "\n";
        for (const auto& d : c.devices) {
            out += "device," + csv_text(c.name) + "," + std::to_string(c.account_id) + "," + csv_text(d.serial) + "," +
                   csv_text(d.configuration) + "," + points_text(d.centipoints) + "," + std::to_string(d.active_days) +
                   "," + price + "," + currency + "," + (d.amount_cents ? format_cents(*d.amount_cents) : "") + "\n";
        }
    }
    return out;
}

std::string render_invoice_json(const Invoice& invoice) {
    using nlohmann::json;
    json customers = json::array();
    for (const auto& c : invoice.customers) {
        json devices = json::array();
        for (const auto& d : c.devices) {
            devices.push_back({{"serial", d.serial},
                               {"configuration", d.configuration},
                               {"points", points_text(d.centipoints)},
                               {"days_active", d.active_days},
                               {"amount", d.amount_cents ? json(format_cents(*d.amount_cents)) : json(nullptr)}});
        }
        customers.push_back({{"customer", c.name},
                             {"account_id", c.account_id},
                             {"declared", c.declared},
                             {"points", points_text(c.centipoints)},
                             {"days_active", c.active_days},
                             {"unit_price", c.price ? json(format_micros(c.price->price_micros)) : json(nullptr)},
                             {"currency", c.price ? json(c.price->currency) : json(nullptr)},
                             {"price_basis", c.price ? json(c.price->basis) : json(nullptr)},
                             {"amount", c.amount_cents ? json(format_cents(*c.amount_cents)) : json(nullptr)},
                             {"devices", devices}});
    }
    json totals = json::object();
    for (const auto& [currency, cents] : invoice.amount_cents_by_currency) {
        totals[currency] = format_cents(cents);
    }
    json missing = json::array();
    for (const auto& d : invoice.missing_days) {
        missing.push_back(to_string(d));
    }
    // Money and points as decimal strings: a JSON number would pass through binary floating point.
    return json{{"program_serial_number", invoice.program},
                {"month", month_label(invoice)},
                {"from", to_string(invoice.month.first)},
                {"to", to_string(invoice.month.last)},
                {"source", invoice.source},
                {"generated_at", invoice.generated_at},
                {"complete", invoice.complete()},
                {"missing_days", missing},
                {"points", points_text(invoice.centipoints)},
                {"amounts", totals},
                {"customers", customers}}
               .dump(2) +
           "\n";
}

std::string render_invoice_markdown(const Invoice& invoice) {
    std::ostringstream out;
    out << "## Consumption invoice " << month_label(invoice) << " for " << markdown_text(invoice.program) << "\n\n";
    if (!invoice.complete()) {
        out << "> **" << incomplete_note(invoice) << "**\n\n";
    }
    out << "| Customer | Account | Points | Days active | Unit price | Amount |\n|---|---:|---:|---:|---:|---:|\n";
    for (const auto& c : invoice.customers) {
        out << "| " << markdown_cell(c.name) << " | " << c.account_id << " | " << points_text(c.centipoints) << " | "
            << c.active_days << " | "
            << (c.price ? format_micros(c.price->price_micros) + " " + markdown_cell(c.price->currency) : "no terms")
            << " | " << (c.amount_cents ? format_cents(*c.amount_cents) + " " + markdown_cell(c.price->currency) : "")
            << " |\n";
    }
    out << "| **Total** | | **" << points_text(invoice.centipoints) << "** | | |";
    for (const auto& [currency, cents] : invoice.amount_cents_by_currency) {
        out << " **" << format_cents(cents) << " " << markdown_cell(currency) << "**";
    }
    out << " |\n";
    for (const auto& c : invoice.customers) {
        if (c.devices.empty()) {
            continue;
        }
        out << "\n### " << markdown_text(c.name) << " (account " << c.account_id << ")\n\n"
            << "| Serial | Configuration | Points | Days active | Amount |\n|---|---|---:|---:|---:|\n";
        for (const auto& d : c.devices) {
            out << "| " << markdown_cell(d.serial) << " | " << markdown_cell(d.configuration) << " | "
                << points_text(d.centipoints) << " | " << d.active_days << " | "
                << (d.amount_cents ? format_cents(*d.amount_cents) : "") << " |\n";
        }
    }
    out << "\nFrom " << markdown_text(invoice.source) << ", generated " << invoice.generated_at
        << ". Amounts are rounded half up to the cent per device; a customer's amount is the sum of its devices.\n";
    return out.str();
}

std::string render_invoice_warning(const Invoice& invoice) {
    if (invoice.complete()) {
        return {};
    }
    return "WARNING: the invoice for " + to_string(invoice.month.first).substr(0, 7) + " lacks " +
           count_of(invoice.missing_days.size(), "day", "days") + ": " + describe_days(invoice.missing_days) + "\n";
}

}  // namespace flexform
