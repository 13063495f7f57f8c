// DesiredState is what the manifests in git declare: the project settings and every customer's configurations.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/billing.h"
#include "engine/model/date.h"
#include "engine/model/parameters.h"
#include "engine/model/policy.h"
#include "engine/model/source_pos.h"

namespace flexform {

// One declared serial. Kept small (an estate declares hundreds of thousands): where it is written is its line and
// column in its customer's file and its place in the config's list (see position_of).
struct DesiredHardware {
    std::string serial;
    std::optional<std::string> description;
    bool adopt = false;  // may be transferred from an account no manifest declares
    // RMA: the unit this one replaces. The plan entitles this serial and stops that one in one swap; with
    // `decommission`, the old unit is also removed from FortiFlex.
    std::optional<std::string> replaces;
    bool decommission = false;
    std::optional<Date> end_date;  // this serial's own end date, over its configuration's
    int line = 0;
    int column = 0;
    int index = 0;  // in the config's `serials`
};

struct VmSpec {
    int count = 0;
    std::optional<std::string> description;
    std::optional<std::string> folder_path;
    bool skip_pending = false;
    bool regenerate_token_on_stop = false;  // a VM the plan stops gets a new token, so the old one cannot be reused
    // false: a STOPPED VM whose token was never used stays STOPPED when the count asks for more (a reactivated one is
    // charged at once); new PENDING (free) VMs make up the count instead.
    bool reactivate_unused = true;
    std::vector<std::string> stop_first;  // serials to give up first when the count goes down, in this order
};

struct CloudSpec {
    std::optional<std::string> description;
    std::optional<std::string> folder_path;
};

struct DesiredConfig {
    std::string name;
    std::optional<std::int64_t> id;  // pins an existing live configuration
    int product_id = 0;
    ParameterSet parameters;  // normalized against the catalog
    std::vector<DesiredHardware> serials;
    std::optional<VmSpec> vms;
    std::optional<CloudSpec> cloud;
    std::optional<Date> end_date;
    bool adopt = false;   // its serials may be transferred from accounts no manifest declares
    bool enabled = true;  // false: the configuration stays DISABLED, and nothing under it is managed
    int index = 0;        // in the customer's `spec.configs`
    std::string offer;    // the Offer its product and parameters come from; empty when written in full
    SourcePos pos;
    std::string program;    // `program:`: the name of the program billing it; empty: its customer's
    SourcePos program_pos;  // where `program:` is written
};

struct Customer {
    std::string name;
    std::int64_t account_id = 0;
    std::map<std::string, std::string> labels;
    bool suspended = false;
    bool protect = false;
    std::vector<DesiredConfig> configs;
    std::optional<BillingTerms> billing;  // chargeback terms (spec.billing)
    std::optional<Budget> budget;         // spec.budget
    std::vector<Waiver> overrides;        // spec.overrides: waived budget rules
    SourcePos pos;                        // metadata.name
    SourcePos account_pos;                // metadata.accountId
    std::string program;                  // spec.program: its configs' program by default; empty: the project's
    SourcePos program_pos;                // where spec.program is written
};

// A service sold to many customers (kind: Offer): product, parameters and defaults written once, which a customer
// config names with `offer:` and completes with its own serials or VM count and the overrides the offer allows.
struct Offer {
    std::string name;
    std::string label;  // for reports; the name when the offer sets none
    int product_id = 0;
    ParameterSet parameters;                 // normalized; a config's overrides apply on top
    std::vector<std::string> overridable;    // parameter keys a config may set
    std::optional<std::string> description;  // default for vms and cloud; "{customer}" is the customer's name
    std::optional<std::string> folder_path;  // default for vms and cloud; "{customer}" is the customer's name
    std::optional<bool> skip_pending;        // default for vms
    std::optional<Date> end_date;            // default end date of the configurations that name it
    SourcePos pos;                           // metadata.name
    SourcePos product_pos;                   // spec.product
    SourcePos overridable_pos;               // spec.overridable, or metadata.name when absent
};

// One program of spec.programs: a FortiFlex program the project manages, with the rules of its own.
struct ProgramSettings {
    std::string name;    // the short name manifests and --program use
    std::string serial;  // ELAVMS… (postpaid) or ELAVMR… (prepaid)
    bool is_default = false;  // billing the configs that name no program
    std::optional<double> yearly_commitment;
    std::optional<ProgramPrice> billing;
    ProgramPolicies policies;
    std::vector<Waiver> overrides;
    std::optional<int> requests_per_minute;  // this program's request budget, over the project's
    std::optional<int> requests_per_hour;
    SourcePos pos;  // its `name:`
};

struct ProjectSettings {
    std::optional<std::string> program_serial;
    std::optional<std::string> api_url;
    std::optional<std::string> auth_url;
    std::optional<std::string> database;
    std::optional<double> yearly_commitment;
    std::optional<int> parallelism;
    std::optional<int> requests_per_minute;       // 0: no minute window
    std::optional<int> requests_per_hour;         // 0: no hour window
    std::optional<int> create_errors_per_hour;    // 0: no allowance kept
    std::optional<double> read_share;             // the fraction of the budget read-only commands may use
    std::optional<int> request_timeout_seconds;  // one API request's limit (default 60)
    std::optional<int> settle_seconds;           // the margin after it before absence can be proven (default 60)
    std::optional<std::string> ca_bundle;  // PEM file of CAs to trust for the API (a private CA or proxy)
    std::optional<std::string> lock_dir;   // spec.lockDir: this host's apply lock directory
    bool shared_lock = false;              // spec.lock: shared: apply refuses unless the lock is PostgreSQL's
    std::optional<ProgramPrice> billing;   // the program-wide price per point customers' markups apply to
    ProgramPolicies policies;              // spec.policies
    std::vector<Waiver> overrides;         // spec.overrides: waived program rules
    std::string file;                      // where these came from, empty when no project file was found
    std::vector<ProgramSettings> programs;  // spec.programs; empty when the project names one programSerialNumber
    std::optional<std::string> name;       // metadata.name: what the dashboard's titles call the project
};

struct DesiredState {
    ProjectSettings project;
    std::vector<Customer> customers;
    std::vector<Offer> offers;
    std::vector<std::string> files;  // every manifest file read, sorted

    const Customer* find_customer(const std::string& name) const;
    const Offer* find_offer(const std::string& name) const;
    std::map<std::int64_t, std::string> customer_names() const;  // account id -> customer name
    // The account of the customer declaring this hardware serial, if any.
    std::optional<std::int64_t> account_declaring(const std::string& serial) const;
};

// The end date a declared serial's entitlement should have: its own, else its configuration's.
std::optional<Date> end_date_of(const DesiredConfig& config, const DesiredHardware& hardware);

// Number of entitlements a config declares: serials, a VM count, or one cloud service.
int declared_entitlements(const DesiredConfig& config);

// Where a declared serial is written, and its field path ("spec.configs[0].serials[2]"), for diagnostics.
SourcePos position_of(const Customer& customer, const DesiredHardware& hardware);
std::string field_of(const DesiredConfig& config, const DesiredHardware& hardware);

}  // namespace flexform
