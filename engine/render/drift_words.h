// Words for a drift finding: what differs and what `flexform apply` would do about it, the same in every format.
#pragma once

#include "engine/catalog/catalog.h"
#include "engine/report/drift.h"

namespace flexform {

// "configuration \"fgt\" was disabled outside git" / "enable it"; an item read back from JSON keeps its words.
PhrasedDrift drift_words(const DriftItem& item, const Catalog& catalog);

}  // namespace flexform
