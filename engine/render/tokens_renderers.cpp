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

namespace {

// One hand-off block per VM; with several, a comment line names each so they can be told apart.
std::string hand_off(const std::vector<TokenRow>& rows, const std::string& prefix) {
    std::string out;
    for (const auto& r : rows) {
        if (rows.size() > 1) {
            out += "# " + r.token.serial + " " + (r.customer.empty() ? std::to_string(r.account_id) : r.customer) +
                   "/" + r.config + "\n";
        }
        out += prefix + r.token.token + "\n";
    }
    return out;
}

}  // namespace

std::string render_tokens_cloud_init(const std::vector<TokenRow>& rows) {
    return hand_off(rows, "LICENSE-TOKEN:");
}

std::string render_tokens_fortios(const std::vector<TokenRow>& rows) {
    return hand_off(rows, "execute vm-license ");
}

ConsoleText render_token_folders_text(const std::vector<TokenFolderRow>& rows) {
    std::vector<std::vector<std::string>> table;
    std::int64_t available = 0;
    std::int64_t used = 0;
    for (const auto& r : rows) {
        table.push_back({std::to_string(r.folder.account_id), r.customer.empty() ? "(no manifest)" : r.customer,
                         r.folder.folder_path, std::to_string(r.folder.available), std::to_string(r.folder.used)});
        available += r.folder.available;
        used += r.folder.used;
    }
    return {format_table({"ACCOUNT", "CUSTOMER", "FOLDER", "AVAILABLE", "USED"}, table),
            count_of(static_cast<std::int64_t>(rows.size()), "folder", "folders") + ": " +
                count_of(available, "token available", "tokens available") + ", " + std::to_string(used) + " used.\n"};
}

std::string render_token_folders_json(const std::vector<TokenFolderRow>& rows) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) {
        out.push_back({{"account_id", r.folder.account_id},
                       {"customer", r.customer.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.customer)},
                       {"folder_path", r.folder.folder_path},
                       {"available_tokens", r.folder.available},
                       {"used_tokens", r.folder.used}});
    }
    return out.dump(2) + "\n";
}

ConsoleText render_token_regeneration(const TokenRegenerationOutcome& outcome, bool json) {
    if (outcome.verdict == TokenRegenerationVerdict::nothing_selected) {
        return {json ? "[]\n" : "", "No VM matches the selection: no token regenerated.\n"};
    }
    const ApplyResult& result = outcome.result;
    const int done = result.count(OutcomeStatus::done);
    const int total = static_cast<int>(result.outcomes.size());
    std::string err = "Regenerated " + std::to_string(done) + " of " + count_of(total, "VM token", "VM tokens") +
                      (done == 1 ? "; the old token no longer redeems" : done > 1 ? "; the old ones no longer redeem" : "") + ". Journal: " + outcome.journal + "\n";
    for (const auto& o : result.outcomes) {
        if (o.status == OutcomeStatus::done) {
            continue;
        }
        const Change& c = outcome.plan.changes[o.index];
        err += "  " + c.serial.value_or(c.address) + ": " + std::string(to_string(o.status)) + ": " + o.error;
        if (o.status == OutcomeStatus::unknown) {
            err += " (the token below is the one FortiFlex lists now)";
        }
        err += "\n";
    }
    if (json) {
        return {render_tokens_json(outcome.tokens), err};
    }
    const ConsoleText table = render_tokens_text(outcome.tokens);
    return {table.out, err + table.err};
}

}  // namespace flexform
