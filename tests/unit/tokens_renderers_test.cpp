// Exact text of `flexform tokens` as a table and as JSON.
#include "engine/render/tokens_renderers.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace flexform::testing {
namespace {

std::vector<TokenRow> two_rows() {
    return {{100, "acme", "vm", {"FGVMMLTM26000001", 2, EntitlementStatus::active, "TOKEN1", "USED"}},
            {200, "", "beta-vm", {"FGVMMLTM26000009", 11, EntitlementStatus::pending, "TOKEN9", "NOTUSED"}}};
}

TEST(TokensRenderers, TextIsATableWithTheSecretReminderOnStderr) {
    const ConsoleText text = render_tokens_text(two_rows());
    EXPECT_EQ(text.out,
              "ACCOUNT  CUSTOMER       CONFIG   SERIAL            STATUS   TOKEN STATUS  TOKEN\n"
              "100      acme           vm       FGVMMLTM26000001  ACTIVE   USED          TOKEN1\n"
              "200      (no manifest)  beta-vm  FGVMMLTM26000009  PENDING  NOTUSED       TOKEN9\n");
    EXPECT_EQ(text.err, "2 VM tokens. Tokens are secrets: paste them into the VMs, not into tickets or chats.\n");
    const ConsoleText none = render_tokens_text({});
    EXPECT_EQ(none.out, "ACCOUNT  CUSTOMER  CONFIG  SERIAL  STATUS  TOKEN STATUS  TOKEN\n");
    EXPECT_EQ(none.err, "0 VM tokens. Tokens are secrets: paste them into the VMs, not into tickets or chats.\n");
}

TEST(TokensRenderers, JsonHasOneObjectPerTokenAndNullForAnUnnamedCustomer) {
    EXPECT_EQ(render_tokens_json(two_rows()), R"([
  {
    "account_id": 100,
    "config": "vm",
    "customer": "acme",
    "serial_number": "FGVMMLTM26000001",
    "status": "ACTIVE",
    "token": "TOKEN1",
    "token_status": "USED"
  },
  {
    "account_id": 200,
    "config": "beta-vm",
    "customer": null,
    "serial_number": "FGVMMLTM26000009",
    "status": "PENDING",
    "token": "TOKEN9",
    "token_status": "NOTUSED"
  }
]
)");
    EXPECT_EQ(render_tokens_json({}), "[]\n");
}

TEST(TokensRenderers, HandOffFormatsAreWhatADeploymentConsumes) {
    const auto rows = two_rows();
    EXPECT_EQ(render_tokens_cloud_init({rows[0]}), "LICENSE-TOKEN:TOKEN1\n");
    EXPECT_EQ(render_tokens_fortios({rows[0]}), "execute vm-license TOKEN1\n");
    EXPECT_EQ(
        render_tokens_cloud_init(rows),
        "# FGVMMLTM26000001 acme/vm\nLICENSE-TOKEN:TOKEN1\n# FGVMMLTM26000009 200/beta-vm\nLICENSE-TOKEN:TOKEN9\n");
    EXPECT_EQ(render_tokens_fortios({}), "");
}

TEST(TokensRenderers, FolderStockIsATableAndJson) {
    const std::vector<TokenFolderRow> folders = {{"acme", {100, "My Assets/acme", 2, 1}},
                                                 {"", {200, "My Assets", 0, 3}}};
    const ConsoleText text = render_token_folders_text(folders);
    EXPECT_EQ(text.out,
              "ACCOUNT  CUSTOMER       FOLDER          AVAILABLE  USED\n"
              "100      acme           My Assets/acme  2          1\n"
              "200      (no manifest)  My Assets       0          3\n");
    EXPECT_EQ(text.err, "2 folders: 2 tokens available, 4 used.\n");
    EXPECT_EQ(nlohmann::json::parse(render_token_folders_json(folders))[1],
              nlohmann::json::parse(R"({"account_id": 200, "customer": null, "folder_path": "My Assets",
                                        "available_tokens": 0, "used_tokens": 3})"));
}

TEST(TokensRenderers, ARegenerationShowsTheNewTokensOnStdoutAndWhatHappenedOnStderr) {
    TokenRegenerationOutcome outcome;
    outcome.verdict = TokenRegenerationVerdict::regenerated;
    outcome.journal = "journal-1";
    Change c;
    c.address = "acme/vm/FGVMMLTM26000001";
    c.serial = "FGVMMLTM26000001";
    outcome.plan.changes = {c, c};
    outcome.plan.changes[1].serial = "FGVMMLTM26000009";
    ActionOutcome done;
    done.status = OutcomeStatus::done;
    ActionOutcome lost;
    lost.index = 1;
    lost.status = OutcomeStatus::unknown;
    lost.error = "entitlements/vm/token: connection lost (outcome unknown: the request may have been processed)";
    outcome.result.outcomes = {done, lost};
    outcome.tokens = two_rows();
    const ConsoleText text = render_token_regeneration(outcome, false);
    EXPECT_EQ(text.out, render_tokens_text(two_rows()).out);
    EXPECT_EQ(text.err,
              "Regenerated 1 of 2 VM tokens; the old token no longer redeems. Journal: journal-1\n"
              "  FGVMMLTM26000009: unknown: entitlements/vm/token: connection lost (outcome unknown: the request may "
              "have been processed) (the token below is the one FortiFlex lists now)\n" +
                  render_tokens_text(two_rows()).err);
    EXPECT_EQ(render_token_regeneration(outcome, true).out, render_tokens_json(two_rows()));
    EXPECT_EQ(render_token_regeneration(TokenRegenerationOutcome{}, false).err,
              "No VM matches the selection: no token regenerated.\n");
}

}  // namespace
}  // namespace flexform::testing
