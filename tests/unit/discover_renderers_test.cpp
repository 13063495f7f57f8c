// Exact text of `flexform discover`: the listing, the project file (valid YAML and nothing else) of one program or
// of every program it sees, the error for a program it does not see, and JSON.
#include "engine/render/discover_renderers.h"

#include <gtest/gtest.h>

namespace flexform::testing {
namespace {

Discovery two_programs() {
    Discovery d;
    d.programs.push_back({{"ELAVMS0000000001", 1234, Date{2026, 1, 1}, Date{2027, 6, 30}, false},
                          {{100, 3, false}, {200, 1, false}, {1234, 0, true}}});
    d.programs.push_back({{"ELAVMR0000000002", 1234, std::nullopt, std::nullopt, true}, {}});
    return d;
}

const char* k_file_rest =
    "  # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n"
    "  parallelism: 8\n  requestsPerMinute: 90\n  database: .flexform/consumption.db\n"
    "# Next: flexform import --all --out customers\n";

TEST(DiscoverRenderers, TextListsProgramsAndAccountsTheOwnerWithNoConfigurationsToo) {
    EXPECT_EQ(render_discovery_text(two_programs()),
              "Program ELAVMS0000000001 (postpaid, 2026-01-01 to 2027-06-30), owner account 1234\n"
              "  account 100: 3 configurations\n"
              "  account 200: 1 configuration\n"
              "  account 1234 (owner): no configurations\n"
              "Program ELAVMR0000000002 (prepaid), owner account 1234\n"
              "FortiFlex lists no other account without configurations: declare one by metadata.accountId in a "
              "manifest.\n");
    EXPECT_EQ(render_discovery_text({}), "This API user sees no FortiFlex program.\n");
}

TEST(DiscoverRenderers, TheProjectFileIsYamlOnlyNamingTheChosenProgram) {
    EXPECT_EQ(render_project_file(two_programs(), "ELAVMS0000000001"),
              std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n"
                          "  programSerialNumber: ELAVMS0000000001   # postpaid, 2026-01-01 to 2027-06-30, 2 accounts "
                          "with configurations\n") +
                  k_file_rest);
    EXPECT_EQ(render_project_file({}, ""),
              std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n"
                          "  programSerialNumber: ELAVMS0000000000   # this API user sees no program: write yours "
                          "here\n") +
                  k_file_rest);
    EXPECT_EQ(render_project_file_shown(two_programs(), "ELAVMR0000000002")
                  .rfind("\n# flexform.yaml (save it with flexform discover --write, or flexform discover > "
                         "flexform.yaml)\napiVersion: flexform/v1\n",
                         0),
              0u);
}

TEST(DiscoverRenderers, SeveralProgramsAreAllInTheFileThePostpaidOneTheDefault) {
    EXPECT_EQ(render_project_file(two_programs(), ""),
              std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programs:\n"
                          "    - name: postpaid\n"
                          "      serialNumber: ELAVMS0000000001   # postpaid, 2026-01-01 to 2027-06-30; accounts with "
                          "configurations: 100, 200\n"
                          "      default: true   # customers and configurations without `program:`\n"
                          "      # yearlyCommitment: 50000   # the points per year agreed with Fortinet, if any\n"
                          "    - name: prepaid\n"
                          "      serialNumber: ELAVMR0000000002   # prepaid; no account has configurations\n"
                          "  parallelism: 8\n  requestsPerMinute: 90\n  database: .flexform/consumption.db\n"
                          "# Next: flexform import --all --out customers\n"));
    EXPECT_EQ(render_project_file_written("flexform.yaml", two_programs()),
              "Wrote flexform.yaml for programs postpaid (ELAVMS0000000001, the default), prepaid (ELAVMR0000000002). "
              "Next: flexform import --all --out customers\n");
    EXPECT_EQ(render_program_choice_error(two_programs(), {ProgramChoice::Kind::not_visible, "ELAVMS0000000009"}),
              "--program ELAVMS0000000009 is not a program this API user sees; it sees ELAVMS0000000001 "
              "(postpaid), ELAVMR0000000002 (prepaid)");
}

TEST(DiscoverRenderers, JsonListsProgramsWithTheirAccounts) {
    Discovery one = two_programs();
    one.programs.pop_back();
    one.programs[0].accounts.resize(1);
    EXPECT_EQ(render_discovery_json(one), R"({
  "programs": [
    {
      "account_id": 1234,
      "accounts": [
        {
          "account_id": 100,
          "configs": 3,
          "owner": false
        }
      ],
      "end_date": "2027-06-30",
      "serial_number": "ELAVMS0000000001",
      "start_date": "2026-01-01",
      "type": "postpaid"
    }
  ]
}
)");
    EXPECT_EQ(render_discovery_json({}), "{\n  \"programs\": []\n}\n");
}

}  // namespace
}  // namespace flexform::testing
