// entitlements/points, groups/list and groups/nexttoken.
#include <algorithm>

#include "emulator/api.h"
#include "emulator/billing.h"

namespace flexform::emulator {

json entitlements_points(ApiContext& context, const json& body) {
    const auto start = optional_date(body, "startDate");
    const auto end = optional_date(body, "endDate");
    if (!start || !end) {
        throw ApiError(400, "Missing required parameter: startDate and endDate");
    }
    if (*end < *start) {
        throw ApiError(400, "Invalid parameter value: endDate is before startDate");
    }
    const auto config_id = optional_int(body, "configId");
    const auto account = optional_int(body, "accountId");
    const auto program = optional_string(body, "programSerialNumber");
    const auto serial_filter = optional_string(body, "serialNumber");
    std::vector<const Entitlement*> selected;
    const auto add_from = [&](const std::set<std::string>& serials) {
        for (const auto& s : serials) {
            const Entitlement& e = context.state.entitlements.at(s);
            // The program filters the days, not the entitlements: one moved between programs has days in both.
            if (!serial_filter || e.serial == *serial_filter) {
                selected.push_back(&e);
            }
        }
    };
    if (config_id) {
        find_config(context, *config_id);
        const auto it = context.state.by_config.find(*config_id);
        if (it != context.state.by_config.end()) {
            add_from(it->second);
        }
    } else if (account && program) {
        find_program(context, *program);
        require_account_scope(context, *account);
        const auto it = context.state.by_account.find(*account);
        if (it != context.state.by_account.end()) {
            add_from(it->second);
        }
    } else if (serial_filter) {
        // A removed unit's charged days are still reported, so this looks past hardware/remove.
        const auto it = context.state.entitlements.find(*serial_filter);
        if (it == context.state.entitlements.end()) {
            throw ApiError(400, "Entitlement " + *serial_filter + " does not exist");
        }
        require_account_scope(context, it->second.account_id);
        selected.push_back(&it->second);
    } else {
        throw ApiError(400,
                       "Either configId, (accountId + programSerialNumber) or serialNumber should be provided in "
                       "request payload.");
    }
    // Consumption older than the window is not returned (the range is clipped silently); both bounds inclusive.
    const std::int64_t today = days_since_epoch(context.today);
    const std::int64_t first = std::max(days_since_epoch(*start), today - context.settings.points_window_days);
    const std::int64_t last = days_since_epoch(*end);
    json out = json::array();
    for (const Entitlement* e : selected) {
        const Centipoints points = first > last ? 0
                                   : program    ? charged_to_program(context.state, *e, first, last, *program)
                                                : charged(context.state, *e, first, last);
        if (points > 0) {  // entitlements that consumed nothing are absent
            out.push_back({{"serialNumber", e->serial},
                           {"accountId", e->account_id},
                           {"points", static_cast<double>(points) / 100.0}});
        }
    }
    return out;
}

json groups_list(ApiContext& context, const json& body) {
    const auto account = optional_int(body, "accountId");
    if (account) {
        require_account_scope(context, *account);
    }
    std::map<std::pair<std::int64_t, std::string>, std::pair<int, int>> folders;
    for (const auto& [serial, e] : context.state.entitlements) {
        if (!e.token || (account && e.account_id != *account)) {
            continue;
        }
        if (!context.user.all_accounts && context.user.accounts.count(e.account_id) == 0) {
            continue;
        }
        auto& counts = folders[{account ? e.account_id : 0, e.folder_path}];
        (e.token_status == "USED" ? counts.second : counts.first) += 1;
    }
    json out = json::array();
    for (const auto& [key, counts] : folders) {
        out.push_back({{"folderPath", key.second},
                       {"accountId", key.first},
                       {"availableTokens", counts.first},
                       {"usedTokens", counts.second}});
    }
    return out;
}

json groups_nexttoken(ApiContext& context, const json& body) {
    const auto folder = optional_string(body, "folderPath");
    const auto config_id = optional_int(body, "configId");
    const auto account = optional_int(body, "accountId");
    if (!folder && !config_id && !account) {
        throw ApiError(400, "Either folderPath, configId or accountId should be provided in request payload.");
    }
    if (account) {
        require_account_scope(context, *account);
    }
    if (config_id) {
        find_config(context, *config_id);
    }
    std::set<std::string> statuses;
    if (body.contains("status") && body["status"].is_array()) {
        for (const auto& s : body["status"]) {
            statuses.insert(s.get<std::string>());
        }
    }
    const Entitlement* best = nullptr;
    for (const auto& [serial, e] : context.state.entitlements) {
        // A stopped or expired VM must not be handed to a new instance, whatever `status` the caller asked for.
        const bool usable = e.status == "PENDING" || e.status == "ACTIVE";
        if (!e.token || !usable || e.token_status != "NOTUSED" || (folder && e.folder_path != *folder) ||
            (config_id && e.config_id != *config_id) || (account && e.account_id != *account) ||
            (!statuses.empty() && !statuses.count(e.status))) {
            continue;
        }
        if (!context.user.all_accounts && context.user.accounts.count(e.account_id) == 0) {
            continue;
        }
        if (!best || e.serial < best->serial) {
            best = &e;
        }
    }
    if (!best) {
        throw ApiError(400, "No available token in the requested group");
    }
    return json::array({entitlement_json(*best)});
}

}  // namespace flexform::emulator
