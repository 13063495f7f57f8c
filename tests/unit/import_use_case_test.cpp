// The import use case's decisions per account: a new file, an existing file (refused, or overwritten with --force),
// an account declared elsewhere (skipped), and --merge into the declaring file.
#include "engine/usecases/import_use_case.h"

#include <gtest/gtest.h>

#include "tests/unit/verb_fixtures.h"

namespace flexform::testing {
namespace {

class ImportUseCase : public ::testing::Test {
protected:
    void SetUp() override {
        load_fake(m_fake, acme_and_an_unnamed_account());
        m_request.program = k_verb_program;
        m_request.all = true;
        m_request.parallelism = 1;
        m_request.out_dir = "customers";
        m_request.customer_names = {{100, "acme"}};
    }

    // Declares acme (k_acme) in `file` under the output directory.
    void declare_acme_in(const std::string& file) {
        std::vector<Diagnostic> diagnostics;
        parse_manifest_text(file, k_acme, ManifestOptions{&builtin_catalog(), Date{2026, 11, 20}}, m_declared,
                            diagnostics);
        ASSERT_TRUE(diagnostics.empty());
        m_request.declared = &m_declared;
        m_request.existing_files.insert(file);
    }

    // A configuration added in the portal to acme's account, which k_acme does not declare.
    void add_portal_config() {
        m_fake.configs[12] =
            live_config(12, 100, "branch", "FGT_HW",
                        params("FGT_HW", {{"device_model", {"FGT40F"}}, {"service_pkg", {"FGHWUTP"}}}));
    }

    ImportOutcome run() { return import_program(m_fake, m_request, builtin_catalog()); }

    FakeProvider m_fake;
    ImportRequest m_request;
    DesiredState m_declared;
};

TEST_F(ImportUseCase, NewAccountsAreWrittenToTheirOwnFilesWithoutAnyProviderWrite) {
    const ImportOutcome outcome = run();
    ASSERT_EQ(outcome.decisions.size(), 2u);
    const ImportDecision& acme = outcome.decisions[0];
    EXPECT_EQ(acme.action, ImportAction::write);
    EXPECT_EQ(acme.file, "customers/acme.yaml");
    EXPECT_EQ(acme.configs, 3u);
    EXPECT_EQ(acme.entitlements, 5u);
    EXPECT_NE(acme.text.find("  name: acme\n"), std::string::npos) << acme.text;
    const ImportDecision& unnamed = outcome.decisions[1];
    EXPECT_EQ(unnamed.action, ImportAction::write);
    EXPECT_EQ(unnamed.file, "customers/account-200.yaml");
    EXPECT_EQ(unnamed.configs, 2u);
    EXPECT_TRUE(outcome.ok());
    EXPECT_TRUE(m_fake.calls.empty());
}

TEST_F(ImportUseCase, AnExistingFileIsRefusedUnlessForced) {
    m_request.existing_files = {"customers/account-200.yaml"};
    const ImportOutcome refused = run();
    EXPECT_EQ(refused.decisions[0].action, ImportAction::write);
    EXPECT_EQ(refused.decisions[1].action, ImportAction::refuse_exists);
    EXPECT_TRUE(refused.decisions[1].text.empty());
    EXPECT_FALSE(refused.decisions[1].writes());
    EXPECT_FALSE(refused.ok());
    m_request.force = true;
    const ImportOutcome forced = run();
    EXPECT_EQ(forced.decisions[1].action, ImportAction::overwrite);
    EXPECT_FALSE(forced.decisions[1].text.empty());
    EXPECT_TRUE(forced.ok());
}

TEST_F(ImportUseCase, AnAccountDeclaredInAnotherFileIsSkippedWithWhatItLacks) {
    declare_acme_in("customers/head-office.yaml");
    add_portal_config();
    m_request.force = true;  // --force overwrites only a declaring file in its own place
    const ImportOutcome outcome = run();
    const ImportDecision& acme = outcome.decisions[0];
    EXPECT_EQ(acme.action, ImportAction::skip_declared);
    EXPECT_EQ(acme.file, "customers/head-office.yaml");
    EXPECT_EQ(acme.declared_name, "acme");
    EXPECT_EQ(acme.missing_configs, 1u);
    EXPECT_TRUE(acme.text.empty());
    EXPECT_EQ(outcome.decisions[1].action, ImportAction::write);
    EXPECT_TRUE(outcome.ok());
}

TEST_F(ImportUseCase, ADeclaringFileInItsOwnPlaceIsRewrittenOnlyWhenNamedOrForced) {
    declare_acme_in("customers/acme.yaml");
    const ImportOutcome all = run();
    EXPECT_EQ(all.decisions[0].action, ImportAction::skip_declared);
    m_request.all = false;
    m_request.accounts = {100};
    const ImportOutcome named = run();
    ASSERT_EQ(named.decisions.size(), 1u);
    EXPECT_EQ(named.decisions[0].action, ImportAction::refuse_exists);
    m_request.force = true;
    m_request.all = true;
    m_request.accounts = {};
    const ImportOutcome forced = run();
    EXPECT_EQ(forced.decisions[0].action, ImportAction::overwrite);
    EXPECT_EQ(forced.decisions[0].file, "customers/acme.yaml");
}

TEST_F(ImportUseCase, MergeAddsOnlyTheMissingConfigurationsToTheDeclaringFile) {
    declare_acme_in("customers/head-office.yaml");
    m_request.merge = true;
    m_request.declared_texts = {{"customers/head-office.yaml", k_acme}};
    const ImportOutcome complete = run();
    EXPECT_EQ(complete.decisions[0].action, ImportAction::complete);
    EXPECT_FALSE(complete.decisions[0].writes());
    add_portal_config();
    const ImportOutcome merged = run();
    const ImportDecision& acme = merged.decisions[0];
    EXPECT_EQ(acme.action, ImportAction::merge);
    EXPECT_EQ(acme.file, "customers/head-office.yaml");
    EXPECT_EQ(acme.missing_configs, 1u);
    EXPECT_EQ(acme.text.rfind(k_acme, 0), 0u) << acme.text;  // what the file held, untouched, then the addition
    EXPECT_NE(acme.text.find("    - name: branch\n", std::string(k_acme).size()), std::string::npos) << acme.text;
    EXPECT_EQ(merged.decisions[1].action, ImportAction::write);  // an undeclared account is still written
}

TEST_F(ImportUseCase, MergeIntoAFileItCannotExtendSafelyIsRefusedWithTheEntriesToAdd) {
    declare_acme_in("customers/head-office.yaml");
    add_portal_config();
    m_request.merge = true;
    m_request.declared_texts = {{"customers/head-office.yaml", std::string(k_acme) + "# the end\nextra: 1\n"}};
    const ImportOutcome outcome = run();
    const ImportDecision& acme = outcome.decisions[0];
    EXPECT_EQ(acme.action, ImportAction::refuse_merge);
    EXPECT_EQ(acme.text.rfind("    - name: branch\n", 0), 0u) << acme.text;
    EXPECT_FALSE(outcome.ok());
}

}  // namespace
}  // namespace flexform::testing
