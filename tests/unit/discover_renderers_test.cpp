// Exact text of `flexform discover` as text (with the flexform.yaml snippet) and as JSON.
#include "engine/render/discover_renderers.h"

#include <gtest/gtest.h>

namespace flexform::testing {
namespace {

Discovery two_programs() {
    Discovery d;
    d.programs.push_back(
        {{"ELAVMS0000000001", 1234, Date{2026, 1, 1}, Date{2027, 6, 30}, false}, {{100, 3}, {200, 1}}});
    d.programs.push_back({{"ELAVMR0000000002", 1234, std::nullopt, std::nullopt, true}, {}});
    d.suggested_program = "ELAVMS0000000001";
    return d;
}

const char* k_snippet_rest =
    "\n  # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n"
    "  parallelism: 8\n  requestsPerMinute: 90\n  database: .flexform/consumption.db\n"
    "# Next: flexform import --all --out customers\n";

TEST(DiscoverRenderers, TextListsProgramsAndAccountsThenAProjectFileNamingTheSuggestedProgram) {
    EXPECT_EQ(render_discovery_text(two_programs()),
              std::string("Program ELAVMS0000000001 (postpaid), 2026-01-01 to 2027-06-30, owner account 1234\n"
                          "  account 100: 3 configurations\n"
                          "  account 200: 1 configuration\n"
                          "Program ELAVMR0000000002 (prepaid),  to , owner account 1234\n"
                          "\n# flexform.yaml\napiVersion: flexform/v1\nkind: Project\nspec:\n"
                          "  programSerialNumber: ELAVMS0000000001") +
                  k_snippet_rest);
}

TEST(DiscoverRenderers, TextWithoutProgramsStillGivesAProjectFileToFillIn) {
    EXPECT_EQ(render_discovery_text({}),
              std::string("\n# flexform.yaml\napiVersion: flexform/v1\nkind: Project\nspec:\n"
                          "  programSerialNumber: ELAVMS0000000000") +
                  k_snippet_rest);
}

TEST(DiscoverRenderers, JsonListsProgramsWithTheirAccounts) {
    EXPECT_EQ(render_discovery_json(two_programs()), R"({
  "programs": [
    {
      "account_id": 1234,
      "accounts": [
        {
          "account_id": 100,
          "configs": 3
        },
        {
          "account_id": 200,
          "configs": 1
        }
      ],
      "end_date": "2027-06-30",
      "serial_number": "ELAVMS0000000001",
      "start_date": "2026-01-01",
      "type": "postpaid"
    },
    {
      "account_id": 1234,
      "accounts": [],
      "end_date": "",
      "serial_number": "ELAVMR0000000002",
      "start_date": "",
      "type": "prepaid"
    }
  ]
}
)");
    EXPECT_EQ(render_discovery_json({}), "{\n  \"programs\": []\n}\n");
}

}  // namespace
}  // namespace flexform::testing
