#include "engine/model/status.h"

namespace flexform {

std::string_view to_string(EntitlementStatus status) {
    switch (status) {
        case EntitlementStatus::pending:
            return "PENDING";
        case EntitlementStatus::active:
            return "ACTIVE";
        case EntitlementStatus::stopped:
            return "STOPPED";
        case EntitlementStatus::expired:
            return "EXPIRED";
        case EntitlementStatus::other:
            break;
    }
    return "OTHER";
}

std::string_view to_string(ConfigStatus status) {
    return status == ConfigStatus::active ? "ACTIVE" : "DISABLED";
}

EntitlementStatus parse_entitlement_status(std::string_view text) {
    for (const auto status : {EntitlementStatus::pending, EntitlementStatus::active, EntitlementStatus::stopped,
                              EntitlementStatus::expired}) {
        if (text == to_string(status)) {
            return status;
        }
    }
    return EntitlementStatus::other;
}

std::optional<ConfigStatus> parse_config_status(std::string_view text) {
    if (text == "ACTIVE") {
        return ConfigStatus::active;
    }
    if (text == "DISABLED") {
        return ConfigStatus::disabled;
    }
    return std::nullopt;
}

std::string_view to_string(TokenStatus status) {
    switch (status) {
        case TokenStatus::not_used:
            return "NOTUSED";
        case TokenStatus::used:
            return "USED";
        case TokenStatus::none:
            break;
    }
    return "";
}

TokenStatus parse_token_status(std::string_view text) {
    if (text == "NOTUSED") {
        return TokenStatus::not_used;
    }
    return text == "USED" ? TokenStatus::used : TokenStatus::none;
}

}  // namespace flexform
