#include "engine/render/tokens_renderers.h"

#include <nlohmann/json.hpp>

#include "engine/model/status.h"
#include "engine/model/words.h"
#include "engine/render/render.h"

namespace flexform {

ConsoleText render_tokens_text(const std::vector<TokenRow>& rows) {
    std::vector<std::vector<std::string>> table;
    for (const auto& r : rows) {
        table.push_back({std::to_string(r.account_id), r.customer.empty() ? "(no manifest)" : r.customer, r.config,
                         r.token.serial, std::string(to_string(r.token.status)), r.token.token_status, r.token.token});
    }
    return {format_table({"ACCOUNT", "CUSTOMER", "CONFIG", "SERIAL", "STATUS", "TOKEN STATUS", "TOKEN"}, table),
            count_of(rows.size(), "VM token", "VM tokens") +
                ". Tokens are secrets: paste them into the VMs, not into tickets or chats.\n"};
}

std::string render_tokens_json(const std::vector<TokenRow>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) {
        out.push_back({{"account_id", r.account_id},
                       {"customer", r.customer.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.customer)},
                       {"config", r.config},
                       {"serial_number", r.token.serial},
                       {"status", to_string(r.token.status)},
                       {"token_status", r.token.token_status},
                       {"token", r.token.token}});
    }
    return out.dump(2) + "\n";
}

}  // namespace flexform
