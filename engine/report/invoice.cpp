#include "engine/report/invoice.h"

#include <algorithm>
#include <set>

namespace flexform {

namespace {

InvoiceCustomer& customer_for(std::map<std::int64_t, InvoiceCustomer>& customers, std::int64_t account) {
    auto& c = customers[account];
    if (c.account_id == 0) {
        c.account_id = account;
        c.name = "account " + std::to_string(account);
    }
    return c;
}

}  // namespace

Invoice build_invoice(const InvoiceInputs& in) {
    Invoice invoice;
    invoice.program = in.program;
    invoice.month = in.month;
    invoice.missing_days = in.missing_days;
    std::map<std::int64_t, InvoiceCustomer> customers;
    for (const auto& b : in.customers) {
        InvoiceCustomer& c = customer_for(customers, b.account_id);
        c.name = b.name;
        c.declared = true;
        c.price = unit_price(b.terms, in.program_price);
    }
    // Device lines: a serial's rows of the month under one account, whatever configurations they were on.
    std::map<std::pair<std::int64_t, std::string>, InvoiceDevice> devices;
    std::map<std::pair<std::int64_t, std::string>, std::set<std::string>> configurations;
    for (const auto& t : in.serials) {
        InvoiceDevice& d = devices[{t.account_id, t.serial}];
        d.serial = t.serial;
        d.centipoints += t.centipoints;
        d.active_days += t.active_days;  // one row per serial and day: configurations never share a day
        if (t.config_id) {
            const auto name = in.config_names.find(*t.config_id);
            configurations[{t.account_id, t.serial}].insert(
                name != in.config_names.end() ? name->second : "config " + std::to_string(*t.config_id));
        }
    }
    for (auto& [key, device] : devices) {
        for (const auto& name : configurations[key]) {
            device.configuration += (device.configuration.empty() ? "" : ", ") + name;
        }
        customer_for(customers, key.first).devices.push_back(device);
    }
    for (const auto& b : in.former_customers) {
        const auto it = customers.find(b.account_id);
        if (it != customers.end() && !it->second.declared) {
            it->second.name = b.name;
            it->second.declared = true;
            it->second.price = unit_price(b.terms, in.program_price);
        }
    }
    for (auto& [account, c] : customers) {
        std::sort(c.devices.begin(), c.devices.end(), [](const InvoiceDevice& a, const InvoiceDevice& b) {
            return a.centipoints != b.centipoints ? a.centipoints > b.centipoints : a.serial < b.serial;
        });
        if (const auto days = in.account_active_days.find(account); days != in.account_active_days.end()) {
            c.active_days = days->second;
        }
        if (c.price) {
            c.amount_cents = 0;
        }
        for (auto& d : c.devices) {
            c.centipoints += d.centipoints;
            if (c.price) {
                d.amount_cents = amount_cents(d.centipoints, c.price->price_micros);
                *c.amount_cents += *d.amount_cents;
            }
        }
        invoice.centipoints += c.centipoints;
        if (c.amount_cents) {
            invoice.amount_cents_by_currency[c.price->currency] += *c.amount_cents;
        }
        invoice.customers.push_back(std::move(c));
    }
    std::sort(invoice.customers.begin(), invoice.customers.end(),
              [](const InvoiceCustomer& a, const InvoiceCustomer& b) {
                  return a.declared != b.declared ? a.declared : a.name < b.name;
              });
    return invoice;
}

std::optional<Invoice> invoice_for_customer(const Invoice& invoice, const std::string& name) {
    const auto it = std::find_if(invoice.customers.begin(), invoice.customers.end(),
                                 [&](const InvoiceCustomer& c) { return c.declared && c.name == name; });
    if (it == invoice.customers.end()) {
        return std::nullopt;
    }
    Invoice one = invoice;
    one.customer = name;
    one.customers = {*it};
    one.centipoints = it->centipoints;
    one.amount_cents_by_currency.clear();
    if (it->amount_cents) {
        one.amount_cents_by_currency[it->price->currency] = *it->amount_cents;
    }
    return one;
}

Invoice invoice_across_programs(const std::vector<ProgramInvoice>& parts) {
    Invoice merged;
    if (parts.empty()) {
        return merged;
    }
    const Invoice& first = parts.front().invoice;
    merged.customer = first.customer;
    merged.month = first.month;
    merged.source = first.source;
    merged.generated_at = first.generated_at;
    std::set<Date> missing;
    for (const auto& [name, invoice] : parts) {
        merged.programs.push_back(name);
        for (InvoiceCustomer c : invoice.customers) {
            c.program = name;
            merged.customers.push_back(std::move(c));
        }
        missing.insert(invoice.missing_days.begin(), invoice.missing_days.end());
        merged.centipoints += invoice.centipoints;
        for (const auto& [currency, cents] : invoice.amount_cents_by_currency) {
            merged.amount_cents_by_currency[currency] += cents;
        }
    }
    merged.missing_days.assign(missing.begin(), missing.end());
    // A customer's lines together, in the programs' order.
    std::stable_sort(merged.customers.begin(), merged.customers.end(),
                     [](const InvoiceCustomer& a, const InvoiceCustomer& b) {
                         return a.declared != b.declared ? a.declared : a.name < b.name;
                     });
    return merged;
}

}  // namespace flexform
