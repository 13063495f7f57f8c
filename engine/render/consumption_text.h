// What every rendering of a consumption report or invoice says in the same words: its heading and its coverage.
#pragma once

#include <string>
#include <vector>

#include "engine/render/escape.h"
#include "engine/report/consumption.h"

namespace flexform {

std::string consumption_heading(const ConsumptionReport& report);
// A report across programs whose rows need a column naming their program (--by program's rows are the programs).
bool has_program_column(const ConsumptionReport& report);
// A program's subtotal's label: "postpaid (12 of 30 days)".
std::string program_total_label(const ConsumptionReport& report, const ProgramShare& share);
// A row's points per covered day: of its program's days in a report across programs, else of the report's.
double row_per_day(const ConsumptionReport& report, const ConsumptionReportRow& row);
// "TOTAL (30 of 30 days)"
std::string total_label(const ConsumptionReport& report);
// One sentence per fact: the days covered, the days missing and why, where each day came from.
std::vector<std::string> coverage_lines(const ConsumptionReport& report);
std::string fixed2(double value);
// A row's detail: its label, and for an offer's row how many customers it spans ("Branch Gold, 50 customers").
std::string row_detail(const ConsumptionReport& report, const ConsumptionReportRow& row);

}  // namespace flexform
