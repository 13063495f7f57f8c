// The invoice use case: one month of the consumption store priced per customer, refused when the store misses days.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/ports/consumption_store.h"
#include "engine/report/invoice.h"

namespace flexform {

struct InvoiceRequest {
    std::string program;
    DayRange month;
    Date today;  // Pacific
    std::vector<BilledCustomer> customers;
    std::vector<BilledCustomer> former_customers;  // see InvoiceInputs
    std::optional<ProgramPrice> program_price;
    bool allow_incomplete = false;  // issue it with the missing days flagged
    std::optional<std::string> customer;  // the one declared customer to invoice
    std::string generated_at;
};

// Throws ConsumptionError when the store never saw the program, or (unless allow_incomplete) when the month has not
// ended or the store lacks some of its days: an invoice from partial figures undercharges silently; and when
// `customer` names no declared customer.
Invoice invoice_from_store(ConsumptionStore& store, const InvoiceRequest& request);

}  // namespace flexform
