// Plan is the value `flexform plan` computes and `apply` executes: every change as typed data (action, reason,
// before/after snapshots, cost), the diagnostics of what cannot be reconciled, and where it was computed from.
// Renderers phrase it; the applier sends exactly the `after` values it holds.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/date.h"
#include "engine/model/desired.h"
#include "engine/model/parameters.h"
#include "engine/model/severity.h"
#include "engine/model/status.h"
#include "engine/plan/policies.h"

namespace flexform {

enum class ActionKind {
    create_config,
    update_config,
    enable_config,
    disable_config,
    create_entitlements,
    update_entitlement,
    transfer,
    reactivate,
    swap,  // RMA: entitle a new serial and stop (and perhaps remove) the unit it replaces, in one change
    stop,
    regenerate_token,  // a new licence token for a VM (entitlements/vm/token); costs nothing
};

std::string_view to_string(ActionKind action);
std::optional<ActionKind> parse_action(std::string_view text);
char symbol(ActionKind action);
// Apply order (DESIGN section 4): configs first, then entitlements, stops and disables last.
int stage(ActionKind action);
// Every action, in apply order (for summaries and schemas).
const std::vector<ActionKind>& all_actions();

enum class ChangeKind { config, entitlement };
std::string_view to_string(ChangeKind kind);
std::optional<ChangeKind> parse_change_kind(std::string_view text);

// Why a change is in the plan. Renderers phrase it; drift and apply branch on it.
enum class ReasonCode {
    config_absent,                // create_config: declared, not in FortiFlex
    config_differs,               // update_config: name or parameters differ (see before/after)
    config_disabled,              // enable_config: declared, DISABLED in FortiFlex
    config_unmanaged,             // disable_config and stops under --prune: not declared
    config_declared_disabled,     // disable_config: declared with enabled: false, ACTIVE in FortiFlex
    serials_not_entitled,         // create_entitlements (hardware)
    cloud_not_entitled,           // create_entitlements (cloud)
    vm_count_raised,              // create_entitlements (VM) and reactivate of a STOPPED VM
    vm_count_lowered,             // stop of surplus VMs
    serial_not_declared,          // stop: entitled under a declared config, not declared
    cloud_not_declared,           // stop: a cloud entitlement the config no longer declares
    customer_suspended,           // stop: the customer is suspended in git
    stopped_but_declared,         // reactivate: STOPPED in FortiFlex, declared and the customer active
    declared_under_other_config,  // update_entitlement: entitled under another config of the account
    details_differ,               // update_entitlement: description or end date differ
    declared_in_other_account,    // transfer: entitled in another account of the program
    duplicate_config,             // update_entitlement out of, and disable_config of, an identical duplicate of the
                                  // declared configuration; target_config_id is the one kept
    serial_replaced,              // swap: a declared serial replaces a unit still entitled (Change::swap)
    token_on_stop,                // regenerate_token: the plan stops the VM and its config asks for a fresh token
    token_requested,              // regenerate_token: `flexform tokens regenerate` selected the VM
    moved_from_program,  // a configuration moved in from another program: its create, and update_entitlement of a
                         // hardware or cloud entitlement out of its config there (`from`: "program/config")
    moved_to_program,    // a configuration moved out to another program: stop of its VMs, its disable once empty
                         // (`from`: the target program's name)
};

std::string_view to_string(ReasonCode code);
std::optional<ReasonCode> parse_reason_code(std::string_view text);

struct Reason {
    Reason() = default;
    explicit Reason(ReasonCode reason_code, int from_vms = 0, int to_vms = 0, std::string from_where = {})
        : code(reason_code), from_count(from_vms), to_count(to_vms), from(std::move(from_where)) {}

    ReasonCode code = ReasonCode::config_absent;
    int from_count = 0;  // vm_count_*: live running count
    int to_count = 0;    // vm_count_*: declared count
    std::string from;    // declared_under_other_config: live config name; declared_in_other_account: "customer/config"
    bool operator==(const Reason&) const = default;
};

// A typed picture of an object before or after a change. Only the fields the change concerns are set.
struct Snapshot {
    std::optional<std::string> name;                                 // config name
    std::optional<ParameterSet> parameters;                          // config parameters
    std::optional<ConfigStatus> config_status;                       // enable/disable
    std::optional<EntitlementStatus> status;                         // entitlement status
    std::optional<std::vector<std::string>> serials;                 // hardware creates
    std::optional<std::map<std::string, std::string>> descriptions;  // hardware creates: per serial, set after
    std::optional<int> count;                                        // VM and cloud creates
    std::optional<std::string> description;                          // entitlements
    std::optional<std::string> folder_path;                          // VM and cloud creates
    std::optional<bool> skip_pending;                                // VM creates
    std::optional<Date> end_date;                                    // entitlements
    std::optional<std::string> config;                               // the config an entitlement is under
    std::optional<std::int64_t> account_id;                          // transfers

