#include "engine/model/status.h"

#include "engine/model/names.h"

namespace flexform {

namespace {

// `other` has no name of its own: it is whatever FortiFlex said that is none of these.
constexpr NameTable<EntitlementStatus, 4> k_entitlement_statuses = {{
    {EntitlementStatus::pending, "PENDING"},
    {EntitlementStatus::active, "ACTIVE"},
    {EntitlementStatus::stopped, "STOPPED"},
    {EntitlementStatus::expired, "EXPIRED"},
}};
static_assert(names_every_value(k_entitlement_statuses, static_cast<std::size_t>(EntitlementStatus::other)));

constexpr NameTable<ConfigStatus, 2> k_config_statuses = {{
    {ConfigStatus::active, "ACTIVE"},
    {ConfigStatus::disabled, "DISABLED"},
}};
static_assert(names_every_value(k_config_statuses, static_cast<std::size_t>(ConfigStatus::disabled) + 1));

// `none` is the empty name: no token, or one FortiFlex did not describe.
constexpr NameTable<TokenStatus, 3> k_token_statuses = {{
    {TokenStatus::none, ""},
    {TokenStatus::not_used, "NOTUSED"},
    {TokenStatus::used, "USED"},
}};
static_assert(names_every_value(k_token_statuses, static_cast<std::size_t>(TokenStatus::used) + 1));

}  // namespace

std::string_view to_string(EntitlementStatus status) {
    return name_in(k_entitlement_statuses, status, "OTHER");
}

std::string_view to_string(ConfigStatus status) {
    return name_in(k_config_statuses, status, "ACTIVE");
}

EntitlementStatus parse_entitlement_status(std::string_view text) {
    return value_in(k_entitlement_statuses, text).value_or(EntitlementStatus::other);
}

std::optional<ConfigStatus> parse_config_status(std::string_view text) {
    return value_in(k_config_statuses, text);
}

std::string_view to_string(TokenStatus status) {
    return name_in(k_token_statuses, status);
}

TokenStatus parse_token_status(std::string_view text) {
    return value_in(k_token_statuses, text).value_or(TokenStatus::none);
}

}  // namespace flexform
