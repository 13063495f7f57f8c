// entitlements/list, vm|hardware|cloud/create, update, stop, reactivate, vm/token, transfer.
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <openssl/rand.h>

#include "emulator/api.h"
#include "emulator/billing.h"

namespace flexform::emulator {

namespace {

// A licence token is a credential a VM redeems once: drawn from OpenSSL's CSPRNG, never from a seeded generator.
std::string random_token() {
    static const char k_hex[] = "0123456789ABCDEF";
    unsigned char bytes[10];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        throw std::runtime_error("the random generator failed");
    }
    std::string out;
    for (const unsigned char b : bytes) {
        out += k_hex[b >> 4];
        out += k_hex[b & 0xF];
    }
    return out;
}

std::string next_serial(ApiContext& context, const ProductType& product, const Program& program) {
    context.dirty.meta = true;
    return context.state.generate_serial(product, program, context.today);
}

Date resolve_end_date(ApiContext& context, const json& body, const Program& program, const char* field = "endDate") {
    const auto requested = optional_date(body, field);
    if (!requested) {
        return program.end;
    }
    if (*requested < context.today || program.end < *requested) {
        throw ApiError(400, "endDate " + to_string(*requested) + " can not be before today's date (" +
                                to_string(context.today) + ") or after the program's end date (" +
                                to_string(program.end) + ")");
    }
    return *requested;
}

std::string resolve_folder(const json& body) {
    const std::string folder = optional_string(body, "folderPath").value_or("My Assets");
    if (folder != "My Assets" && folder.rfind("My Assets/", 0) != 0) {
        throw ApiError(400, "Invalid parameter value: folderPath must start with My Assets");
    }
    return folder;
}

// The configuration a create call targets, checked for form factor and status.
Config& creatable_config(ApiContext& context, const json& body, FormFactor expected, const char* what) {
    Config& config = find_config(context, required_int(body, "configId"));
    const ProductType& product = product_of(context, config);
    if (product.form_factor != expected) {
        throw ApiError(400, "Configuration " + std::to_string(config.id) + " is not a " + what + " configuration");
    }
    if (!config.active) {
        throw ApiError(400, "Configuration " + std::to_string(config.id) + " is disabled");
    }
    return config;
}

Entitlement make_entitlement(ApiContext& context, const Config& config, std::string serial, const Date& end) {
    Entitlement e;
    e.serial = std::move(serial);
    e.config_id = config.id;
    e.account_id = config.account_id;
    e.program = config.program;
    e.start_millis = context.now_millis;
    e.end_date = end;
    return e;
}

json single(const Entitlement& e) {
    return json::array({entitlement_json(e)});
}

void activate(ApiContext& context, Entitlement& e) {
    e.status = "ACTIVE";
    note_active(e);
    note_rate(context.state, context.catalog, context.rates, e, context.today);
}

}  // namespace

json entitlements_list(ApiContext& context, const json& body) {
    const auto config_id = optional_int(body, "configId");
    const auto account = optional_int(body, "accountId");
    const auto program = optional_string(body, "programSerialNumber");
    const std::set<std::string>* serials = nullptr;
    static const std::set<std::string> k_none;
    if (config_id) {
        find_config(context, *config_id);
        const auto it = context.state.by_config.find(*config_id);
        serials = it == context.state.by_config.end() ? &k_none : &it->second;
    } else if (account && program) {
        find_program(context, *program);
        require_account_scope(context, *account);
        const auto it = context.state.by_account.find(*account);
        serials = it == context.state.by_account.end() ? &k_none : &it->second;
    } else {
        throw ApiError(400,
                       "Either configId or (accountId + programSerialNumber) should be provided in request payload.");
    }
    const auto serial_filter = optional_string(body, "serialNumber");
    const auto status_filter = optional_string(body, "status");
    const auto token_filter = optional_string(body, "tokenStatus");
    const auto description_filter = optional_string(body, "description");
    std::string text = "[";
    for (const auto& serial : *serials) {
        const Entitlement& e = context.state.entitlements.at(serial);
        if (e.removed || (program && e.program != *program) || (serial_filter && e.serial != *serial_filter) ||
            (status_filter && e.status != *status_filter) ||
            (token_filter && e.token_status.value_or("") != *token_filter) ||
            (description_filter && e.description != *description_filter)) {
            continue;
        }
        if (text.size() > 1) {
            text += ",";
        }
        append_entitlement_text(text, e);
    }
    text += "]";
    if (context.raw_payload) {
        *context.raw_payload = std::move(text);
        return nullptr;
    }
    return json::parse(text);
}

