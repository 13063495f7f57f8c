// Exact text of `flexform tokens` as a table and as JSON.
#include "engine/render/tokens_renderers.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace flexform::testing
