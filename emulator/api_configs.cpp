// configs/list, configs/create, configs/update, configs/enable, configs/disable.
#include <algorithm>
#include <utility>

#include "emulator/api.h"
#include "emulator/billing.h"

namespace flexform::emulator {

namespace {

// Parameters that may only grow refuse a smaller value (FortiSIEM storage, SASE regions, EDR storage,
// AppSec WAF package).
void check_scale_up(const ProductType& product, const ParameterSet& before, const ParameterSet& after) {
    for (const auto& p : product.parameters) {
        if (!p.scale_up_only) {
            continue;
        }
        const std::string* old_value = before.scalar(p.id);
        const std::string* new_value = after.scalar(p.id);
        if (!old_value) {
            continue;
        }
        bool lower = false;
        if (!new_value) {
            lower = true;
        } else if (p.type == ParameterType::numeric) {
            lower = parse_integer(*new_value).value_or(0) < parse_integer(*old_value).value_or(0);
        } else {
            const auto rank = [&](const std::string& v) {
                for (std::size_t i = 0; i < p.values.size(); ++i) {
                    if (p.values[i].value == v) {
                        return static_cast<int>(i);
                    }
                }
                return -1;
            };
            lower = rank(*new_value) < rank(*old_value);
        }
        if (lower) {
            throw ApiError(400, "Parameter id " + std::to_string(p.id) + " value " + (new_value ? *new_value : "NONE") +
                                    " is not allowed: it can only be scaled up (current " + *old_value + ").");
        }
    }
}

void reprice_entitlements(ApiContext& context, const Config& config) {
    const auto serials = context.state.by_config.find(config.id);
    if (serials == context.state.by_config.end()) {
        return;
    }
    for (const auto& serial : serials->second) {
        Entitlement& e = context.state.entitlements.at(serial);
        const Centipoints before = e.day_rate;
        note_rate(context.state, context.catalog, context.rates, e, context.today);
        if (e.day_rate != before) {
            context.dirty.entitlements.insert(serial);
        }
    }
}

}  // namespace

json configs_list(ApiContext& context, const json& body) {
    const std::string program = required_string(body, "programSerialNumber");
    find_program(context, program);
    const auto account = optional_int(body, "accountId");
    if (account) {
        require_account_scope(context, *account);
    }
    json out = json::array();
    for (const auto& [id, config] : context.state.configs) {
        if (config.program != program || (account && config.account_id != *account)) {
            continue;
        }
        if (!context.user.all_accounts && context.user.accounts.count(config.account_id) == 0) {
            continue;
        }
        out.push_back(config_json(context, config));
    }
    return out;
}

json configs_create(ApiContext& context, const json& body) {
    const Program& program = find_program(context, required_string(body, "programSerialNumber"));
    const std::int64_t account = optional_int(body, "accountId").value_or(context.user.home_account);
    require_account_scope(context, account);
    const std::string name = required_string(body, "name");
    const std::int64_t type = required_int(body, "productTypeId");
    const ProductType* product = context.catalog.find_by_id(static_cast<int>(type));
    if (!product) {
        throw ApiError(400, "Product type " + std::to_string(type) + " does not exist");
    }
    Config config;
    config.id = context.state.next_config_id++;
    config.name = name;
    config.program = program.serial;
    config.account_id = account;
    config.product_id = product->id;
    config.parameters = validate_parameters(*product, body.value("parameters", json::array()), false, nullptr);
    config.active = true;
    config.day_enabled = true;
    context.state.configs[config.id] = config;
    context.dirty.configs.insert(config.id);
    context.dirty.meta = true;
    return config_json(context, context.state.configs[config.id]);
}

json configs_update(ApiContext& context, const json& body) {
    Config& config = find_config(context, required_int(body, "id"));
    const ProductType& product = product_of(context, config);
    if (const auto name = optional_string(body, "name"); name && !name->empty()) {
        config.name = *name;
    }
    if (body.contains("parameters") && !body["parameters"].is_null()) {
        ParameterSet updated = validate_parameters(product, body["parameters"], false, nullptr);
        check_scale_up(product, config.parameters, updated);
        const ParameterSet replaced = std::exchange(config.parameters, std::move(updated));
        note_parameters_replaced(config, replaced);
        reprice_entitlements(context, config);
    }
    context.dirty.configs.insert(config.id);
    return config_json(context, config);
}

json configs_enable(ApiContext& context, const json& body) {
    Config& config = find_config(context, required_int(body, "id"));
    config.active = true;
    config.day_enabled = true;
    context.dirty.configs.insert(config.id);
    return config_json(context, config);
}

json configs_disable(ApiContext& context, const json& body) {
    Config& config = find_config(context, required_int(body, "id"));
    config.active = false;  // day_enabled stays: the day it was disabled is still charged
    context.dirty.configs.insert(config.id);
    return config_json(context, config);
}

}  // namespace flexform::emulator
