#include "engine/model/programs.h"

#include <algorithm>

namespace flexform {

std::vector<ProgramSettings> project_programs(const ProjectSettings& project, const std::string& serial) {
    if (!project.programs.empty()) {
        return project.programs;
    }
    ProgramSettings only;
    only.name = k_single_program_name;
    only.serial = serial;
    only.is_default = true;
    only.yearly_commitment = project.yearly_commitment;
    only.billing = project.billing;
    only.policies = project.policies;
    only.overrides = project.overrides;
    return {only};
}

const ProgramSettings* find_program(const std::vector<ProgramSettings>& programs, const std::string& name_or_serial) {
    const auto it = std::find_if(programs.begin(), programs.end(), [&](const ProgramSettings& p) {
        return p.name == name_or_serial || p.serial == name_or_serial;
    });
    return it == programs.end() ? nullptr : &*it;
}

namespace {

std::string default_name(const std::vector<ProgramSettings>& programs) {
    const auto it = std::find_if(programs.begin(), programs.end(), [](const ProgramSettings& p) { return p.is_default; });
    return it != programs.end() ? it->name : programs.empty() ? std::string() : programs.front().name;
}

std::string customer_program(const std::vector<ProgramSettings>& programs, const Customer& customer) {
    return customer.program.empty() ? default_name(programs) : customer.program;
}

}  // namespace

std::string program_name_of(const std::vector<ProgramSettings>& programs, const Customer& customer,
                            const DesiredConfig& config) {
    return config.program.empty() ? customer_program(programs, customer) : config.program;
}

ProjectSettings settings_for_program(const ProjectSettings& project, const ProgramSettings& program) {
    ProjectSettings out = project;
    out.program_serial = program.serial;
    out.yearly_commitment = program.yearly_commitment;
    out.billing = program.billing;
    out.policies = program.policies;
    out.overrides = program.overrides;
    if (program.requests_per_minute) {
        out.requests_per_minute = program.requests_per_minute;
    }
    if (program.requests_per_hour) {
        out.requests_per_hour = program.requests_per_hour;
    }
    return out;
}

DesiredState desired_for_program(const DesiredState& desired, const std::vector<ProgramSettings>& programs,
                                 const ProgramSettings& program) {
    DesiredState out;
    out.project = settings_for_program(desired.project, program);
    out.offers = desired.offers;
    out.files = desired.files;
    for (const Customer& customer : desired.customers) {
        const bool owned_here = customer_program(programs, customer) == program.name;
        Customer cut = customer;
        cut.configs.clear();
        for (const DesiredConfig& config : customer.configs) {
            if (program_name_of(programs, customer, config) == program.name) {
                cut.configs.push_back(config);
            }
        }
        if (owned_here || !cut.configs.empty()) {
            out.customers.push_back(std::move(cut));
        }
    }
    return out;
}

}  // namespace flexform
