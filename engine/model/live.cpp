#include "engine/model/live.h"

namespace flexform {

const LiveConfig* LiveState::find_config(std::int64_t id) const {
    for (const auto& c : configs) {
        if (c.id == id) {
            return &c;
        }
    }
    return nullptr;
}

bool is_prepaid_program(const std::string& serial) {
    return serial.rfind("ELAVMR", 0) == 0;
}

std::string price_key(int product_id, const ParameterSet& parameters) {
    return std::to_string(product_id) + ":" + canonical_key(parameters);
}

}  // namespace flexform
