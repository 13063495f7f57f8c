// Renderers for the day-2 reports: drift, multi-tenant status, program balance. Pure functions.
#pragma once

#include <optional>
#include <string>

#include "engine/report/drift.h"
#include "engine/report/status.h"

namespace flexform {

std::string render_drift_text(const DriftReport& report);
std::string render_drift_markdown(const DriftReport& report);
std::string render_drift_json(const DriftReport& report);

std::string render_status_text(const StatusReport& report, std::optional<std::int64_t> detail_account,
                               const Catalog& catalog);
std::string render_status_json(const StatusReport& report, std::optional<std::int64_t> detail_account,
                               const Catalog& catalog);

std::string render_program_text(const ProgramReport& report);
std::string render_program_json(const ProgramReport& report);

}  // namespace flexform
