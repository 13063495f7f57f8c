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

int declared_entitlements(const DesiredConfig& config) {
    if (config.vms) {
        return config.vms->count;
    }
    if (config.cloud) {
        return 1;
    }
    return static_cast<int>(config.serials.size());
}

}  // namespace flexform
