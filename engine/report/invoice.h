// A chargeback invoice for one month, from the consumption store: per customer and per device, the points, days
// active, unit price and amount. Amounts are whole cents; a customer's amount is the sum of its device lines.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/billing.h"
#include "engine/model/day_range.h"
#include "engine/ports/consumption_store.h"

namespace flexform {

struct InvoiceDevice {
    std::string serial;
    std::string configuration;  // its configuration's name(s) that month
    std::int64_t centipoints = 0;
    std::int64_t active_days = 0;
    std::optional<std::int64_t> amount_cents;
};

struct InvoiceCustomer {
    std::string name;  // from the manifest; "account N" when none declares it
    std::int64_t account_id = 0;
    bool declared = false;
    std::optional<UnitPrice> price;  // none: points only
    std::vector<InvoiceDevice> devices;
    std::int64_t centipoints = 0;
    std::int64_t active_days = 0;  // days any of its devices consumed
    std::optional<std::int64_t> amount_cents;
    std::string program{};  // an invoice across programs: the name of the program billing these lines
};

struct Invoice {
    std::string program;
    std::string customer;  // "": every customer; else the one customer it is addressed to
    DayRange month;
    std::string source;
    std::string generated_at;
    std::vector<InvoiceCustomer> customers;
    std::vector<Date> missing_days;  // days of the month the store does not hold
    std::int64_t centipoints = 0;
    std::map<std::string, std::int64_t> amount_cents_by_currency;
    std::vector<std::string> programs;  // an invoice across programs: their names, in order; empty for one program

    bool complete() const { return missing_days.empty(); }
};

// Who is billed and how: one entry per customer manifest.
struct BilledCustomer {
    std::string name;
    std::int64_t account_id = 0;
    std::optional<BillingTerms> terms;
};

struct InvoiceInputs {
    std::string program;
    DayRange month;
    std::vector<BilledCustomer> customers;
    // Customers another program bills now (moved there whole): named and priced at this program's price only for
    // points this program holds of their accounts, their history from before the move.
    std::vector<BilledCustomer> former_customers;
    std::optional<ProgramPrice> program_price;
    std::vector<SerialTotal> serials;
    std::map<std::int64_t, std::int64_t> account_active_days;
    std::map<std::int64_t, std::string> config_names;
    std::vector<Date> missing_days;
};

// Pure: groups the month's serial totals into customer and device lines and prices them.
Invoice build_invoice(const InvoiceInputs& inputs);

// One invoice of each program's invoice of the same month (each priced at its program's price per point): a
// customer's lines per program, every total the sum of the programs'. `parts` pairs each program's name with its
// invoice, in the order the project lists the programs.
struct ProgramInvoice {
    std::string name;
    Invoice invoice;
};
Invoice invoice_across_programs(const std::vector<ProgramInvoice>& parts);

// The invoice of one declared customer, to send to them: its totals are that customer's alone. Nullopt when no
// manifest declares `name`.
std::optional<Invoice> invoice_for_customer(const Invoice& invoice, const std::string& name);

}  // namespace flexform
