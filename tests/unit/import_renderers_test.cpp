// Exact text of `flexform import`: a line per account on stdout, refusals on stderr, then the totals.
#include "engine/render/import_renderers.h"

#include <gtest/gtest.h>

namespace flexform::testing {
namespace {

ImportDecision decision(ImportAction action, std::int64_t account, const std::string& file,
                        const std::string& declared_name = "") {
    ImportDecision d;
    d.action = action;
    d.account_id = account;
    d.file = file;
    d.declared_name = declared_name;
    return d;
}

TEST(ImportRenderers, EveryDecisionHasItsLineAndRefusalsGoToStderr) {
    ImportOutcome outcome;
    outcome.out_dir = "customers";
    ImportDecision written = decision(ImportAction::write, 200, "customers/account-200.yaml");
    written.configs = 2;
    written.entitlements = 1;
    ImportDecision overwritten = decision(ImportAction::overwrite, 300, "customers/gamma.yaml");
    overwritten.configs = 1;
    overwritten.entitlements = 2;
    ImportDecision merged = decision(ImportAction::merge, 100, "customers/head-office.yaml", "acme");
    merged.missing_configs = 1;
    ImportDecision lacking = decision(ImportAction::skip_declared, 500, "customers/all.yaml", "epsilon");
    lacking.missing_configs = 2;
    ImportDecision cannot_merge = decision(ImportAction::refuse_merge, 800, "customers/theta.yaml", "theta");
    cannot_merge.text = "    - name: x\n";
    outcome.decisions = {written,
                         overwritten,
                         merged,
                         decision(ImportAction::complete, 400, "customers/delta.yaml", "delta"),
                         lacking,
                         decision(ImportAction::skip_declared, 600, "customers/all.yaml", "zeta"),
                         decision(ImportAction::refuse_exists, 700, "customers/eta.yaml"),
                         cannot_merge};
    const ConsoleText text = render_import_text(outcome);
    EXPECT_EQ(text.out,
              "wrote customers/account-200.yaml (account 200, 2 configurations, 1 entitlement)\n"
              "wrote customers/gamma.yaml (account 300, 1 configuration, 2 entitlements)\n"
              "added 1 configuration of account 100 to customers/head-office.yaml\n"
              "account 400 (delta): customers/delta.yaml already declares every configuration\n"
              "skipped account 500: declared by customers/all.yaml (customer epsilon); --merge adds the 2 "
              "configurations it lacks\n"
              "skipped account 600: declared by customers/all.yaml (customer zeta)\n"
              "2 manifests written to customers, 3 already declared, 1 merged\n");
    EXPECT_EQ(text.err,
              "flexform import: customers/eta.yaml exists; not overwritten (use --force)\n"
              "flexform import: cannot add to customers/theta.yaml safely (its spec.configs is not a block list at "
              "the end of the document); add these under spec.configs of theta:\n"
              "    - name: x\n");
}

TEST(ImportRenderers, TheTotalsNameOnlyWhatHappened) {
    ImportOutcome outcome;
    outcome.out_dir = "imported";
    EXPECT_EQ(render_import_text(outcome).out, "0 manifests written to imported\n");
    outcome.decisions = {decision(ImportAction::write, 200, "imported/account-200.yaml")};
    const ConsoleText one = render_import_text(outcome);
    ImportDecision own = decision(ImportAction::refuse_exists, 100, "imported/acme.yaml", "acme");
    own.missing_configs = 1;
    ImportDecision complete = own;
    complete.missing_configs = 0;
    ImportOutcome declared;
    declared.decisions = {own, complete};
    EXPECT_EQ(render_import_text(declared).err,
              "flexform import: imported/acme.yaml exists and declares account 100 (customer acme); not overwritten: "
              "--merge adds the 1 configuration it lacks (--force would replace the file, hand-written parts "
              "included)\n"
              "flexform import: imported/acme.yaml exists and declares account 100 (customer acme); not overwritten: "
              "it already declares every configuration (--force would replace the file, hand-written parts "
              "included)\n");
    EXPECT_EQ(one.out,
              "wrote imported/account-200.yaml (account 200, 0 configurations, 0 entitlements)\n"
              "1 manifest written to imported\n");
    EXPECT_EQ(one.err, "");
}

}  // namespace
}  // namespace flexform::testing
