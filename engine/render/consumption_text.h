// What every rendering of a consumption report or invoice says in the same words: its heading and its coverage.
#pragma once

#include <string>
#include <vector>

#include "engine/render/escape.h"
#include "engine/report/consumption.h"

namespace flexform {

std::string consumption_heading(const ConsumptionReport& report);
// "TOTAL (30 of 30 days)"
std::string total_label(const ConsumptionReport& report);
// One sentence per fact: the days covered, the days missing and why, where each day came from.
std::vector<std::string> coverage_lines(const ConsumptionReport& report);
std::string fixed2(double value);
// A row's detail: its label, and for an offer's row how many customers it spans ("Branch Gold, 50 customers").
std::string row_detail(const ConsumptionReport& report, const ConsumptionReportRow& row);

}  // namespace flexform
