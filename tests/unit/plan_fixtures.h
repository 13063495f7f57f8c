// Helpers for planner, renderer and applier tests: manifests from YAML text, live state from literals, and a
// price table as tools/calc would return it.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/manifest/manifest.h"
#include "engine/render/explain.h"
#include "engine/plan/planner.h"

namespace flexform::testing {

inline DesiredState desired_from(const std::string& yaml) {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("test.yaml", yaml, ManifestOptions{&builtin_catalog(), Date{2026, 11, 20}}, state, diagnostics);
    for (const auto& d : diagnostics) {
        ADD_FAILURE() << format(d);
    }
    return state;
}

inline ParameterSet params(const char* product, std::vector<std::pair<std::string, std::vector<std::string>>> values) {
    const ProductType& p = *builtin_catalog().find_by_code(product);
    ParameterSet raw;
    for (const auto& [key, v] : values) {
        raw.values[p.find_parameter(std::string_view{key})->id] = v;
    }
    return normalize(p, raw);
}

inline LiveConfig live_config(std::int64_t id, std::int64_t account, const std::string& name, const char* product,
                              ParameterSet parameters, bool active = true) {
    LiveConfig c;
    c.id = id;
    c.account_id = account;
    c.name = name;
    c.program = "ELAVMS0000000001";
    c.product_id = builtin_catalog().find_by_code(product)->id;
    c.parameters = std::move(parameters);
    c.active = active;
    return c;
}

inline LiveEntitlement live_entitlement(const std::string& serial, std::int64_t config, std::int64_t account,
                                        const std::string& status, const std::string& start = "2026-01-01T00:00:00") {
    LiveEntitlement e;
    e.serial = serial;
    e.config_id = config;
    e.account_id = account;
    e.status = parse_entitlement_status(status);
    e.status_text = status;
    e.start_date = parse_date(start);
    e.end_date = Date{2027, 6, 30};
    return e;
}

// Prices every (product, parameters) the planner may ask for: FGT_HW UTP 2.70, ATP 2.16, ENT 3.42; SOCaaS +2.25;
// FGT VM 2 vCPU UTP 5.36; FortiEDR 0 (metered).
inline PriceTable test_prices(const DesiredState& desired, const LiveState& live) {
    PriceTable prices;
    for (const auto& [product_id, parameters] : price_requests(desired, live, PlanOptions{})) {
        const ProductType& product = *builtin_catalog().find_by_id(product_id);
        Price price;
        if (product.code == "FGT_HW") {
            const std::string pkg = *parameters.scalar(28);
            price.per_day = pkg == "FGHWUTP" ? 2.70 : pkg == "FGHWATP" ? 2.16 : 3.42;
            for (const auto& addon : parameters.values.at(29)) {
                price.per_day += addon == "FGHWSOCA" ? 2.25 : 0.72;
            }
        } else if (product.code == "FGT_VM_Bundle") {
            price.per_day = 2.68 * std::stoi(*parameters.scalar(1));
        } else if (product.code == "FORTIEDR") {
            price.metered = true;
        } else {
            price.per_day = 1.0;
        }
        prices[price_key(product_id, parameters)] = price;
    }
    return prices;
}

inline PlanOptions plan_options() {
    PlanOptions options;
    options.today = Date{2026, 11, 20};
    return options;
}

inline Plan plan_for(const DesiredState& desired, const LiveState& live, PlanOptions options = plan_options()) {
    return make_plan(desired, live, test_prices(desired, live), builtin_catalog(), options);
}

// Sets a live entitlement's status (both the enum and the API's word).
inline void set_status(LiveEntitlement& e, const std::string& status) {
    e.status = parse_entitlement_status(status);
    e.status_text = status;
}

inline const char* k_acme = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 100}
spec:
  configs:
    - name: fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000001, FGT60FTK20000002]
    - name: vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2, description: branch}
    - name: edr
      product: FORTIEDR
      parameters: {service_pkg: FEDRPDR}
      cloud: {}
)";

// Live state in which acme is exactly as k_acme declares.
inline LiveState acme_in_sync() {
    LiveState live;
    live.program = "ELAVMS0000000001";
    live.configs.push_back(live_config(1, 100, "fgt", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
    live.configs.push_back(live_config(2, 100, "vm", "FGT_VM_Bundle",
                                       params("FGT_VM_Bundle", {{"cpu_size", {"2"}}, {"service_pkg", {"UTP"}}})));
    live.configs.push_back(live_config(3, 100, "edr", "FORTIEDR", params("FORTIEDR", {{"service_pkg", {"FEDRPDR"}}})));
    auto& e = live.entitlements[100];
    e.push_back(live_entitlement("FGT60FTK20000001", 1, 100, "ACTIVE"));
    e.push_back(live_entitlement("FGT60FTK20000002", 1, 100, "ACTIVE"));
    e.push_back(live_entitlement("FGVMMLTM26000001", 2, 100, "ACTIVE", "2026-01-01T00:00:00"));
    e.push_back(live_entitlement("FGVMMLTM26000002", 2, 100, "PENDING", "2026-02-01T00:00:00"));
    e.back().description = "branch";
    e[2].description = "branch";
    e.push_back(live_entitlement("FEDRPO0000000001", 3, 100, "ACTIVE"));
    return live;
}

// The words a renderer shows for a change's reason.
inline std::string why(const Change& change) {
    return explain_reason(change, builtin_catalog());
}

inline std::vector<std::string> actions(const Plan& plan) {
    std::vector<std::string> out;
    for (const auto& c : plan.changes) {
        out.push_back(std::string(to_string(c.action)) + " " + c.address);
    }
    return out;
}

}  // namespace flexform::testing
