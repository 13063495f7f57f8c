#include "engine/model/desired.h"

namespace flexform {

const Customer* DesiredState::find_customer(const std::string& name) const {
    for (const auto& c : customers) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

std::optional<std::int64_t> DesiredState::account_declaring(const std::string& serial) const {
    for (const auto& c : customers) {
        for (const auto& config : c.configs) {
            for (const auto& h : config.serials) {
                if (h.serial == serial) {
                    return c.account_id;
                }
            }
        }
    }
    return std::nullopt;
}

std::map<std::int64_t, std::string> DesiredState::customer_names() const {
    std::map<std::int64_t, std::string> names;
    for (const auto& c : customers) {
        names[c.account_id] = c.name;
    }
    return names;
}

std::optional<Date> end_date_of(const DesiredConfig& config, const DesiredHardware& hardware) {
    return hardware.end_date ? hardware.end_date : config.end_date;
}

int declared_entitlements(const DesiredConfig& config) {
    if (config.vms) {
        return config.vms->count;
    }
    if (config.cloud) {
        return 1;
    }
    return static_cast<int>(config.serials.size());
}

SourcePos position_of(const Customer& customer, const DesiredHardware& hardware) {
    return {customer.pos.file, hardware.line, hardware.column};
}

std::string field_of(const DesiredConfig& config, const DesiredHardware& hardware) {
    return "spec.configs[" + std::to_string(config.index) + "].serials[" + std::to_string(hardware.index) + "]";
}

}  // namespace flexform
