// The request budget with the real binary: two processes on one machine draw on one budget (the file beside the
// lock), and an apply whose budget runs out stops cleanly, starts nothing new, and says truthfully what it did.
#include <regex>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

const char* k_acme = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  configs:
    - name: acme-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2, description: acme branch}
    - name: acme-edr
      product: FORTIEDR
      parameters: {service_pkg: FEDRPDR}
      cloud: {}
)";

class Budget : public E2eFixture {
public:
    void project(int per_minute, int per_hour) {
        write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                                   k_program + "\n  requestsPerMinute: " + std::to_string(per_minute) +
                                   "\n  requestsPerHour: " + std::to_string(per_hour) + "\n");
    }
    // Every request that reached the emulator: the API's and the token service's.
    int api_requests() { return get("/__emulator/counters")["total"].get<int>(); }
    // The budget lives beside the host's apply locks (FLEXFORM_LOCK_DIR in these tests).
    fs::path budget_dir() const { return m_dir / "locks"; }
    int budget_files() {
        int files = 0;
        if (!fs::exists(budget_dir())) {
            return 0;
        }
        for (const auto& entry : fs::directory_iterator(budget_dir())) {
            files += entry.path().filename().string().rfind("flexform-budget-", 0) == 0 ? 1 : 0;
        }
        return files;
    }
    void forget_budget() {
        if (!fs::exists(budget_dir())) {
            return;
        }
        for (const auto& entry : fs::directory_iterator(budget_dir())) {
            if (entry.path().filename().string().rfind("flexform-budget-", 0) == 0) {
                fs::remove(entry.path());
            }
        }
    }
};

TEST_F(Budget, TwoProcessesDrawOnOneBudget) {
    project(1000, 0);
    post("/__emulator/counters/reset", json::object());
    ASSERT_EQ(flexform({"status"}).exit_code, 0);
    const int used = api_requests();  // its login included
    EXPECT_EQ(budget_files(), 1);
    // A second process whose minute holds exactly what the first spent finds nothing left, and sends nothing.
    project(used, 0);
    const auto second = flexform({"status", "--budget-timeout", "0"});
    EXPECT_EQ(second.exit_code, 1) << second.err;
    EXPECT_NE(second.err.find(std::to_string(used) + " of " + std::to_string(used) + " this minute"), std::string::npos)
        << second.err;
    EXPECT_EQ(api_requests(), used);
    // With the budget forgotten, the same command goes through.
    forget_budget();
    EXPECT_EQ(flexform({"status", "--budget-timeout", "0"}).exit_code, 0);
}

TEST_F(Budget, AReadOnlyCommandDrawsOnlyItsShare) {
    project(1000, 0);
    post("/__emulator/counters/reset", json::object());
    ASSERT_EQ(flexform({"status"}).exit_code, 0);
    const int used = api_requests();
    forget_budget();
    // With twice that a minute but half of it for reads, status cannot finish without waiting.
    write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                               k_program + "\n  requestsPerMinute: " + std::to_string(2 * used - 1) +
                               "\n  requestsPerHour: 0\n  readShare: 0.5\n");
    const auto reader = flexform({"status", "--budget-timeout", "0"});
    EXPECT_EQ(reader.exit_code, 1) << reader.err;
    EXPECT_NE(reader.err.find(std::to_string(used - 1) + " of " + std::to_string(used - 1) + " this minute"),
              std::string::npos)
        << reader.err;
}

TEST_F(Budget, AnApplyWhoseBudgetRunsOutStopsWithATrueSummary) {
    write("customers/acme.yaml", k_acme);
    project(10000, 0);
    post("/__emulator/counters/reset", json::object());
    ASSERT_EQ(flexform({"plan", "customers", "--out", "plan.json"}).exit_code, 0);
    const int reads = api_requests();
    std::ifstream in(m_dir / "plan.json");
    const std::size_t changes = json::parse(in)["changes"].size();
    ASSERT_GE(changes, 3u);
    // The apply's reads and two writes fit; nothing more does.
    forget_budget();
    project(reads + 2, 0);
    post("/__emulator/counters/reset", json::object());
    const auto apply = flexform({"apply", "customers", "--auto-approve", "--budget-timeout", "0"});
    EXPECT_EQ(apply.exit_code, 1) << apply.out << apply.err;
    const std::string all = apply.out + apply.err;
    EXPECT_NE(all.find("stopped: the program's request budget ran out before --budget-timeout"), std::string::npos)
        << all;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        all, m, std::regex(R"(Apply incomplete: (\d+) done, 0 failed, 0 unknown, (\d+) skipped, (\d+) not attempted)")))
        << all;
    const int done = std::stoi(m[1]);
    EXPECT_GE(std::stoi(m[3]), 1);
    EXPECT_LE(writes(), 2);
    // True: what it calls done is done, and the next plan holds exactly the rest.
    forget_budget();
    project(10000, 0);
    ASSERT_EQ(flexform({"plan", "customers", "--out", "rest.json"}).exit_code, 0);
    std::ifstream rest(m_dir / "rest.json");
    EXPECT_EQ(json::parse(rest)["changes"].size(), changes - static_cast<std::size_t>(done));
}

}  // namespace
}  // namespace flexform::e2e
