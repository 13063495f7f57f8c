// Invoices as CSV (one row per customer and per device), JSON, markdown and printable HTML; whole or one customer's.
#include <algorithm>
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

// An invoice across programs names each line's program.
bool across_programs(const Invoice& invoice) {
    return !invoice.programs.empty();
}

std::string programs_text(const Invoice& invoice) {
    std::string out;
    for (const auto& name : invoice.programs) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

std::string incomplete_note(const Invoice& invoice) {
    return "INCOMPLETE: the store lacks " + std::to_string(invoice.missing_days.size()) + " of the " +
           std::to_string(invoice.month.days()) + " days (" + describe_days(invoice.missing_days) +
           "); these figures undercharge for them";
}

}  // namespace

std::string render_invoice_csv(const Invoice& invoice) {
    const bool programs = across_programs(invoice);
    std::string out = std::string("line,customer,") + (programs ? "program," : "") +
                      "account_id,serial,configuration,points,days_active,unit_price,currency,amount\n";
    for (const auto& c : invoice.customers) {
        const std::string price = c.price ? format_micros(c.price->price_micros) : "";
        const std::string currency = c.price ? csv_text(c.price->currency) : "";
        const std::string program = programs ? csv_text(c.program) + "," : "";
        out += "customer," + csv_text(c.name) + "," + program + std::to_string(c.account_id) + ",,," +
               points_text(c.centipoints) + "," + std::to_string(c.active_days) + "," + price + "," + currency + "," +
               (c.amount_cents ? format_cents(*c.amount_cents) : "") + "\n";
        for (const auto& d : c.devices) {
            out += "device," + csv_text(c.name) + "," + program + std::to_string(c.account_id) + "," + csv_text(d.serial) + "," +
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
        json entry = {{"customer", c.name},
                             {"account_id", c.account_id},
                             {"declared", c.declared},
                             {"points", points_text(c.centipoints)},
                             {"days_active", c.active_days},
                             {"unit_price", c.price ? json(format_micros(c.price->price_micros)) : json(nullptr)},
                             {"currency", c.price ? json(c.price->currency) : json(nullptr)},
                             {"price_basis", c.price ? json(c.price->basis) : json(nullptr)},
                             {"amount", c.amount_cents ? json(format_cents(*c.amount_cents)) : json(nullptr)},
                             {"devices", devices}};
        if (across_programs(invoice)) {
            entry["program"] = c.program;
        }
        customers.push_back(std::move(entry));
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
    json document = {{"program_serial_number", invoice.program.empty() ? json(nullptr) : json(invoice.program)},
                {"customer", invoice.customer.empty() ? json(nullptr) : json(invoice.customer)},
                {"month", month_label(invoice)},
                {"from", to_string(invoice.month.first)},
                {"to", to_string(invoice.month.last)},
                {"source", invoice.source},
                {"generated_at", invoice.generated_at},
                {"complete", invoice.complete()},
                {"missing_days", missing},
                {"points", points_text(invoice.centipoints)},
                {"amounts", totals},
                {"customers", customers}};
    if (across_programs(invoice)) {
        document["programs"] = invoice.programs;
    }
    return document.dump(2) + "\n";
}

namespace {

// Points and amounts for people: thousands grouped ("1,234.56"); CSV and JSON keep the plain decimal.
std::string grouped(std::int64_t cents) {
    // Built forwards, not by insert(): GCC 12's -Wrestrict misreads string::insert at -O2 (Debian 12's release build).
    const std::string plain = format_cents(cents);
    const std::size_t sign = plain.starts_with('-') ? 1 : 0;
    const std::size_t point = std::min(plain.find('.'), plain.size());
    std::string out = plain.substr(0, sign);
    for (std::size_t i = sign; i < point; ++i) {
        if (i > sign && (point - i) % 3 == 0) {
            out += ',';
        }
        out += plain[i];
    }
    return out + plain.substr(point);
}

std::string money(std::int64_t cents, const std::string& currency) {
    return grouped(cents) + " " + currency;
}

std::string price_text(const InvoiceCustomer& c) {
    return c.price ? format_micros(c.price->price_micros) + " " + c.price->currency + " per point (" + c.price->basis +
                         ")"
                   : "no billing terms: points only";
}

std::string invoice_title(const Invoice& invoice) {
    if (invoice.customer.empty()) {
        return "Consumption invoice " + month_label(invoice) + " for " +
               (across_programs(invoice) ? "programs " + programs_text(invoice) : invoice.program);
    }
    return "Invoice " + month_label(invoice) + ": " + invoice.customer + " (account " +
           std::to_string(invoice.customers.front().account_id) + ")";
}

std::string period_line(const Invoice& invoice) {
    return (across_programs(invoice) ? "Programs " + programs_text(invoice) : "Program " + invoice.program) +
           ", FortiFlex consumption from " + to_string(invoice.month.first) + " to " +
           to_string(invoice.month.last) + " (Pacific days).";
}

std::string footer_line(const Invoice& invoice) {
    return "From " + invoice.source + ", generated " + invoice.generated_at +
           ". Amounts are rounded half up to the cent per device; a customer's amount is the sum of its devices.";
}

std::string total_amounts(const Invoice& invoice) {
    std::string out;
    for (const auto& [currency, cents] : invoice.amount_cents_by_currency) {
        out += (out.empty() ? "" : ", ") + money(cents, currency);
    }
    return out;
}

void markdown_devices(std::ostringstream& out, const InvoiceCustomer& c, bool with_total) {
    out << "| Serial | Configuration | Points | Days active | Amount |\n|---|---|---:|---:|---:|\n";
    for (const auto& d : c.devices) {
        out << "| " << markdown_cell(d.serial) << " | " << markdown_cell(d.configuration) << " | "
            << grouped(d.centipoints) << " | " << d.active_days << " | "
            << (d.amount_cents ? grouped(*d.amount_cents) : "") << " |\n";
    }
    if (with_total) {
        out << "| **Total** | | **" << grouped(c.centipoints) << "** | **" << c.active_days << "** | **"
            << (c.amount_cents ? markdown_cell(money(*c.amount_cents, c.price->currency)) : "") << "** |\n";
    }
}

}  // namespace

std::string render_invoice_markdown(const Invoice& invoice) {
    std::ostringstream out;
    out << "## " << markdown_text(invoice_title(invoice)) << "\n\n";
    if (!invoice.complete()) {
        out << "> **" << incomplete_note(invoice) << "**\n\n";
    }
    const bool programs = across_programs(invoice);
    if (!invoice.customer.empty() && programs) {
        // One customer across programs: each program's lines at its own price, then the total of them all.
        out << markdown_text(period_line(invoice)) << "\n";
        for (const auto& c : invoice.customers) {
            out << "\n### Program " << markdown_text(c.program) << "\n\nUnit price: " << markdown_text(price_text(c))
                << ".\n\n";
            markdown_devices(out, c, true);
        }
        out << "\n**Total: " << grouped(invoice.centipoints) << " points";
        for (const auto& [currency, cents] : invoice.amount_cents_by_currency) {
            out << ", " << markdown_cell(money(cents, currency));
        }
        out << "**\n\n" << markdown_text(footer_line(invoice)) << "\n";
        return out.str();
    }
    if (!invoice.customer.empty()) {
        const InvoiceCustomer& c = invoice.customers.front();
        out << markdown_text(period_line(invoice)) << " Unit price: " << markdown_text(price_text(c)) << ".\n\n";
        markdown_devices(out, c, true);
        out << "\n" << markdown_text(footer_line(invoice)) << "\n";
        return out.str();
    }
    out << "| Customer |" << (programs ? " Program |" : "") << " Account | Points | Days active | Unit price | Amount |\n"
        << (programs ? "|---" : "") << "|---|---:|---:|---:|---:|---:|\n";
    for (const auto& c : invoice.customers) {
        out << "| " << markdown_cell(c.name) << (programs ? " | " + markdown_cell(c.program) : std::string()) << " | "
            << c.account_id << " | " << grouped(c.centipoints) << " | "
            << c.active_days << " | "
            << (c.price ? format_micros(c.price->price_micros) + " " + markdown_cell(c.price->currency) : "no terms")
            << " | " << (c.amount_cents ? markdown_cell(money(*c.amount_cents, c.price->currency)) : "") << " |\n";
    }
    out << "| **Total** |" << (programs ? " |" : "") << " | **" << grouped(invoice.centipoints) << "** | | |";
    for (const auto& [currency, cents] : invoice.amount_cents_by_currency) {
        out << " **" << markdown_cell(money(cents, currency)) << "**";
    }
    out << " |\n";
    for (const auto& c : invoice.customers) {
        if (c.devices.empty()) {
            continue;
        }
        out << "\n### " << markdown_text(c.name) << " (account " << c.account_id << ")"
            << (programs ? ", program " + markdown_text(c.program) : std::string()) << "\n\n";
        markdown_devices(out, c, false);
    }
    out << "\n" << markdown_text(footer_line(invoice)) << "\n";
    return out.str();
}

namespace {

void html_devices(std::ostringstream& out, const InvoiceCustomer& c) {
    out << "<table><thead><tr><th>Serial</th><th>Configuration</th><th class=\"n\">Points</th>"
           "<th class=\"n\">Days active</th><th class=\"n\">Amount</th></tr></thead><tbody>\n";
    for (const auto& d : c.devices) {
        out << "<tr><td>" << html_escape(d.serial) << "</td><td>" << html_escape(d.configuration)
            << "</td><td class=\"n\">" << grouped(d.centipoints) << "</td><td class=\"n\">" << d.active_days
            << "</td><td class=\"n\">" << (d.amount_cents ? grouped(*d.amount_cents) : "") << "</td></tr>\n";
    }
    out << "</tbody><tfoot><tr><th>Total</th><td></td><th class=\"n\">" << grouped(c.centipoints)
        << "</th><th class=\"n\">" << c.active_days << "</th><th class=\"n\">"
        << (c.amount_cents ? html_escape(money(*c.amount_cents, c.price->currency)) : "") << "</th></tr></tfoot></table>\n"
        << "<p>Unit price: " << html_escape(price_text(c)) << ".</p>\n";
}

}  // namespace

std::string render_invoice_html(const Invoice& invoice) {
    const std::string title = html_escape(invoice_title(invoice));
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << title
        << "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}"
           "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:4px 8px}"
           "th{text-align:left}.n{text-align:right}.warn{border:2px solid #b00;padding:0.5em}"
           "@page{size:A4;margin:18mm}@media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}"
           "tr{break-inside:avoid}}</style></head><body>\n<h1>"
        << title << "</h1>\n<p>" << html_escape(period_line(invoice)) << "</p>\n";
    if (!invoice.complete()) {
        out << "<p class=\"warn\"><strong>" << html_escape(incomplete_note(invoice)) << "</strong></p>\n";
    }
    const bool programs = across_programs(invoice);
    if (invoice.customer.empty()) {
        out << "<table><thead><tr><th>Customer</th>" << (programs ? "<th>Program</th>" : "")
            << "<th class=\"n\">Account</th><th class=\"n\">Points</th><th class=\"n\">Amount</th></tr></thead><tbody>\n";
        for (const auto& c : invoice.customers) {
            out << "<tr><td>" << html_escape(c.name) << "</td>"
                << (programs ? "<td>" + html_escape(c.program) + "</td>" : std::string()) << "<td class=\"n\">"
                << c.account_id
                << "</td><td class=\"n\">" << grouped(c.centipoints) << "</td><td class=\"n\">"
                << (c.amount_cents ? html_escape(money(*c.amount_cents, c.price->currency)) : "") << "</td></tr>\n";
        }
        out << "</tbody><tfoot><tr><th>Total</th><td></td>" << (programs ? "<td></td>" : "") << "<th class=\"n\">"
            << grouped(invoice.centipoints)
            << "</th><th class=\"n\">" << html_escape(total_amounts(invoice)) << "</th></tr></tfoot></table>\n";
    }
    for (const auto& c : invoice.customers) {
        if (invoice.customer.empty()) {
            if (c.devices.empty()) {
                continue;
            }
            out << "<h2>" << html_escape(c.name) << " (account " << c.account_id << ")"
                << (programs ? ", program " + html_escape(c.program) : std::string()) << "</h2>\n";
        } else if (programs) {
            out << "<h2>Program " << html_escape(c.program) << "</h2>\n";
        }
        html_devices(out, c);
    }
    if (!invoice.customer.empty() && programs) {
        out << "<p><strong>Total: " << grouped(invoice.centipoints) << " points"
            << (invoice.amount_cents_by_currency.empty() ? "" : ", " + html_escape(total_amounts(invoice)))
            << "</strong></p>\n";
    }
    out << "<p><small>" << html_escape(footer_line(invoice)) << "</small></p>\n</body></html>\n";
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
