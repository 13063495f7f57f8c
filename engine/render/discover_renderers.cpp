#include "engine/render/discover_renderers.h"

#include <nlohmann/json.hpp>

#include "engine/model/words.h"

namespace flexform {

namespace {

// Shown in the project file when the user sees no program, so the file still has the shape to fill in.
constexpr const char* k_placeholder_program = "ELAVMS0000000000";

std::string date_or_empty(const std::optional<Date>& date) {
    return date ? to_string(*date) : "";
}

const char* type_of(const ProgramInfo& program) {
    return program.prepaid ? "prepaid" : "postpaid";
}

std::string term_of(const ProgramInfo& program) {
    std::string out = type_of(program);
    if (program.start || program.end) {
        out += ", " + date_or_empty(program.start) + " to " + date_or_empty(program.end);
    }
    return out;
}

std::string program_list(const Discovery& discovery) {
    if (discovery.programs.empty()) {
        return "none";
    }
    std::string out;
    for (const auto& p : discovery.programs) {
        out += (out.empty() ? "" : ", ") + p.program.serial + " (" + type_of(p.program) + ")";
    }
    return out;
}

const DiscoveredProgram* find_program(const Discovery& discovery, const std::string& serial) {
    for (const auto& p : discovery.programs) {
        if (p.program.serial == serial) {
            return &p;
        }
    }
    return nullptr;
}

std::size_t accounts_with_configs(const DiscoveredProgram& program) {
    std::size_t n = 0;
    for (const auto& a : program.accounts) {
        n += a.configs > 0 ? 1 : 0;
    }
    return n;
}

}  // namespace

std::string render_discovery_text(const Discovery& discovery) {
    if (discovery.programs.empty()) {
        return "This API user sees no FortiFlex program.\n";
    }
    std::string out;
    for (const auto& p : discovery.programs) {
        out += "Program " + p.program.serial + " (" + term_of(p.program) + "), owner account " +
               std::to_string(p.program.account_id) + "\n";
        for (const auto& a : p.accounts) {
            out += "  account " + std::to_string(a.account_id) + (a.owns_program ? " (owner)" : "") + ": " +
                   (a.configs == 0 ? std::string("no configurations")
                                   : count_of(static_cast<std::size_t>(a.configs), "configuration", "configurations")) +
                   "\n";
        }
    }
    out += "FortiFlex lists no other account without configurations: declare one by metadata.accountId in a "
           "manifest.\n";
    return out;
}

std::string render_discovery_json(const Discovery& discovery) {
    nlohmann::json programs = nlohmann::json::array();
    for (const auto& p : discovery.programs) {
        nlohmann::json accounts = nlohmann::json::array();
        for (const auto& a : p.accounts) {
            accounts.push_back({{"account_id", a.account_id}, {"configs", a.configs}, {"owner", a.owns_program}});
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

namespace {

std::string accounts_line(const DiscoveredProgram& program) {
    std::string ids;
    for (const auto& a : program.accounts) {
        if (a.configs > 0) {
            ids += (ids.empty() ? "" : ", ") + std::to_string(a.account_id);
        }
    }
    return ids.empty() ? "no account has configurations" : "accounts with configurations: " + ids;
}

constexpr const char* k_file_settings =
    "  parallelism: 8\n  requestsPerMinute: 90\n  database: .flexform/consumption.db\n"
    "# Next: flexform import --all --out customers\n";

// Every program the user sees, each with its derived name; a customer or configuration names the others with
// `program: NAME`.
std::string programs_file(const Discovery& discovery) {
    std::string out = "apiVersion: flexform/v1\nkind: Project\nspec:\n  programs:\n";
    const std::vector<ProgramName> names = name_programs(discovery);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const DiscoveredProgram& p = discovery.programs[i];
        out += "    - name: " + names[i].name + "\n      serialNumber: " + names[i].serial + "   # " +
               term_of(p.program) + "; " + accounts_line(p) + "\n";
        if (names[i].is_default) {
            out += "      default: true   # customers and configurations without `program:`\n";
        }
        if (!p.program.prepaid) {
            out += "      # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n";
        }
    }
    return out + k_file_settings;
}

}  // namespace

std::string render_project_file(const Discovery& discovery, const std::string& program) {
    if (program.empty() && discovery.programs.size() > 1) {
        return programs_file(discovery);
    }
    const DiscoveredProgram* chosen = find_program(discovery, program);
    std::string serial_line = "  programSerialNumber: ";
    if (chosen == nullptr) {
        serial_line += std::string(k_placeholder_program) + "   # this API user sees no program: write yours here\n";
    } else {
        serial_line += program + "   # " + term_of(chosen->program) + ", " +
                       count_of(accounts_with_configs(*chosen), "account", "accounts") + " with configurations\n";
    }
    return "apiVersion: flexform/v1\nkind: Project\nspec:\n" + serial_line +
           "  # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n" + k_file_settings;
}

std::string render_project_file_shown(const Discovery& discovery, const std::string& program) {
    return "\n# flexform.yaml (save it with flexform discover --write, or flexform discover > flexform.yaml)\n" +
           render_project_file(discovery, program);
}

std::string render_project_file_written(const std::string& path, const std::string& program) {
    return "Wrote " + path + (program.empty() ? std::string(" (no program: fill in programSerialNumber)")
                                              : " for program " + program) +
           ". Next: flexform import --all --out customers\n";
}

std::string render_project_file_written(const std::string& path, const Discovery& discovery) {
    std::string programs;
    for (const auto& n : name_programs(discovery)) {
        programs += (programs.empty() ? "" : ", ") + n.name + " (" + n.serial + (n.is_default ? ", the default" : "") +
                    ")";
    }
    return "Wrote " + path + " for programs " + programs + ". Next: flexform import --all --out customers\n";
}

std::string render_project_file_exists(const std::string& path) {
    return path + " exists here; remove it first, or write elsewhere with flexform discover > FILE";
}

std::string render_program_choice_error(const Discovery& discovery, const ProgramChoice& choice) {
    return "--program " + choice.serial + " is not a program this API user sees; it sees " + program_list(discovery);
}

}  // namespace flexform
