// Words for a plan: the phrase of each typed reason and diagnostic, and the before -> after rows of a change's
// snapshots. Every renderer (text, markdown, JSON, drift) takes its words from here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/plan/plan.h"

namespace flexform {

// "serials not entitled yet", "VM count 1 -> 3: reuse a STOPPED entitlement", "service_pkg FGHWATP -> FGHWUTP".
std::string explain_reason(const Change& change, const Catalog& catalog);

// The steps an RMA swap still takes, in apply's order: "entitle NEW, then stop OLD".
std::string swap_steps(const Change& change);

// What a change does to money beyond its points, or empty: "2 PENDING entitlements (free) become ACTIVE (charged)".
std::string billing_note(const Change& change);

// One displayed field of a change: "status: ACTIVE -> STOPPED", "serials: A, B".
struct FieldRow {
    std::string field;
    std::optional<std::string> before;  // empty for a field the change only sets
    std::string after;
};

// The fields a change sets or changes, in a stable order, values formatted for people.
std::vector<FieldRow> field_rows(const Change& change, const Catalog& catalog);

// "{device_model: FGT60F, service_pkg: FGHWUTP, addons: [FGHWFAZC]}", as a manifest writes them
std::string format_parameters(int product_id, const ParameterSet& parameters, const Catalog& catalog);
std::string product_code(int product_id, const Catalog& catalog);

}  // namespace flexform