    bool empty() const { return *this == Snapshot{}; }
    bool operator==(const Snapshot&) const = default;
};

struct PointsPerDay {
    double before = 0.0;
    double after = 0.0;
    double delta() const { return after - before; }
    bool operator==(const PointsPerDay&) const = default;
};

// update_config: how the change re-prices what runs on the configuration.
struct Reprice {
    int entitlements = 0;  // running entitlements whose price changes
    double per_device_before = 0.0;
    double per_device_after = 0.0;
    bool operator==(const Reprice&) const = default;
};

// A create whose earlier send may still land in FortiFlex (its answer never came): it is not sent again before
// `until`, when the settle window of that send has passed and two reads can prove the object absent.
struct SettleWait {
    std::string until;    // UTC ISO 8601
    std::string sent_at;  // UTC ISO 8601: the send of unknown outcome
    bool operator==(const SettleWait&) const = default;
};

// What an RMA swap still has to do, in this order: a failure part-way leaves the rest for the next plan.
struct Swap {
    std::string replaced;  // the old unit's serial
    bool entitle = false;  // the new serial is not entitled yet
    bool stop = false;     // the old unit still runs
    bool remove = false;   // decommission: the old unit is still in FortiFlex
    bool operator==(const Swap&) const = default;
};

struct Change {
    std::string address;  // "customer/config" or "customer/config/serial"
    ChangeKind kind = ChangeKind::config;
    ActionKind action = ActionKind::create_config;
    Reason reason;
    std::string customer;
    std::int64_t account_id = 0;
    std::string config_name;
    std::optional<std::int64_t> config_id;  // the live config acted on; empty for one this plan creates
    int product_id = 0;
    std::optional<std::string> serial;             // single-entitlement actions
    std::optional<std::int64_t> target_config_id;  // update_entitlement / transfer: the live config to move to;
                                                   // reactivate with an end date: the config it is updated under
    Snapshot before;
    Snapshot after;
    PointsPerDay points;
    Reprice reprice;
    bool metered = false;      // the product is also billed by metered usage, on top of the points shown
    int becomes_billable = 0;  // PENDING (free) entitlements this change makes ACTIVE (charged)
    std::optional<SettleWait> waiting;  // set: apply skips it until the window has passed
    std::optional<Swap> swap;           // swap only
    std::string offer;                  // the Offer the declared configuration takes its product and parameters from

