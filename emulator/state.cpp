#include "emulator/state.h"

#include <cstdio>

namespace flexform::emulator {

void State::reindex() {
    by_config.clear();
    by_account.clear();
    for (const auto& [serial, e] : entitlements) {
        by_config[e.config_id].insert(serial);
        by_account[e.account_id].insert(serial);
    }
}

void State::add_entitlement(Entitlement entitlement) {
    if (const auto existing = entitlements.find(entitlement.serial); existing != entitlements.end()) {
        by_config[existing->second.config_id].erase(existing->first);
        by_account[existing->second.account_id].erase(existing->first);
    }
    by_config[entitlement.config_id].insert(entitlement.serial);
    by_account[entitlement.account_id].insert(entitlement.serial);
    const std::string serial = entitlement.serial;
    entitlements[serial] = std::move(entitlement);
}

void State::move_entitlement(Entitlement& entitlement, std::int64_t config_id, std::int64_t account_id) {
    by_config[entitlement.config_id].erase(entitlement.serial);
    by_account[entitlement.account_id].erase(entitlement.serial);
    entitlement.config_id = config_id;
    entitlement.account_id = account_id;
    if (const auto config = configs.find(config_id); config != configs.end()) {
        entitlement.program = config->second.program;  // a move into another program's configuration bills it there
    }
    by_config[config_id].insert(entitlement.serial);
    by_account[account_id].insert(entitlement.serial);
}

std::string State::generate_serial(const ProductType& product, const Program& owner, const Date& today) {
    char buffer[32];
    const std::int64_t sequence = next_serial++;
    if (product.form_factor == FormFactor::vm) {
        std::snprintf(buffer, sizeof buffer, "%s%sTM%02d%06lld", product.serial_prefix.c_str(),
                      owner.prepaid ? "EL" : "ML", today.year % 100, static_cast<long long>(sequence % 1000000));
    } else {
        std::snprintf(buffer, sizeof buffer, "%s%010lld", product.serial_prefix.c_str(),
                      static_cast<long long>(sequence % 10000000000LL));
    }
    return buffer;
}

const Program* State::program(const std::string& serial) const {
    const auto it = programs.find(serial);
    return it == programs.end() ? nullptr : &it->second;
}

}  // namespace flexform::emulator
