// Plan is the value `flexform plan` computes and `apply` executes: every change with its reason and cost, the
// diagnostics of what cannot be reconciled, and fingerprints of the live objects it was computed from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/manifest/diagnostic.h"
#include "engine/model/date.h"
#include "engine/model/parameters.h"

namespace flexform {

enum class ActionKind {
    create_config,
    update_config,
    enable_config,
    disable_config,
    create_entitlements,
    update_entitlement,
    reactivate,
    stop,
};

std::string_view to_string(ActionKind action);
std::optional<ActionKind> parse_action(std::string_view text);
char symbol(ActionKind action);
// Apply order (DESIGN section 4): configs first, then entitlements, stops and disables last.
int stage(ActionKind action);

struct PointsPerDay {
    double before = 0.0;
    double after = 0.0;
    double delta() const { return after - before; }
    bool operator==(const PointsPerDay&) const = default;
};

struct Change {
    std::string address;  // "customer/config" or "customer/config/serial"
    bool entitlement = false;
    ActionKind action = ActionKind::create_config;
    std::string reason;
    std::string customer;
    std::int64_t account_id = 0;
    std::string config_name;
    std::optional<std::int64_t> config_id;  // live id; empty for a config this plan creates
    int product_id = 0;
    std::optional<std::string> serial;

    // What apply sends.
    ParameterSet parameters;                                 // create_config, update_config
    std::vector<std::string> serials;                        // create_entitlements (hardware)
    std::map<std::string, std::string> serial_descriptions;  // hardware create takes none: set after creating
    int count = 0;                                           // create_entitlements (VM, cloud)
    std::optional<std::string> description;                  // VM/cloud create, update_entitlement
    std::optional<std::string> folder_path;                  // VM/cloud create
    bool skip_pending = false;                               // VM create
    std::optional<Date> end_date;                            // creates, update_entitlement
    std::optional<std::int64_t> target_config_id;            // update_entitlement: the config to move to, when live
    std::string target_config_address;                       // ... or the address of a config this plan creates

    // What it shows.
    std::map<std::string, std::string> before;
    std::map<std::string, std::string> after;
    PointsPerDay points;
    int repriced = 0;                // update_config: entitlements whose price changes
    double per_device_before = 0.0;  // update_config: points per day of one device
    double per_device_after = 0.0;
    bool metered = false;  // priced by metered usage on top of points shown

    bool operator==(const Change&) const = default;
};

struct PlanDiagnostic {
    Severity severity = Severity::error;
    std::string address;
    std::string message;
    bool operator==(const PlanDiagnostic&) const = default;
};

struct CustomerCost {
    std::string customer;
    std::int64_t account_id = 0;
    double per_day_before = 0.0;
    double per_day_after = 0.0;
};

struct Cost {
    double per_day_before = 0.0;
    double per_day_after = 0.0;
    std::vector<CustomerCost> by_customer;
    std::optional<std::int64_t> prepaid_balance;  // prepaid programs
    std::optional<double> yearly_commitment;      // postpaid programs
    std::vector<std::string> price_changes;       // scheduled price list changes that affect this plan

    double delta_per_day() const { return per_day_after - per_day_before; }
    double delta_per_month() const { return delta_per_day() * 30.0; }
    double delta_per_year() const { return delta_per_day() * 365.0; }
    std::optional<double> runway_days(double per_day) const;
};

inline constexpr int k_plan_format_version = 1;

struct Plan {
    int format_version = k_plan_format_version;
    std::string flexform_version;
    std::string created_at;
    std::string program_serial;
    std::string manifest_digest;
    std::string live_digest;
    std::vector<std::int64_t> accounts;  // the managed accounts whose live state the plan read
    std::vector<Change> changes;
    std::vector<PlanDiagnostic> diagnostics;
    Cost cost;
    std::map<std::string, std::string> fingerprints;  // live object key -> fingerprint, for staleness checks

    bool applyable() const;
    bool has_changes() const { return !changes.empty(); }
    std::map<std::string, int> summary() const;  // action name -> count
};

}  // namespace flexform
