#include "engine/usecases/invoice_use_case.h"

#include "engine/usecases/consumption_use_case.h"

namespace flexform {

Invoice invoice_from_store(ConsumptionStore& store, const InvoiceRequest& request) {
    const DayRange& month = request.month;
    const std::string label = to_string(month.first).substr(0, 7);
    if (!store.knows_program(request.program)) {
        throw ConsumptionError(store.describe() + " holds no consumption of program " + request.program +
                               ": pull it first (flexform consumption pull --days N), or check --program");
    }
    if (!(month.first < request.today)) {
        throw ConsumptionError(label + " has not begun (Pacific today is " + to_string(request.today) + ")");
    }
    if (!(month.last < request.today) && !request.allow_incomplete) {
        throw ConsumptionError(label + " is not over (Pacific today is " + to_string(request.today) +
                               "); --allow-incomplete issues it with the open days flagged");
    }
    InvoiceInputs inputs;
    inputs.program = request.program;
    inputs.month = month;
    inputs.customers = request.customers;
    inputs.former_customers = request.former_customers;
    inputs.program_price = request.program_price;
    inputs.missing_days = days_missing(month, store.stored_days(request.program, month.first, month.last));
    if (!inputs.missing_days.empty() && !request.allow_incomplete) {
        throw ConsumptionError("the store lacks " + std::to_string(inputs.missing_days.size()) + " of the " +
                               std::to_string(month.days()) + " days of " + label + " (" +
                               describe_days(inputs.missing_days) +
                               "): pull them while they are within FortiFlex's 90 days, or pass --allow-incomplete "
                               "to issue the invoice with them flagged");
    }
    const ConsumptionQuery query{request.program, month.first, month.last, {}, {}};
    inputs.serials = store.serial_totals(query);
    for (const auto& a : store.aggregate(query, GroupBy::account)) {
        inputs.account_active_days[a.account_id] = a.active_days;
    }
    inputs.config_names = store.config_names(request.program, month.first, month.last);
    Invoice invoice = build_invoice(inputs);
    invoice.source = store.describe();
    invoice.generated_at = request.generated_at;
    if (!request.customer) {
        return invoice;
    }
    auto one = invoice_for_customer(invoice, *request.customer);
    if (!one) {
        throw ConsumptionError("--customer " + *request.customer + " is not declared in the manifests");
    }
    return *one;
}

}  // namespace flexform
