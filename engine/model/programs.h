// The programs a project manages (spec.programs, or its one programSerialNumber) and which of them bills each
// declared configuration. One program's run (plan, apply, drift, reports) sees the desired state cut to it.
#pragma once

#include <string>
#include <vector>

#include "engine/model/desired.h"

namespace flexform {

// The name a project's only program goes by when flexform.yaml names one programSerialNumber (or none).
inline constexpr const char* k_single_program_name = "default";

// spec.programs, or one program named "default" with the project-wide settings and `serial` (the serial the run
// resolved from --program, FORTIFLEX_PROGRAM_SERIAL or programSerialNumber).
std::vector<ProgramSettings> project_programs(const ProjectSettings& project, const std::string& serial);

// The program named `name_or_serial` (a short name or a serial), or nullptr.
const ProgramSettings* find_program(const std::vector<ProgramSettings>& programs, const std::string& name_or_serial);

// The name of the program billing a config: its own `program:`, else its customer's, else the default's.
std::string program_name_of(const std::vector<ProgramSettings>& programs, const Customer& customer,
                            const DesiredConfig& config);

// The project settings one program's run works under: that program's serial, commitment, billing, policies,
// overrides and request budget (when it sets one) in place of the project-wide ones.
ProjectSettings settings_for_program(const ProjectSettings& project, const ProgramSettings& program);

// The desired state one program's run sees: the project settings of that program (serial, commitment, billing,
// policies, overrides, request budget), and each customer billed anything by it with only those configurations.
// A customer none of whose configurations the program bills is kept (with none) when its own program is this one,
// so a customer moved whole to another program still owns its account in the program it left.
DesiredState desired_for_program(const DesiredState& desired, const std::vector<ProgramSettings>& programs,
                                 const ProgramSettings& program);

}  // namespace flexform
