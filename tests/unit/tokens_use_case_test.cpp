// The tokens use case's selection: VM configurations only, one account, one configuration by name, sorted rows with
// the manifests' customer names.
#include "engine/usecases/tokens_use_case.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "tests/unit/verb_fixtures.h"

namespace flexform::testing {
namespace {

class TokensUseCase : public ::testing::Test {
protected:
    void SetUp() override {
        load_fake(m_fake, acme_and_an_unnamed_account());
        m_request.program = k_verb_program;
        m_request.parallelism = 2;
        m_request.customer_names = {{100, "acme"}};
    }

    std::vector<std::string> listed() {
        std::vector<std::string> out;
        for (const auto& r : list_vm_tokens(m_fake, m_request, builtin_catalog())) {
            out.push_back(std::to_string(r.account_id) + " " + r.customer + " " + r.config + " " + r.token.serial +
                          " " + r.token.token);
        }
        return out;
    }

    FakeProvider m_fake;
    TokensRequest m_request;
};

TEST_F(TokensUseCase, ListsEveryVmEntitlementSortedAndNoHardwareOrCloud) {
    const std::vector<std::string> expected{
        "100 acme vm FGVMMLTM26000001 TOKEN-FGVMMLTM26000001",
        "100 acme vm FGVMMLTM26000002 TOKEN-FGVMMLTM26000002",
        "200  beta-vm FGVMMLTM26000009 TOKEN-FGVMMLTM26000009",
    };
    EXPECT_EQ(listed(), expected);
}

TEST_F(TokensUseCase, OneAccountAndOneConfigurationNarrowTheList) {
    m_request.account = 200;
    EXPECT_EQ(listed(), std::vector<std::string>{"200  beta-vm FGVMMLTM26000009 TOKEN-FGVMMLTM26000009"});
    m_request.account.reset();
    m_request.config_name = "vm";
    EXPECT_EQ(listed().size(), 2u);
}

TEST_F(TokensUseCase, AConfigurationThatIsNoVmInScopeIsRefusedNamingThoseThatAre) {
    m_request.account = 100;
    m_request.config_name = "fgt";
    try {
        list_vm_tokens(m_fake, m_request, builtin_catalog());
        FAIL() << "a hardware configuration has no tokens";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "no VM configuration named \"fgt\" in account 100 (VM configurations: vm)");
    }
    m_request.account = 300;
    m_request.config_name = "vm";
    EXPECT_THROW(list_vm_tokens(m_fake, m_request, builtin_catalog()), std::invalid_argument);
}

}  // namespace
}  // namespace flexform::testing