json entitlements_vm_create(ApiContext& context, const json& body) {
    const Config& config = creatable_config(context, body, FormFactor::vm, "VM");
    const Program& program = find_program(context, config.program);
    const std::int64_t count = optional_int(body, "count").value_or(1);
    if (count < 1 || static_cast<std::size_t>(count) > context.settings.max_vm_count) {
        throw ApiError(400, "Invalid parameter value: count must be between 1 and " +
                                std::to_string(context.settings.max_vm_count));
    }
    const Date end = resolve_end_date(context, body, program);
    const std::string folder = resolve_folder(body);
    const std::string description = optional_string(body, "description").value_or("");
    const bool skip_pending = body.contains("skipPending") && body["skipPending"].is_boolean() && body["skipPending"];
    const ProductType& product = product_of(context, config);
    json out = json::array();
    for (std::int64_t i = 0; i < count; ++i) {
        Entitlement e = make_entitlement(context, config, next_serial(context, product, program), end);
        e.description = description;
        e.folder_path = folder;
        e.token = random_token();
        e.token_status = "NOTUSED";
        e.status = "PENDING";
        if (skip_pending) {
            activate(context, e);
        }
        out.push_back(entitlement_json(e));
        context.dirty.entitlements.insert(e.serial);
        context.state.add_entitlement(std::move(e));
    }
    return out;
}

