// The statuses FortiFlex gives entitlements and configurations, as enums: the planner, the applier and drift
// branch on these, never on the API's words.
#pragma once

#include <optional>
#include <string_view>

namespace flexform {

// `other` is a status FortiFlex may add later (the portal already shows GRACE_PERIOD); it is left alone.
enum class EntitlementStatus { pending, active, stopped, expired, other };
enum class ConfigStatus { active, disabled };
// A VM entitlement's licence token: unused tokens mean nothing runs on it yet.
enum class TokenStatus { none, not_used, used };

std::string_view to_string(EntitlementStatus status);               // "PENDING", "ACTIVE", ... as the API spells them
std::string_view to_string(ConfigStatus status);                    // "ACTIVE", "DISABLED"
EntitlementStatus parse_entitlement_status(std::string_view text);  // unknown words are `other`
std::optional<ConfigStatus> parse_config_status(std::string_view text);
TokenStatus parse_token_status(std::string_view text);  // "NOTUSED", "USED"; anything else is none
std::string_view to_string(TokenStatus status);         // "NOTUSED", "USED", "" for none

// PENDING and ACTIVE entitlements hold a licence; only ACTIVE ones are charged (fortiflex-api.md section 8.4).
inline bool is_running(EntitlementStatus status) {
    return status == EntitlementStatus::active || status == EntitlementStatus::pending;
}

}  // namespace flexform
