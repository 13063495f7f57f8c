// `flexform nightly` against the emulator: its drift, pull, program and dashboard equal those of the four verbs
// run one after the other on the same state, from one read of the program (at most 2 x accounts + 10 requests).
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
)";

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The dashboard's footer stamps the time it was generated and names the store: what two runs may not share.
std::string without_stamp(std::string page) {
    page = std::regex_replace(page, std::regex(R"(generated [0-9T:Z-]+)"), "generated <time>");
    return std::regex_replace(page, std::regex("nightly\\.db"), "separate.db");
}

class Nightly : public E2eFixture {
public:
    int requests() { return get("/__emulator/counters")["total"].get<int>(); }
    void reset() { post("/__emulator/counters/reset", json::object()); }
};

TEST_F(Nightly, OneReadGivesWhatTheFourVerbsGiveSeparately) {
    write("customers/acme.yaml", k_acme);
    const std::string separate_db = "--db=" + (m_dir / "separate.db").string();
    const std::string nightly_db = "--db=" + (m_dir / "nightly.db").string();
    reset();
    const auto text = flexform({"drift", "customers"});
    ASSERT_EQ(text.exit_code, 2) << text.err;
    const auto markdown = flexform({"drift", "customers", "--format", "markdown"});
    const auto drift_json = flexform({"drift", "customers", "--format", "json"});
    const auto pull = flexform({"consumption", "pull", separate_db});
    ASSERT_EQ(pull.exit_code, 0) << pull.err;
    const auto program = flexform({"program", "--format", "json", separate_db});
    const auto program_text = flexform({"program", separate_db});
    ASSERT_EQ(flexform({"dashboard", "--out", "site", "customers", separate_db}).exit_code, 0);
    const int separately = requests();

    reset();
    const auto night = flexform({"nightly", "customers", "--out", "night", nightly_db});
    ASSERT_EQ(night.exit_code, 2) << night.err;  // drift's exit code
    const int nightly = requests();
    const fs::path out = m_dir / "night";
    EXPECT_EQ(slurp(out / "drift.txt"), text.out);
    EXPECT_EQ(slurp(out / "drift.md"), markdown.out);
    EXPECT_EQ(slurp(out / "drift.json"), drift_json.out);
    EXPECT_EQ(slurp(out / "program.json"), program.out);
    EXPECT_EQ(slurp(out / "program.txt"), program_text.out);
    EXPECT_EQ(std::regex_replace(slurp(out / "pull.txt"), std::regex("nightly\\.db"), "separate.db"), pull.out);
    int pages = 0;
    for (const auto& entry : fs::recursive_directory_iterator(m_dir / "site")) {
        if (entry.is_regular_file()) {
            ++pages;
            const fs::path mine = out / "dashboard" / fs::relative(entry.path(), m_dir / "site");
            EXPECT_EQ(without_stamp(slurp(mine)), without_stamp(slurp(entry.path()))) << mine;
        }
    }
    EXPECT_GE(pages, 3);  // index, tenants, style
    // One read: 4 accounts here, so at most 2 x 4 + 10, and far fewer than the verbs run one by one.
    EXPECT_LE(nightly, 2 * 4 + 10) << night.out;
    EXPECT_LT(nightly, separately / 2);
    EXPECT_NE(night.out.find("from " + std::to_string(nightly) + " FortiFlex requests"), std::string::npos)
        << night.out << " (" << nightly << " requests, the login included)";
}

}  // namespace
}  // namespace flexform::e2e
