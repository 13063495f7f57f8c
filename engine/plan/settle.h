// Creates waiting to settle: a create whose earlier send may still land is marked in the plan, never planned
// away, so the reviewer sees it and apply skips it. Pure: the use case hands the open records in as data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/plan/plan.h"

namespace flexform {

// What a settling create may still bring: a configuration named `config_name` in `account_id`, entitlements counted
// under the configuration `config_id` (VMs, a cloud service), or the hardware `serials` entitled under it.
enum class SettlingKind { config, counted, serials };

// An open record of a create, as the planner needs it.
struct SettlingCreate {
    SettlingKind kind = SettlingKind::config;
    std::int64_t account_id = 0;
    std::string config_name;
    std::int64_t config_id = 0;  // counted, serials: the configuration they are created under
    std::vector<std::string> serials;
    SettleWait wait;
};

// Marks every create of the plan that a settling create could duplicate or see refused: the configuration of that
// name in that account, entitlements counted under that configuration, or the entitling of one of those serials.
void mark_settling(Plan& plan, const std::vector<SettlingCreate>& settling);

// "2026-11-20T18:00:01Z" <-> seconds since the epoch (UTC).
std::optional<std::int64_t> utc_seconds(std::string_view iso);
std::string utc_text(std::int64_t seconds);

}  // namespace flexform
