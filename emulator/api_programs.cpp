// programs/list, programs/points and tools/calc.
#include "emulator/api.h"
#include "emulator/billing.h"

namespace flexform::emulator {

namespace {

json points_number(Centipoints centipoints) {
    return static_cast<double>(centipoints) / 100.0;
}

}  // namespace

json programs_list(ApiContext& context, const json&) {
    json out = json::array();
    for (const auto& [serial, p] : context.state.programs) {
        out.push_back({{"serialNumber", p.serial},
                       {"accountId", p.account_id},
                       {"startDate", format_end_date(p.start)},
                       {"endDate", format_end_date(p.end)},
                       {"hasSupportCoverage", p.has_support_coverage}});
    }
    return out;
}

json programs_points(ApiContext& context, const json& body) {
    const Program& program = find_program(context, required_string(body, "programSerialNumber"));
    if (!program.prepaid) {
        throw ApiError(400, "Point balance is only valid for prepaid programs");
    }
    Centipoints consumed = 0;
    for (const auto& [serial, e] : context.state.entitlements) {
        consumed += charged_to_program(context.state, e, 0, context.state.open_day, program.serial);
    }
    // pointBalance is an integer in the reference; it goes negative within the 90-day grace.
    const std::int64_t balance = program.purchased_points - (consumed + 99) / 100;
    return json::array(
        {{{"accountId", program.account_id}, {"serialNumber", program.serial}, {"pointBalance", balance}}});
}

json tools_calc(ApiContext& context, const json& body) {
    const Program& program = find_program(context, required_string(body, "programSerialNumber"));
    const std::int64_t type = required_int(body, "productTypeId");
    const ProductType* product = context.catalog.find_by_id(static_cast<int>(type));
    if (!product) {
        throw ApiError(400, "Product type " + std::to_string(type) + " does not exist");
    }
    const std::int64_t count = optional_int(body, "count").value_or(1);
    if (count < 1) {
        throw ApiError(400, "Parameter count value " + std::to_string(count) + " must be at least 1.");
    }
    if (product->form_factor == FormFactor::cloud && count != 1) {
        throw ApiError(400, "Parameter count value " + std::to_string(count) +
                                " is not valid: count should be 1 for a cloud product type.");
    }
    std::map<int, std::int64_t> metered;
    const ParameterSet parameters =
        validate_parameters(*product, body.value("parameters", json::array()), true, &metered);
    const Quote quote = context.rates.quote(*product, parameters, metered, context.today, program.discount);
    json points = {{"current", points_number(quote.current * count)},
                   {"latest", quote.latest ? points_number(*quote.latest * count) : json(nullptr)},
                   {"latestEffectiveDate",
                    quote.latest_effective ? json(to_string(*quote.latest_effective) + " 00:00:00") : json(nullptr)}};
    return points;
}

}  // namespace flexform::emulator
