// The program report's findings in words: its notes (true, not alarming) and its warnings (its own findings, then
// each customer over its budget), phrased from the report's figures for every format that shows them.
#pragma once

#include <string>
#include <vector>

#include "engine/report/status.h"

namespace flexform {

std::vector<std::string> program_notes(const ProgramReport& report);
std::vector<std::string> program_warnings(const ProgramReport& report);
// "the known average" / "the current rate": what the closed days nobody kept are estimated at.
std::string unknown_basis_text(UnknownDaysBasis basis);

}  // namespace flexform