json entitlements_hardware_create(ApiContext& context, const json& body) {
    const Config& config = creatable_config(context, body, FormFactor::hardware, "hardware");
    const Program& program = find_program(context, config.program);
    if (!body.contains("serialNumbers") || !body["serialNumbers"].is_array() || body["serialNumbers"].empty()) {
        throw ApiError(400, "Missing required parameter: serialNumbers");
    }
    const json& serials = body["serialNumbers"];
    if (serials.size() > context.settings.max_hardware_serials) {
        throw ApiError(400, "Too many serial numbers: at most " +
                                std::to_string(context.settings.max_hardware_serials) + " per request");
    }
    const Date end = resolve_end_date(context, body, program);
    const ProductType& product = product_of(context, config);
    const Parameter* model = product.device_model();
    const std::string* model_code = model ? config.parameters.scalar(model->id) : nullptr;
    std::set<std::string> seen;
    for (const auto& item : serials) {
        if (!item.is_string()) {
            throw ApiError(400, "Invalid parameter value: serialNumbers must be strings");
        }
        const std::string serial = item.get<std::string>();
        const bool well_formed = serial.size() >= 10 && serial.size() <= 20 &&
                                 std::all_of(serial.begin(), serial.end(),
                                             [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
        if (!well_formed) {
            throw ApiError(400, "Serial number " + serial + " is not valid");
        }
        if (!seen.insert(serial).second) {
            throw ApiError(400, "Serial number " + serial + " appears twice in the request");
        }
        if (const auto known = context.state.entitlements.find(serial); known != context.state.entitlements.end()) {
            const char* why = known->second.removed ? " was removed from FortiFlex and can not be entitled again"
                                                    : " is already entitled";
            throw ApiError(400, "Serial number " + serial + why);
        }
        if (context.settings.strict_hardware_models && model_code && serial.rfind(*model_code, 0) != 0) {
            throw ApiError(400, "Serial number " + serial + " does not match device model " + *model_code);
        }
    }
    json out = json::array();
    for (const auto& item : serials) {
        Entitlement e = make_entitlement(context, config, item.get<std::string>(), end);
        activate(context, e);
        out.push_back(entitlement_json(e));
        context.dirty.entitlements.insert(e.serial);
        context.state.add_entitlement(std::move(e));
    }
    return out;
}

json entitlements_cloud_create(ApiContext& context, const json& body) {
    const Config& config = creatable_config(context, body, FormFactor::cloud, "cloud");
    const Program& program = find_program(context, config.program);
    const ProductType& product = product_of(context, config);
    const auto owned = context.state.by_account.find(config.account_id);
    for (const auto& serial : owned == context.state.by_account.end() ? std::set<std::string>{} : owned->second) {
        const Entitlement& existing = context.state.entitlements.at(serial);
        const auto other = context.state.configs.find(existing.config_id);
        if (other != context.state.configs.end() && other->second.product_id == product.id) {
            throw ApiError(400, "Account " + std::to_string(config.account_id) + " already has a " + product.api_name +
                                    " entitlement (" + existing.serial +
                                    "); each account can create at most one entitlement for each cloud product");
        }
    }
    const Date end = resolve_end_date(context, body, program);
    Entitlement e = make_entitlement(context, config, next_serial(context, product, program), end);
    e.description = optional_string(body, "description").value_or("");
    e.folder_path = resolve_folder(body);
    activate(context, e);
    json out = single(e);
    context.dirty.entitlements.insert(e.serial);
    context.state.add_entitlement(std::move(e));
    return out;
}

json entitlements_update(ApiContext& context, const json& body) {
    Entitlement& e = find_entitlement(context, required_string(body, "serialNumber"));
    if (e.status == "EXPIRED") {
        throw ApiError(400, "Entitlement " + e.serial + " is EXPIRED and can not be updated");
    }
    const Config& current = context.state.configs.at(e.config_id);
    const std::int64_t target_id = optional_int(body, "configId").value_or(e.config_id);
    if (target_id != e.config_id) {
        const Config& target = find_config(context, target_id);
        if (target.product_id != current.product_id) {
            throw ApiError(400,
                           "Configuration " + std::to_string(target_id) + " is not of the entitlement's product type");
        }
        if (target.account_id != e.account_id) {
            throw ApiError(400, "Configuration " + std::to_string(target_id) +
                                    " belongs to another account; use entitlements/transfer");
        }
        if (!target.active) {
            throw ApiError(400, "Configuration " + std::to_string(target_id) + " is disabled");
        }
        // EMULATOR DECISION: a hardware or cloud entitlement moves to a configuration of another program of the
        // account (billed there from the day of the move); a VM does not, its serial being its program's (EL/ML).
        const ProductType* product = context.catalog.find_by_id(current.product_id);
        if (target.program != current.program && product && product->form_factor == FormFactor::vm) {
            throw ApiError(400, "Entitlement " + e.serial + " is a VM of program " + current.program +
                                    " and can not move to program " + target.program +
                                    "; create a new one under configuration " + std::to_string(target_id));
        }
        context.state.move_entitlement(e, target_id, e.account_id);
        note_rate(context.state, context.catalog, context.rates, e, context.today);
    }
    if (const auto description = optional_string(body, "description")) {
        e.description = *description;
    }
    if (optional_date(body, "endDate")) {
        if (e.status == "STOPPED") {
            throw ApiError(400, "The end date of a STOPPED entitlement can not be changed");
        }
        e.end_date = resolve_end_date(context, body, find_program(context, e.program));
    }
    context.dirty.entitlements.insert(e.serial);
    return single(e);
}

json entitlements_stop(ApiContext& context, const json& body) {
    Entitlement& e = find_entitlement(context, required_string(body, "serialNumber"));
    if (e.status != "ACTIVE" && e.status != "PENDING") {
        throw ApiError(400, "Entitlement " + e.serial + " is already " + e.status + " and can not be stopped");
    }
    e.status = "STOPPED";  // today stays billable: billing stops from the next day
    context.dirty.entitlements.insert(e.serial);
    return single(e);
}

json entitlements_reactivate(ApiContext& context, const json& body) {
    Entitlement& e = find_entitlement(context, required_string(body, "serialNumber"));
    if (e.status != "STOPPED") {
        throw ApiError(400, "Entitlement " + e.serial + " is not in STOPPED status (it is " + e.status + ")");
    }
    activate(context, e);
    context.dirty.entitlements.insert(e.serial);
    return single(e);
}

json entitlements_vm_token(ApiContext& context, const json& body) {
    Entitlement& e = find_entitlement(context, required_string(body, "serialNumber"));
    if (!e.token) {
        throw ApiError(400, "Entitlement " + e.serial + " is not a VM entitlement");
    }
    e.token = random_token();
    e.token_status = "NOTUSED";
    context.dirty.entitlements.insert(e.serial);
    return single(e);
}

json entitlements_hardware_remove(ApiContext& context, const json& body) {
    if (!body.contains("serialNumbers") || !body["serialNumbers"].is_array() || body["serialNumbers"].empty()) {
        throw ApiError(400, "Missing required parameter: serialNumbers");
    }
    std::vector<Entitlement*> removing;
    for (const auto& item : body["serialNumbers"]) {  // validate all before removing any
        if (!item.is_string()) {
            throw ApiError(400, "Invalid parameter value: serialNumbers must be strings");
        }
        Entitlement& e = find_entitlement(context, item.get<std::string>());
        if (e.token || product_of(context, context.state.configs.at(e.config_id)).form_factor != FormFactor::hardware) {
            throw ApiError(400, "Entitlement " + e.serial + " is not a hardware entitlement");
        }
        removing.push_back(&e);
    }
    for (Entitlement* e : removing) {
        // Charged for today if it was ACTIVE at any instant of it, as a stop is; nothing from the next day.
        e->removed = true;
        context.dirty.entitlements.insert(e->serial);
    }
    return nullptr;
}

json entitlements_transfer(ApiContext& context, const json& body) {
    const std::int64_t source_account = required_int(body, "sourceAccountId");
    const std::int64_t target_account = required_int(body, "targetAccountId");
    require_account_scope(context, source_account);
    require_account_scope(context, target_account);
    const Config& source = find_config(context, required_int(body, "sourceConfigId"));
    if (source.account_id != source_account) {
        throw ApiError(400, "Configuration " + std::to_string(source.id) + " does not belong to account " +
                                std::to_string(source_account));
    }
    std::vector<std::string> serials;
    if (body.contains("serialNumbers") && body["serialNumbers"].is_array()) {
        for (const auto& s : body["serialNumbers"]) {
            serials.push_back(s.get<std::string>());
        }
    } else {
        const auto it = context.state.by_config.find(source.id);
        if (it != context.state.by_config.end()) {
            serials.assign(it->second.begin(), it->second.end());
        }
    }
    for (const auto& serial : serials) {  // validate all before moving any: a transfer is all or nothing
        if (find_entitlement(context, serial).config_id != source.id) {
            throw ApiError(400,
                           "Entitlement " + serial + " does not belong to configuration " + std::to_string(source.id));
        }
    }
    std::int64_t target_id = 0;
    if (const auto requested = optional_int(body, "targetConfigId")) {
        const Config& target = find_config(context, *requested);
        if (target.account_id != target_account || target.product_id != source.product_id) {
            throw ApiError(400,
                           "targetConfigId must be a configuration of the same product type in the target account");
        }
        target_id = target.id;
    } else {
        // EMULATOR DECISION: without a target config, copy the source config into the target account.
        Config copy = source;
        copy.id = context.state.next_config_id++;
        copy.account_id = target_account;
        context.state.configs[copy.id] = copy;
        context.dirty.configs.insert(copy.id);
        context.dirty.meta = true;
        target_id = copy.id;
    }
    json out = json::array();
    for (const auto& serial : serials) {
        Entitlement& e = context.state.entitlements.at(serial);
        context.state.move_entitlement(e, target_id, target_account);
        note_rate(context.state, context.catalog, context.rates, e, context.today);
        context.dirty.entitlements.insert(serial);
        out.push_back(entitlement_json(e));
    }
    return out;
}

}  // namespace flexform::emulator
