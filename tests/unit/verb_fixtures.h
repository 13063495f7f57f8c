// Live state for the verbs' use-case and renderer tests: acme (account 100, as tests/unit/plan_fixtures.h declares
// it) plus account 200, which no manifest names, with one hardware and one VM configuration.
#pragma once

#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {

inline constexpr const char* k_verb_program = "ELAVMS0000000001";

inline LiveState acme_and_an_unnamed_account() {
    LiveState live = acme_in_sync();
    live.configs.push_back(live_config(10, 200, "beta-fgt", "FGT_HW",
                                       params("FGT_HW", {{"device_model", {"FGT40F"}}, {"service_pkg", {"FGHWATP"}}})));
    live.configs.push_back(live_config(11, 200, "beta-vm", "FGT_VM_Bundle",
                                       params("FGT_VM_Bundle", {{"cpu_size", {"2"}}, {"service_pkg", {"UTP"}}})));
    live.entitlements[200].push_back(live_entitlement("FGT40FTK20000001", 10, 200, "ACTIVE"));
    live.entitlements[200].push_back(live_entitlement("FGVMMLTM26000009", 11, 200, "PENDING"));
    return live;
}

// The fake holding `live` as FortiFlex would, with the one postpaid program.
inline void load_fake(FakeProvider& fake, const LiveState& live) {
    fake.programs.push_back({k_verb_program, 1, Date{2026, 1, 1}, Date{2027, 6, 30}, false});
    for (const auto& c : live.configs) {
        fake.configs[c.id] = c;
    }
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            fake.entitlements[e.serial] = e;
        }
    }
}

}  // namespace flexform::testing
