// Words for an entitlement ending within the watched window, the same in drift, program and the dashboard.
#pragma once

#include <string>

#include "engine/report/ending.h"

namespace flexform {

// "ends today", "ends tomorrow", "ends in 30 days"
std::string ending_in(const EndingEntitlement& ending);
// "entitlement FGT60FTK20000001 (acme/fgt) ends on 2026-12-20, in 30 days"
std::string ending_message(const EndingEntitlement& ending);
// What to do about it.
std::string ending_remedy();

}  // namespace flexform
