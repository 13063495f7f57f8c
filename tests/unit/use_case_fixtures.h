// Manifests in named files and journals as an interrupted apply leaves them, for the plan, apply and drift use-case
// tests.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/apply/journal.h"
#include "engine/manifest/manifest.h"
#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {

inline const char* k_beta = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 200}
spec:
  configs:
    - name: fgt
      product: FGT_HW
      parameters: {device_model: FGT40F, service_pkg: FGHWUTP}
      serials: [FGT40FTK20000001]
)";

inline const char* k_gamma = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: gamma, accountId: 300}
spec:
  configs:
    - name: fgt
      product: FGT_HW
      parameters: {device_model: FGT40F, service_pkg: FGHWUTP}
      serials: [FGT40FTK20000009]
)";

// Each (file, text) parsed as the loader would read that file.
inline DesiredState desired_files(const std::vector<std::pair<std::string, std::string>>& files) {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    for (const auto& [file, text] : files) {
        parse_manifest_text(file, text, ManifestOptions{&builtin_catalog(), Date{2026, 11, 20}}, state, diagnostics);
    }
    for (const auto& d : diagnostics) {
        ADD_FAILURE() << format(d);
    }
    return state;
}

// acme in customers/acme.yaml, beta in customers/beta.yaml.
inline DesiredState acme_and_beta() {
    return desired_files({{"customers/acme.yaml", k_acme}, {"customers/beta.yaml", k_beta}});
}

// FortiFlex with acme exactly as declared and nothing for beta.
inline void load_acme_in_sync(FakeProvider& fake) {
    const LiveState live = acme_in_sync();
    for (const auto& c : live.configs) {
        fake.configs[c.id] = c;
    }
    for (const auto& [account, entitlements] : live.entitlements) {
        for (const auto& e : entitlements) {
            fake.entitlements[e.serial] = e;
        }
    }
}

// The journal an apply leaves when it is killed after sending `address`'s request, before its answer.
inline std::string interrupted_journal(const std::string& program, const std::string& address, const std::string& pid) {
    Plan plan;
    plan.program_serial = program;
    Change change;
    change.action = ActionKind::create_config;
    change.address = address;
    change.customer = address.substr(0, address.find('/'));
    plan.changes.push_back(change);
    std::string text;
    JournalObserver journal([&text](const std::string& line) { text += line + "\n"; },
                            [] { return std::string("2026-11-19T10:00:00Z"); }, {{"host", "ci-1"}, {"pid", pid}});
    journal.run_started(plan);
    journal.action_started(plan.changes[0], 1, 1);
    return text;
}

}  // namespace flexform::testing
