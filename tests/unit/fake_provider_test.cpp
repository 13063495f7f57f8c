// The fake provider is strict like FortiFlex: tests that pass against it cannot lean on ids that do not exist.
#include "tests/unit/fake_provider.h"

#include <gtest/gtest.h>

namespace flexform::testing {
namespace {

TEST(FakeProvider, RecordsCallsAndFailsOnRequest) {
    FakeProvider fake;
    const LiveConfig c = fake.create_config("P", 100, "fgt", 101, ParameterSet{}, nullptr);
    EXPECT_EQ(c.id, 500);
    EXPECT_EQ(fake.list_configs("P", std::nullopt).size(), 1u);
    fake.fail.insert("create_hardware 500 X0000000001");
    EXPECT_THROW(fake.create_hardware_entitlements(500, {"X0000000001"}, std::nullopt, nullptr), ProviderError);
    EXPECT_EQ(fake.calls, (std::vector<std::string>{"create_config fgt", "create_hardware 500 X0000000001"}));
}

TEST(FakeProvider, UnknownIdsAndSerialsFail) {
    FakeProvider fake;
    EXPECT_THROW(fake.update_config(7, "x", 101, ParameterSet{}, nullptr), ProviderError);
    EXPECT_THROW(fake.set_config_active(7, false, nullptr), ProviderError);
    EXPECT_THROW(fake.stop_entitlement("NOPE000001", nullptr), ProviderError);
    EXPECT_THROW(fake.reactivate_entitlement("NOPE000001", nullptr), ProviderError);
    EXPECT_THROW(fake.create_hardware_entitlements(7, {"FGT60FTK20000001"}, std::nullopt, nullptr), ProviderError);
    EXPECT_THROW(fake.list_config_entitlements(7), ProviderError);
    VmRequest vm;
    vm.config_id = 7;
    vm.count = 1;
    EXPECT_THROW(fake.create_vm_entitlements(vm, nullptr), ProviderError);
    EXPECT_TRUE(fake.configs.empty());
    EXPECT_TRUE(fake.entitlements.empty());
}

TEST(FakeProvider, BehavesLikeFortiFlexOnStatesAndDuplicates) {
    FakeProvider fake;
    fake.create_config("P", 100, "fgt", 101, ParameterSet{}, nullptr);
    fake.create_hardware_entitlements(500, {"FGT60FTK20000001"}, std::nullopt, nullptr);
    try {
        fake.create_hardware_entitlements(500, {"FGT60FTK20000001"}, std::nullopt, nullptr);
        FAIL() << "a serial was entitled twice";
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.conflict(), ProviderError::Conflict::already_entitled);
    }
    fake.stop_entitlement("FGT60FTK20000001", nullptr);
    try {
        fake.stop_entitlement("FGT60FTK20000001", nullptr);
        FAIL();
    } catch (const ProviderError& e) {
        EXPECT_EQ(e.conflict(), ProviderError::Conflict::already_stopped);
    }
    fake.set_config_active(500, false, nullptr);
    EXPECT_THROW(fake.create_hardware_entitlements(500, {"FGT60FTK20000002"}, std::nullopt, nullptr), ProviderError);
}

TEST(FakeProvider, RegeneratesVmTokensOnlyAndNamesEachGeneration) {
    FakeProvider fake;
    EXPECT_THROW(fake.regenerate_vm_token("NOPE000001", nullptr), ProviderError);
    fake.create_config("P", 100, "fgt", 101, ParameterSet{}, nullptr);
    fake.create_hardware_entitlements(500, {"FGT60FTK20000001"}, std::nullopt, nullptr);
    EXPECT_THROW(fake.regenerate_vm_token("FGT60FTK20000001", nullptr), ProviderError);  // hardware has no token
    fake.create_config("P", 100, "vm", 1, ParameterSet{}, nullptr);
    VmRequest vm;
    vm.config_id = 501;
    vm.count = 1;
    const std::string serial = fake.create_vm_entitlements(vm, nullptr)[0].serial;
    EXPECT_EQ(fake.vm_tokens(501)[0].token, "TOKEN-" + serial);
    fake.regenerate_vm_token(serial, nullptr);
    fake.regenerate_vm_token(serial, nullptr);
    EXPECT_EQ(fake.vm_tokens(501)[0].token, "TOKEN-" + serial + "-g2");
    fake.folders = {{100, "My Assets", 1, 0}, {200, "My Assets", 5, 5}};
    ASSERT_EQ(fake.token_folders(100).size(), 1u);
    EXPECT_EQ(fake.token_folders(100)[0].available, 1);
}

TEST(FakeProvider, ALostAnswerLeavesTheWriteDoneAndTheOutcomeUnknown) {
    FakeProvider fake;
    fake.lose_answer.insert("create_config fgt");
    try {
        fake.create_config("P", 100, "fgt", 101, ParameterSet{}, nullptr);
        FAIL();
    } catch (const ProviderError& e) {
        EXPECT_TRUE(e.write_may_have_happened());
    }
    EXPECT_EQ(fake.configs.size(), 1u);
}

}  // namespace
}  // namespace flexform::testing
