#include "engine/apply/applier.h"

#include <gtest/gtest.h>

#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform::testing {
namespace {

ApplyOptions serial_options() {
    ApplyOptions options;
    options.parallelism = 1;  // deterministic call order for assertions
    return options;
}

TEST(FakeProvider, RecordsCallsAndFailsOnRequest) {
    FakeProvider fake;
    const LiveConfig c = fake.create_config("P", 100, "fgt", 101, ParameterSet{});
    EXPECT_EQ(c.id, 500);
    EXPECT_EQ(fake.list_configs("P", std::nullopt).size(), 1u);
    fake.fail.insert("stop X");
    EXPECT_THROW(fake.stop_entitlement("X"), ProviderError);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config fgt", "stop X"}));
}

TEST(Applier, RunsStagesInOrderAndUsesCreatedConfigIds) {
    LiveState live = acme_in_sync();
    live.entitlements[100][0].status = "STOPPED";
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    std::string yaml = k_acme;
    yaml +=
        "    - {name: new-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWUTP},"
        " serials: [FGT40FTK20000001]}\n";
    Plan plan = plan_for(desired_from(yaml), live);
    plan.program_serial = "ELAVMS0000000001";
    FakeProvider fake;
    const ApplyResult result = apply_plan(plan, fake, serial_options());
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config new-fgt", "create_hardware 500 FGT40FTK20000001",
                                                    "reactivate FGT60FTK20000001", "stop FGT60FTK20000009"}));
    const auto created = std::find_if(plan.changes.begin(), plan.changes.end(),
                                      [](const Change& c) { return c.action == ActionKind::create_config; });
    EXPECT_EQ(result.outcomes[static_cast<std::size_t>(created - plan.changes.begin())].config_id, 500);
}

TEST(Applier, AFailedStageLeavesLaterStagesNotAttempted) {
    LiveState live = acme_in_sync();
    live.entitlements[100].push_back(live_entitlement("FGT60FTK20000009", 1, 100, "ACTIVE"));
    std::string yaml = k_acme;
    yaml +=
        "    - {name: new-fgt, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWUTP},"
        " serials: [FGT40FTK20000001]}\n";
    Plan plan = plan_for(desired_from(yaml), live);
    FakeProvider fake;
    fake.fail.insert("create_config new-fgt");
    std::vector<std::string> progress;
    ApplyOptions options = serial_options();
    options.progress = [&](const std::string& line) { progress.push_back(line); };
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.count(OutcomeStatus::failed), 1);
    EXPECT_EQ(result.count(OutcomeStatus::not_attempted), 2);  // the entitlements of new-fgt and the stop
    EXPECT_EQ(fake.calls, std::vector<std::string>{"create_config new-fgt"});
    const auto failed = std::find_if(result.outcomes.begin(), result.outcomes.end(),
                                     [](const ActionOutcome& o) { return o.status == OutcomeStatus::failed; });
    ASSERT_NE(failed, result.outcomes.end());
    EXPECT_EQ(failed->error, "create_config new-fgt refused by the fake");
    ASSERT_EQ(progress.size(), 2u);
    EXPECT_EQ(progress[1].rfind("+ acme/new-fgt create_config: failed", 0), 0u) << progress[1];
}

TEST(Applier, EveryOutcomeIsReportedOnce) {
    Plan plan = plan_for(desired_from(k_acme), LiveState{});
    FakeProvider fake;
    int reported = 0;
    ApplyOptions options;
    options.parallelism = 4;
    options.on_outcome = [&](const ActionOutcome&) { ++reported; };
    const ApplyResult result = apply_plan(plan, fake, options);
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(reported, static_cast<int>(plan.changes.size()));
    EXPECT_EQ(fake.configs.size(), 3u);
    EXPECT_EQ(fake.entitlements.size(), 5u);
}

TEST(Applier, HardwareDescriptionsAreSetAfterCreation) {
    const DesiredState desired = desired_from(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: dd, accountId: 5}
spec:
  configs:
    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},
       serials: [{serial: FGT60FTK20000005, description: dc1}]}
)");
    Plan plan = plan_for(desired, LiveState{});
    FakeProvider fake;
    EXPECT_TRUE(apply_plan(plan, fake, serial_options()).ok());
    EXPECT_EQ(fake.calls.back(), "update_entitlement FGT60FTK20000005 -> 500");
    EXPECT_EQ(fake.entitlements["FGT60FTK20000005"].description, "dc1");
}

}  // namespace
}  // namespace flexform::testing
