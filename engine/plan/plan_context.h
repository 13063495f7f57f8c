// PlanContext holds what every part of the planner shares while one plan is built: the inputs, indexes over the
// live state, the prices and the plan being filled. Internal to engine/plan.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/plan/planner.h"

namespace flexform::planning {

// Where a serial is entitled in the live state that was read.
struct SerialOwner {
    std::int64_t account_id = 0;
    const LiveEntitlement* entitlement = nullptr;
};

class PlanContext {
public:
    PlanContext(const DesiredState& desired, const LiveState& live, const PriceTable& prices, const Catalog& catalog,
                const PlanOptions& options);

    const DesiredState& desired;
    const LiveState& live;
    const Catalog& catalog;
    const PlanOptions& options;
    Plan plan;

    // Points per day of one unit of (product, parameters); 0 when not priced.
    double rate(int product_id, const ParameterSet& parameters, bool* metered = nullptr);
    // What a live entitlement costs today: ACTIVE on an enabled configuration.
    double live_rate(const LiveEntitlement& entitlement);

    const LiveConfig* find_config(std::int64_t id) const;
    const SerialOwner* owner_of(const std::string& serial) const;
    // The customer of the full desired state (not only those selected) that declares `account`.
    const Customer* customer_of_account(std::int64_t account) const;
    // The customer and config of the full desired state that declare a hardware serial.
    const DesiredConfig* declaring_config(const std::string& serial, const Customer** customer = nullptr) const;
    // The declared serial entry (of the full desired state) that names `serial` in `replaces:`, if any.
    const DesiredHardware* replacement_of(const std::string& serial, const Customer** customer = nullptr) const;
    const std::vector<LiveEntitlement>& entitlements_of(std::int64_t account) const;
    // The configuration an entitlement is planned under: its own, or the one its duplicate configuration merges into.
    std::int64_t config_of(const LiveEntitlement& entitlement) const;
    // Plans the merge of identical duplicates into `kept`: every entitlement moves there (update_entitlement),
    // then each duplicate is disabled. From then on config_of() places their entitlements under `kept`. A serial
    // another configuration declares is left to that one's move (the disable waits for it too).
    void merge_duplicates(const Customer& customer, const DesiredConfig& declared, const LiveConfig& kept,
                          const std::vector<const LiveConfig*>& duplicates);
    // The merge move of a serial planned by merge_duplicates, so later details ride on that one update.
    Change* duplicate_move(const std::string& serial);
    // Takes back every change from `first` on (a customer left out by an error).
    void drop_changes_from(std::size_t first);
    const std::vector<const LiveConfig*>& configs_of(std::int64_t account) const;

    void diagnose(Severity severity, DiagnosticCode code, const std::string& address, const std::string& message,
                  std::optional<SourcePos> source = std::nullopt);
    Change& add(Change change);
    // A change with the customer's identity filled in.
    static Change base(const Customer& customer, const std::string& config_name, ActionKind action, ChangeKind kind);
    // Stops a running entitlement, or reports that `protect` forbids it.
    void stop(const Customer& customer, const std::string& config_name, const LiveEntitlement& entitlement,
              Reason reason);

    // The prices rate() was asked for: key -> (product, parameters).
    const std::map<std::string, std::pair<int, ParameterSet>>& used_prices() const { return m_used_prices; }
    const PriceTable& prices() const { return m_prices; }

