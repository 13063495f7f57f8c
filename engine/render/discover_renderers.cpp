#include "engine/render/discover_renderers.h"

#include <nlohmann/json.hpp>

#include "engine/model/words.h"

namespace flexform {

namespace {

// Shown in the snippet when the user sees no program, so the file still has the shape to fill in.
constexpr const char* k_placeholder_program = "ELAVMS0000000000";

std::string date_or_empty(const std::optional<Date>& date) {
    return date ? to_string(*date) : "";
}

const char* type_of(const ProgramInfo& program) {
    return program.prepaid ? "prepaid" : "postpaid";
}

}  // namespace

std::string render_discovery_text(const Discovery& discovery) {
    std::string out;
    for (const auto& p : discovery.programs) {
        out += "Program " + p.program.serial + " (" + type_of(p.program) + "), " + date_or_empty(p.program.start) +
               " to " + date_or_empty(p.program.end) + ", owner account " + std::to_string(p.program.account_id) + "\n";
        for (const auto& a : p.accounts) {
            out += "  account " + std::to_string(a.account_id) + ": " +
                   count_of(static_cast<std::size_t>(a.configs), "configuration", "configurations") + "\n";
        }
    }
    out += "\n# flexform.yaml\napiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: " +
           (discovery.suggested_program.empty() ? std::string(k_placeholder_program) : discovery.suggested_program) +
           "\n  # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n"
           "  parallelism: 8\n  requestsPerMinute: 90\n  database: .flexform/consumption.db\n"
           "# Next: flexform import --all --out customers\n";
    return out;
}

std::string render_discovery_json(const Discovery& discovery) {
    nlohmann::json programs = nlohmann::json::array();
    for (const auto& p : discovery.programs) {
        nlohmann::json accounts = nlohmann::json::array();
        for (const auto& a : p.accounts) {
            accounts.push_back({{"account_id", a.account_id}, {"configs", a.configs}});
        }
        programs.push_back({{"serial_number", p.program.serial},
                            {"type", type_of(p.program)},
                            {"account_id", p.program.account_id},
                            {"start_date", date_or_empty(p.program.start)},
                            {"end_date", date_or_empty(p.program.end)},
                            {"accounts", accounts}});
    }
    return nlohmann::json{{"programs", programs}}.dump(2) + "\n";
}

}  // namespace flexform
