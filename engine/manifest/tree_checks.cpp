// Checks that need every document at once: unique serials, customer names and account ids.
#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "engine/manifest/manifest.h"
#include "engine/manifest/suggest.h"
#include "engine/model/programs.h"
#include "engine/model/unsafe_text.h"

namespace flexform {

namespace {

struct Place {
    SourcePos pos;
    std::string field;
};

using Occurrences = std::map<std::string, std::vector<Place>>;  // label -> every place it appears

std::string where(const SourcePos& pos) {
    return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

// Reports every occurrence after the first, in file and position order, of a label seen more than once.
void report_duplicates(Occurrences& occurrences, std::vector<Diagnostic>& out) {
    for (auto& [label, places] : occurrences) {
        if (places.size() < 2) {
            continue;
        }
        std::sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
            return std::tie(a.pos.file, a.pos.line, a.pos.column) < std::tie(b.pos.file, b.pos.line, b.pos.column);
        });
        for (std::size_t i = 1; i < places.size(); ++i) {
            const Place& p = places[i];
            out.push_back(Diagnostic{Severity::error, p.pos.file, p.pos.line, p.pos.column, p.field,
                                     label + " is also declared at " + where(places[0].pos)});
        }
    }
}

// A swap replaces a unit of the customer's own account: another customer's declared unit is none of its units.
void check_replaced_elsewhere(const DesiredState& state, std::vector<Diagnostic>& out) {
    std::unordered_map<std::string_view, std::pair<const Customer*, SourcePos>> declared;
    for (const auto& customer : state.customers) {
        for (const auto& config : customer.configs) {
            for (const auto& hardware : config.serials) {
                if (hardware.replaces) {
                    declared.emplace(*hardware.replaces, std::make_pair(nullptr, SourcePos{}));
                }
            }
        }
    }
    if (declared.empty()) {
        return;  // most trees name no replaced unit
    }
    for (const auto& customer : state.customers) {
        for (const auto& config : customer.configs) {
            for (const auto& hardware : config.serials) {
                if (const auto it = declared.find(hardware.serial); it != declared.end() && !it->second.first) {
                    it->second = {&customer, position_of(customer, hardware)};
                }
            }
        }
    }
    for (const auto& customer : state.customers) {
        for (const auto& config : customer.configs) {
            for (const auto& hardware : config.serials) {
                if (!hardware.replaces) {
                    continue;
                }
                const auto& [owner, at] = declared.at(*hardware.replaces);
                if (owner && owner != &customer) {
                    const SourcePos pos = position_of(customer, hardware);
                    out.push_back(Diagnostic{
                        Severity::error, pos.file, pos.line, pos.column, field_of(config, hardware) + ".replaces",
                        "serial " + *hardware.replaces + " is declared in customer " + owner->name + " (" + where(at) +
                            "): a swap replaces a unit of the customer's own account"});
                }
            }
        }
    }
}

// A program named by a customer or a config is one flexform.yaml lists under spec.programs.
void check_program_names(const DesiredState& state, std::vector<Diagnostic>& out) {
    std::vector<std::string> names;
    for (const auto& program : state.project.programs) {
        names.push_back(program.name);
    }
    const auto check = [&](const std::string& name, const SourcePos& at, const std::string& field) {
        if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
            return;
        }
        const std::string project = state.project.file.empty() ? "no flexform.yaml was found" : state.project.file;
        out.push_back(Diagnostic{
            Severity::error, at.file, at.line, at.column, field,
            names.empty() ? "program " + quoted_excerpt(name) + " is not listed: flexform.yaml has no spec.programs (" +
                                project + ")"
                          : "unknown program " + quoted_excerpt(name) + did_you_mean(name, names) + " (spec.programs of " +
                                project + " lists " + [&] {
                                    std::string all;
                                    for (const auto& n : names) {
                                        all += (all.empty() ? "" : ", ") + n;
                                    }
                                    return all;
                                }() + ")"});
    };
    for (const auto& customer : state.customers) {
        check(customer.program, customer.program_pos, "spec.program");
        for (const auto& config : customer.configs) {
            check(config.program, config.program_pos, "spec.configs[" + std::to_string(config.index) + "].program");
        }
    }
}

}  // namespace

void check_tree(const DesiredState& state, std::vector<Diagnostic>& out) {
    Occurrences serials;
    Occurrences names;
    Occurrences accounts;
    for (const auto& customer : state.customers) {
        if (!customer.name.empty()) {
            names["customer name " + quoted_excerpt(customer.name)].push_back({customer.pos, "metadata.name"});
        }
        if (customer.account_id > 0) {
            accounts["account " + std::to_string(customer.account_id)].push_back(
                {customer.account_pos, "metadata.accountId"});
        }
    }
    // Serials are the many: find the repeated ones cheaply, then describe only those.
    std::unordered_map<std::string_view, int> seen;
    for (const auto& customer : state.customers) {
        for (const auto& config : customer.configs) {
            for (const auto& hardware : config.serials) {
                ++seen[hardware.serial];
            }
        }
    }
    for (const auto& customer : state.customers) {
        for (const auto& config : customer.configs) {
            for (const auto& hardware : config.serials) {
                if (seen[hardware.serial] > 1) {
                    serials["serial " + hardware.serial].push_back(
                        {position_of(customer, hardware), field_of(config, hardware)});
                }
            }
        }
    }
    report_duplicates(serials, out);
    check_replaced_elsewhere(state, out);
    report_duplicates(names, out);
    report_duplicates(accounts, out);
    check_program_names(state, out);
    // A markup needs the price it marks up: the project's, or with spec.programs that of every program billing the
    // customer (a program's billing defaults to the project's). The error names the program without one.
    const auto unpriced = [&](const Customer& customer) -> const ProgramSettings* {
        std::vector<std::string> billing;
        for (const auto& config : customer.configs) {
            billing.push_back(program_name_of(state.project.programs, customer, config));
        }
        if (billing.empty()) {
            billing.push_back(program_name_of(state.project.programs, customer, DesiredConfig{}));
        }
        for (const auto& name : billing) {
            const ProgramSettings* program = find_program(state.project.programs, name);
            if (program != nullptr && !program->billing) {  // an unknown program is reported elsewhere
                return program;
            }
        }
        return nullptr;
    };
    const std::string project_file =
        state.project.file.empty() ? " (no flexform.yaml was found)" : " (" + state.project.file + ")";
    for (const auto& customer : state.customers) {
        if (!customer.billing || !customer.billing->markup_micros) {
            continue;
        }
        std::string missing;
        if (state.project.programs.empty()) {
            if (!state.project.billing) {
                missing = "a markup needs the program-wide price: set spec.billing.pricePerPoint and currency in "
                          "flexform.yaml" + project_file;
            }
        } else if (const ProgramSettings* program = unpriced(customer)) {
            const auto index = program - state.project.programs.data();
            missing = "a markup needs the price of program " + program->name +
                      ", which bills this customer: set spec.programs[" + std::to_string(index) +
                      "].billing: {pricePerPoint, currency} (or the project's spec.billing) in flexform.yaml" +
                      project_file;
        }
        if (!missing.empty()) {
            const SourcePos& at = customer.billing->pos;
            out.push_back(
                Diagnostic{Severity::error, at.file, at.line, at.column, "spec.billing.markupPercent", missing});
        }
    }
}

}  // namespace flexform