    // Points per day, by account, of running hardware and cloud entitlements another program's plan moves out of
    // this program (program_move_plan.cpp): no change of this plan carries them, the totals take them out.
    std::map<std::int64_t, double> departing_per_day;

private:
    const PriceTable& m_prices;
    std::map<std::string, std::pair<int, ParameterSet>> m_used_prices;
    std::unordered_map<std::int64_t, const LiveConfig*> m_configs;
    std::unordered_map<std::int64_t, std::vector<const LiveConfig*>> m_account_configs;
    // Keyed by views into the live and desired states, which outlive the context: no serial is copied.
    std::unordered_map<std::string_view, SerialOwner> m_serial_owner;
    std::unordered_map<std::int64_t, const Customer*> m_account_customer;
    // Built on the first question: most plans never ask who else declares a serial.
    mutable std::unordered_map<std::string_view, std::pair<const Customer*, const DesiredConfig*>> m_declared_serial;
    // old serial -> the customer and entry replacing it
    mutable std::unordered_map<std::string_view, std::pair<const Customer*, const DesiredHardware*>> m_replaced_by;
    mutable bool m_declared_indexed = false;
    void index_declared() const;
    std::unordered_map<std::int64_t, std::int64_t> m_merged_into;      // duplicate config -> the one kept
    std::unordered_map<std::string, std::size_t> m_duplicate_moves;  // serial -> index in plan.changes
};

// What planning one declared configuration needs besides the context.
struct ConfigScope {
    const Customer& customer;
    const DesiredConfig& desired;
    const LiveConfig* live;                         // the matched live config, or null (it is created)
    std::vector<const LiveEntitlement*> on_config;  // the account's entitlements under `live`
    const std::vector<LiveEntitlement>& account_entitlements;
    double rate = 0.0;  // per-unit points of the declared parameters
    bool metered = false;

    std::string address() const { return customer.name + "/" + desired.name; }
    std::string address(const std::string& serial) const { return address() + "/" + serial; }
};

// One function per part of the plan (planner.cpp orchestrates them).
void plan_config_object(PlanContext& context, const ConfigScope& scope);  // create / update / enable the config
void plan_hardware(PlanContext& context, const ConfigScope& scope);
void plan_vms(PlanContext& context, const ConfigScope& scope);
void plan_cloud(PlanContext& context, const ConfigScope& scope);

// Entitlement-level pieces shared by the form factors (entitlement_plan.cpp).
void reconcile_status(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& entitlement);
void reconcile_details(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& entitlement,
                       const std::optional<std::string>& description, const std::optional<Date>& end_date);
void reactivate_vm(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& entitlement, int have,
                   int wanted);
void move_within_account(PlanContext& context, const ConfigScope& scope, const LiveEntitlement& entitlement,
                         const std::optional<std::string>& description);
void transfer_from_account(PlanContext& context, const ConfigScope& scope, const SerialOwner& owner,
                           const DesiredHardware& declared);

// Moves between the programs of one project (program_move_plan.cpp).
struct MoveSource {
    const LiveState* program = nullptr;  // the other program's live state
    const LiveConfig* config = nullptr;  // its configuration of the same account and name
};
// Where a declared configuration no live one of this program matches moves in from: a configuration of the same
// account, name and product in one of options.other_programs. Empty for a plain create.
std::optional<MoveSource> move_source(const PlanContext& context, const Customer& customer,
                                      const DesiredConfig& declared);
// The entitlements of a configuration moving in (its create is already planned): hardware and cloud ones move from
// the source configuration, VMs are created here (a VM serial is its program's), what the manifest no longer
// declares is stopped.
void plan_move_in(PlanContext& context, const ConfigScope& scope, const MoveSource& source, const ProductType& product);
// A declared hardware serial this program does not hold but another program holds in a configuration of the same
// account: moved in (entitlements/update configId) whether or not the declared configuration exists here already
// (a move interrupted after its create, or a unit moving back to a program it left). False when no other program
// holds it.
bool move_serial_from_other_program(PlanContext& context, const ConfigScope& scope, const DesiredHardware& declared);
// The configurations of the customer's account that the manifests now bill to another program
// (options.declared_elsewhere), claimed here so they are not unmanaged: VMs stopped, hardware and cloud left for the
// other program's moves (their points leave this program's totals), the configuration disabled once empty.
void plan_moves_out(PlanContext& context, const Customer& customer,
                    const std::vector<const LiveConfig*>& account_configs, std::set<std::int64_t>& claimed);

// Totals per customer and for the program, and notes on scheduled price changes (cost.cpp).
void total_costs(PlanContext& context);

}  // namespace flexform::planning
