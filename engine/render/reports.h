// Renderers for the day-2 reports: drift, multi-tenant status, program balance. Pure functions.
#pragma once

#include <optional>
#include <string>

#include "engine/manifest/diagnostic.h"
#include "engine/report/consumption.h"
#include "engine/report/drift.h"
#include "engine/report/invoice.h"
#include "engine/report/status.h"

namespace flexform {

// `color`: the state words in colour (the CLI's use_color decides; only the text forms take it).
std::string render_drift_text(const DriftReport& report, const Catalog& catalog, bool color = false);
std::string render_drift_markdown(const DriftReport& report, const Catalog& catalog);
std::string render_drift_json(const DriftReport& report, const Catalog& catalog);
// Drift across several programs: each program's report (every finding naming its program), then the count of all.
// JSON: {"in_sync", "drifted", "ignored", "programs": [one program's report with "program_name"...]}.
std::string render_drift_text(const std::vector<DriftReport>& reports, const Catalog& catalog);
std::string render_drift_markdown(const std::vector<DriftReport>& reports, const Catalog& catalog);
std::string render_drift_json(const std::vector<DriftReport>& reports, const Catalog& catalog);

std::string render_status_text(const StatusReport& report, std::optional<std::int64_t> detail_account,
                               const Catalog& catalog, bool color = false);
std::string render_status_json(const StatusReport& report, std::optional<std::int64_t> detail_account,
                               const Catalog& catalog);

std::string render_program_text(const ProgramReport& report, bool color = false);
std::string render_program_json(const ProgramReport& report);

// Across several programs: each program's report under its name, then the total rate (and, for status, the distinct
// accounts). JSON: {"programs": [each program's document with its "name"], and the total}.
std::string render_status_text(const std::vector<Named<StatusReport>>& reports,
                               std::optional<std::int64_t> detail_account, const Catalog& catalog);
std::string render_status_json(const std::vector<Named<StatusReport>>& reports,
                               std::optional<std::int64_t> detail_account, const Catalog& catalog);
std::string render_program_text(const std::vector<Named<ProgramReport>>& reports);
std::string render_program_json(const std::vector<Named<ProgramReport>>& reports);

std::string render_consumption_table(const ConsumptionReport& report, bool color = false);
std::string render_consumption_csv(const ConsumptionReport& report);
std::string render_consumption_json(const ConsumptionReport& report);
std::string render_consumption_markdown(const ConsumptionReport& report);
// A self-contained page: inline CSS and an inline SVG chart, no scripts, nothing fetched.
std::string render_consumption_html(const ConsumptionReport& report);

// One `::error file=...,line=...,col=...::message` workflow command per diagnostic.
std::string render_github_annotations(const std::vector<Diagnostic>& diagnostics);
// A GitLab Code Quality report (JSON array) of the diagnostics.
std::string render_gitlab_code_quality(const std::vector<Diagnostic>& diagnostics);

std::string render_invoice_csv(const Invoice& invoice);
std::string render_invoice_json(const Invoice& invoice);
std::string render_invoice_markdown(const Invoice& invoice);
// A printable page (A4 margins, no chart): for one customer, the document to send them.
std::string render_invoice_html(const Invoice& invoice);
// The warning line for stderr when the store lacks days of the invoiced month; empty when it holds them all.
std::string render_invoice_warning(const Invoice& invoice);

}  // namespace flexform