    bool operator==(const Change&) const = default;
};

// What cannot be reconciled, or is worth knowing. Drift and the CLI branch on the code, not the message.
enum class DiagnosticCode {
    config_id_unknown,        // `id:` pins a configuration that is not in the account
    duplicate_live_names,     // two live configurations share the declared name
    product_mismatch,         // the live configuration is another product type
    scale_up_only,            // a parameter that can only grow would shrink
    entitlement_expired,      // a declared entitlement is EXPIRED
    serial_in_other_account,  // a declared serial is entitled in an account the plan cannot take it from
    serial_other_product,     // a declared serial is entitled under a configuration of another product
    protected_customer,       // a stop or disable refused by `protect: true`
    unmanaged_config,         // a live configuration no manifest declares (left alone without --prune)
    unknown_status,           // an entitlement status flexform does not know
    stopped_end_date,         // the end date of a STOPPED entitlement cannot change
    account_unreadable,       // FortiFlex refused to list the customer's account
    end_after_program,        // a declared end date is after the program's end date
    replaced_unit_not_found,  // `replaces:` names a unit FortiFlex does not list in the customer's account
    serial_decommissioned,    // a declared serial is a unit flexform removed from FortiFlex: it cannot be entitled
    moving_to_program,        // a configuration moving out keeps hardware or cloud entitlements the other program's
                              // plan moves; it is disabled by a later plan, once empty
};

std::string_view to_string(DiagnosticCode code);
std::optional<DiagnosticCode> parse_diagnostic_code(std::string_view text);

struct PlanDiagnostic {
    Severity severity = Severity::error;
    DiagnosticCode code = DiagnosticCode::unmanaged_config;
    std::string address;
    std::string message;
    std::optional<SourcePos> source;  // the manifest line the finding is about, when there is one
    bool operator==(const PlanDiagnostic&) const = default;
};

// The customer a diagnostic is about: the first part of its address.
std::string customer_of(const PlanDiagnostic& diagnostic);

struct CustomerCost {
    std::string customer;
    std::int64_t account_id = 0;
    double per_day_before = 0.0;
    double per_day_after = 0.0;
    double delta_per_day() const { return per_day_after - per_day_before; }
};

// A scheduled price-list change (tools/calc `latest`) that affects a configuration in the plan.
struct PriceChange {
    int product_id = 0;
    ParameterSet parameters;
    double current = 0.0;
    double latest = 0.0;
    Date effective;
};

struct Cost {
    double per_day_before = 0.0;  // the whole program: every account, managed or not
    double per_day_after = 0.0;
    double other_accounts_per_day = 0.0;  // accounts outside the plan's customers, at their unchanged cost
    bool totals_complete = true;          // false when only some accounts were read (plan --changed-since)
    std::vector<CustomerCost> by_customer;
    // Never-used (PENDING) VMs are free until each token is used: they count nothing in before and after (the ones
    // a plan creates neither); how many there are, and what they would cost per day once all are used.
    int never_used_before = 0;
    double never_used_per_day_before = 0.0;
    int never_used_after = 0;
    double never_used_per_day_after = 0.0;
    std::optional<std::int64_t> prepaid_balance;  // prepaid programs
    std::optional<double> yearly_commitment;      // postpaid programs, when the project sets one
    std::vector<PriceChange> price_changes;

    double delta_per_day() const { return per_day_after - per_day_before; }
    double delta_per_month() const { return delta_per_day() * 30.0; }
    double delta_per_year() const { return delta_per_day() * 365.0; }
    std::optional<double> runway_days(double per_day) const;
};

// Which customers a plan covers and how it was asked for, so `apply PLANFILE` can plan the same thing again.
struct PlanScope {
    std::vector<std::string> customers;  // empty: every customer of the manifests
    bool prune = false;
    std::string changed_since;  // the git ref of `plan --changed-since`, if any
    bool operator==(const PlanScope&) const = default;
};

inline constexpr int k_plan_format_version = 2;

struct Plan {
    int format_version = k_plan_format_version;
    std::string flexform_version;
    std::string created_at;
    std::string program_serial;
    std::vector<std::string> manifest_paths;  // the PATHs the plan was made from, as given
    std::string manifest_digest;              // of the desired state of the customers in scope
    std::string live_digest;                  // of the live objects read
    PlanScope scope;
    // plan --changed-since: what a reviewer must know beside the changes (never compared by a saved-plan apply).
    std::vector<std::string> removed_customers;    // declared at the revision, nowhere now: left as they are
    std::vector<std::string> unapplied_customers;  // with a base: changed before it, i.e. merged but not applied
    std::string base_ref;                          // the pull request's base, when the revision is the last apply
    std::vector<std::int64_t> accounts;            // the managed accounts whose live state the plan read
    std::vector<Change> changes;
    std::vector<PlanDiagnostic> diagnostics;
    std::vector<PolicyResult> policies;  // every cost rule of the manifests, evaluated
    Cost cost;

    // Nothing blocks the plan as a whole (a blocking cost rule). A customer with an error diagnostic is left out: its
    // changes are not in the plan, the other customers' are, and the exit code says something was left out.
    bool applyable() const;
    // Customers left out by an error diagnostic, in the order they were diagnosed.
    std::vector<std::string> left_out() const;
    // Of those, the ones left out only by `protect`: blocked by a rule of the manifests, as a policy blocks, not
    // failed.
    std::vector<std::string> blocked_customers() const;
    // The others: left out by an error (a differing duplicate, an unreadable account, ...).
    std::vector<std::string> failed_customers() const;
    bool has_changes() const { return !changes.empty(); }
    std::map<ActionKind, int> summary() const;  // action -> count
};

}  // namespace flexform
