#include "engine/manifest/manifest.h"

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

namespace flexform {
namespace {

namespace fs = std::filesystem;

ManifestOptions options() {
    return ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}};
}

struct Parsed {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
};

Parsed parse(const std::string& text) {
    Parsed p;
    parse_manifest_text("m.yaml", text, options(), p.state, p.diagnostics);
    check_tree(p.state, p.diagnostics);
    sort_diagnostics(p.diagnostics);
    return p;
}

std::vector<std::string> formatted(const std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        out.push_back(format(d));
    }
    return out;
}

const char* k_customer = R"(apiVersion: flexform/v1
kind: Customer
metadata:
  name: acme-corp
  accountId: 2345678
  labels: {tier: gold}
spec:
  state: suspended
  protect: true
  configs:
    - name: fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: [FGHWSOCA, FGHWFAZC]}
      serials: [FGT60FTK20000001, {serial: FGT60FTK20000002, description: branch 2}]
      endDate: 2027-05-29
    - name: vm
      id: 4711
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 3, description: branch, folderPath: My Assets/acme, skipPending: true}
    - name: edr
      product: FORTIEDR
      parameters: {service_pkg: FEDRPDR}
      cloud: {}
)";

TEST(Manifest, ParsesACustomerIntoTheDesiredModel) {
    const Parsed p = parse(k_customer);
    EXPECT_TRUE(p.diagnostics.empty()) << formatted(p.diagnostics).front();
    ASSERT_EQ(p.state.customers.size(), 1u);
    const Customer& c = p.state.customers[0];
    EXPECT_EQ(c.name, "acme-corp");
    EXPECT_EQ(c.account_id, 2345678);
    EXPECT_EQ(c.labels.at("tier"), "gold");
    EXPECT_TRUE(c.suspended);
    EXPECT_TRUE(c.protect);
    EXPECT_EQ(c.pos.line, 4);
    EXPECT_EQ(c.pos.column, 9);
    ASSERT_EQ(c.configs.size(), 3u);
    const DesiredConfig& fgt = c.configs[0];
    EXPECT_EQ(fgt.product_id, 101);
    EXPECT_EQ(fgt.parameters.values.at(29), (std::vector<std::string>{"FGHWFAZC", "FGHWSOCA"}));
    ASSERT_EQ(fgt.serials.size(), 2u);
    EXPECT_EQ(fgt.serials[1].serial, "FGT60FTK20000002");
    EXPECT_EQ(fgt.serials[1].description, "branch 2");
    EXPECT_EQ(fgt.serials[1].line, 14);
    EXPECT_EQ(field_of(fgt, fgt.serials[1]), "spec.configs[0].serials[1]");
    EXPECT_EQ(position_of(c, fgt.serials[1]).file, c.pos.file);
    EXPECT_EQ(fgt.end_date, (Date{2027, 5, 29}));
    const DesiredConfig& vm = c.configs[1];
    EXPECT_EQ(vm.id, 4711);
    ASSERT_TRUE(vm.vms.has_value());
    EXPECT_EQ(vm.vms->count, 3);
    EXPECT_TRUE(vm.vms->skip_pending);
    EXPECT_EQ(vm.vms->folder_path, "My Assets/acme");
    EXPECT_EQ(vm.parameters.values.at(10), std::vector<std::string>{"0"});
    EXPECT_TRUE(c.configs[2].cloud.has_value());
    EXPECT_EQ(declared_entitlements(fgt) + declared_entitlements(vm) + declared_entitlements(c.configs[2]), 6);
}

TEST(Manifest, ReadsEveryDocumentOfAFile) {
    const std::string text = std::string(k_customer) +
                             "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: b-corp, accountId: 7}\n"
                             "spec: {}\n---\n";
    const Parsed p = parse(text);
    EXPECT_TRUE(p.diagnostics.empty());
    ASSERT_EQ(p.state.customers.size(), 2u);
    EXPECT_EQ(p.state.customers[1].name, "b-corp");
    EXPECT_EQ(p.state.customers[1].pos.line, 28);
}

TEST(Manifest, ReportsEveryProblemAtOnceInPositionOrder) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: x-y, accountId: 5, colour: red}
spec:
  configs:
    - {name: a, product: FGT_VM_Bundle, parameters: {cpu_size: 0, service_pkg: ENT}, vms: {count: 1}}
    - {name: b, product: NOPE}
)");
    EXPECT_EQ(formatted(p.diagnostics),
              (std::vector<std::string>{
                  "m.yaml:3:37: metadata.colour: unknown key \"colour\"",
                  "m.yaml:6:64: spec.configs[0].parameters.cpu_size: 0 is below the minimum 1 (allowed: 1-96)",
                  "m.yaml:7:26: spec.configs[1].product: unknown product \"NOPE\"",
              }));
}

TEST(Manifest, WarningsDoNotFailValidation) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: legacy, accountId: 5}
spec:
  configs:
    - {name: a, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTM}}
)");
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_EQ(p.diagnostics[0].severity, Severity::warning);
    EXPECT_FALSE(has_errors(p.diagnostics));
}

TEST(Manifest, ParsesTheProjectFile) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  programSerialNumber: ELAVMS0000004711
  yearlyCommitment: 60000
  parallelism: 4
  requestsPerMinute: 60
  database: postgresql://db/flexform
  apiUrl: http://127.0.0.1:1/ES/api/fortiflex/v2/
)");
    EXPECT_TRUE(p.diagnostics.empty());
    EXPECT_EQ(p.state.project.program_serial, "ELAVMS0000004711");
    EXPECT_EQ(p.state.project.yearly_commitment, 60000.0);
    EXPECT_EQ(p.state.project.parallelism, 4);
    EXPECT_EQ(p.state.project.requests_per_minute, 60);
    EXPECT_EQ(p.state.project.database, "postgresql://db/flexform");
    EXPECT_EQ(p.state.project.file, "m.yaml");
}

TEST(Manifest, TheProjectKeepsItsNameAsOneLineOfBoundedPlainText) {
    const Parsed named = parse("apiVersion: flexform/v1\nkind: Project\nmetadata: {name: Northwind MSSP}\nspec: {}\n");
    EXPECT_TRUE(named.diagnostics.empty());
    EXPECT_EQ(named.state.project.name, "Northwind MSSP");
    EXPECT_FALSE(parse("apiVersion: flexform/v1\nkind: Project\nspec: {}\n").state.project.name);
    const Parsed bad = parse("apiVersion: flexform/v1\nkind: Project\nmetadata: {name: \"a\\e]0;pwn\\a\"}\nspec: {}\n");
    EXPECT_EQ(formatted(bad.diagnostics),
              (std::vector<std::string>{
                  "m.yaml:3:18: metadata.name: \"a\\x1b]0;pwn\\x07\" contains \\x1b, a control or bidi character; "
                  "names, descriptions, folder paths and labels are one line of plain text"}));
    EXPECT_FALSE(bad.state.project.name);
    const Parsed empty = parse("apiVersion: flexform/v1\nkind: Project\nmetadata: {name: \"\"}\nspec: {}\n");
    EXPECT_EQ(formatted(empty.diagnostics),
              (std::vector<std::string>{"m.yaml:3:18: metadata.name: must not be empty"}));
    const Parsed long_name =
        parse("apiVersion: flexform/v1\nkind: Project\nmetadata: {name: " + std::string(65, 'n') + "}\nspec: {}\n");
    ASSERT_EQ(long_name.diagnostics.size(), 1u);
    EXPECT_NE(formatted(long_name.diagnostics)[0].find("metadata.name: \"nnnn"), std::string::npos);
    EXPECT_NE(formatted(long_name.diagnostics)[0].find("is too long (65 characters); at most 64"), std::string::npos);
    EXPECT_FALSE(long_name.state.project.name);
}

TEST(Manifest, TheRequestTimeoutAndSettleMarginAreReadAndCheckedAtTheirLine) {
    const Parsed ok = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  requestTimeoutSeconds: 30
  settleSeconds: 0
)");
    EXPECT_TRUE(ok.diagnostics.empty());
    EXPECT_EQ(ok.state.project.request_timeout_seconds, 30);
    EXPECT_EQ(ok.state.project.settle_seconds, 0);
    const Parsed bad = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  requestTimeoutSeconds: 0
  settleSeconds: 3601
)");
    EXPECT_EQ(formatted(bad.diagnostics),
              (std::vector<std::string>{"m.yaml:4:26: spec.requestTimeoutSeconds: 0 is outside 1-3600",
                                        "m.yaml:5:18: spec.settleSeconds: 3601 is outside 0-3600"}));
    EXPECT_FALSE(bad.state.project.request_timeout_seconds);
}

TEST(Manifest, ParsesTheLockSettingsOfTheProjectFile) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  programSerialNumber: ELAVMS0000004711
  lock: shared
  lockDir: /srv/flexform/locks
)");
    EXPECT_TRUE(p.diagnostics.empty());
    EXPECT_TRUE(p.state.project.shared_lock);
    EXPECT_EQ(p.state.project.lock_dir, "/srv/flexform/locks");
    EXPECT_FALSE(parse("apiVersion: flexform/v1\nkind: Project\nspec: {lock: host}\n").state.project.shared_lock);
}

TEST(Manifest, AnUnknownLockOrAnEmptyLockDirIsAnErrorAtItsLine) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  lock: global
  lockDir: ""
)");
    ASSERT_EQ(p.diagnostics.size(), 2u);
    EXPECT_EQ(format(p.diagnostics[0]), "m.yaml:4:9: spec.lock: \"global\" is not host or shared");
    EXPECT_EQ(format(p.diagnostics[1]), "m.yaml:5:12: spec.lockDir: must not be empty");
    EXPECT_FALSE(p.state.project.shared_lock);
    EXPECT_FALSE(p.state.project.lock_dir);
}

TEST(Manifest, ParsesTheRequestBudgetAndRefusesABadShare) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  requestsPerMinute: 0
  requestsPerHour: 500
  createErrorsPerHour: 4
  readShare: 0.25
)");
    EXPECT_TRUE(p.diagnostics.empty()) << formatted(p.diagnostics)[0];
    EXPECT_EQ(p.state.project.requests_per_minute, 0);  // 0 turns the minute window off
    EXPECT_EQ(p.state.project.requests_per_hour, 500);
    EXPECT_EQ(p.state.project.create_errors_per_hour, 4);
    EXPECT_EQ(p.state.project.read_share, 0.25);
    const Parsed bad = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  requestsPerHour: -1
  readShare: 1.5
)");
    EXPECT_EQ(formatted(bad.diagnostics),
              (std::vector<std::string>{
                  "m.yaml:4:20: spec.requestsPerHour: -1 is outside 0-100000 (0 turns it off)",
                  "m.yaml:5:14: spec.readShare: \"1.5\" is not a fraction above 0 and at most 1 (0.5: half "
                  "the budget)"}));
}

TEST(Manifest, ParsesBillingTerms) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  billing: {pricePerPoint: 0.10, currency: USD}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: aa, accountId: 1}
spec:
  billing: {pricePerPoint: "0.125", currency: EUR}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: bb, accountId: 2}
spec:
  billing: {markupPercent: 12.5}
)");
    EXPECT_TRUE(p.diagnostics.empty()) << formatted(p.diagnostics)[0];
    ASSERT_TRUE(p.state.project.billing);
    EXPECT_EQ(p.state.project.billing->price_micros, 100000);
    EXPECT_EQ(p.state.customers[0].billing->price_micros, 125000);
    EXPECT_EQ(p.state.customers[0].billing->currency, "EUR");
    EXPECT_EQ(p.state.customers[1].billing->markup_micros, 12'500'000);
}

TEST(Manifest, BadBillingTermsNameTheirField) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: aa, accountId: 1}
spec:
  billing: {pricePerPoint: -1, currency: euro}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: bb, accountId: 2}
spec:
  billing: {pricePerPoint: 1, markupPercent: 5}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: cc, accountId: 3}
spec:
  billing: {markupPercent: 5}
)");
    const auto f = formatted(p.diagnostics);
    ASSERT_EQ(f.size(), 4u) << ::testing::PrintToString(f);
    EXPECT_EQ(f[0],
              "m.yaml:5:28: spec.billing.pricePerPoint: \"-1\" is not a plain decimal of at most 6 places "
              "(like 0.12)");
    EXPECT_EQ(f[1],
              "m.yaml:5:42: spec.billing.currency: \"euro\" is not an ISO 4217 currency code (three capital "
              "letters, like EUR)");
    EXPECT_EQ(f[2], "m.yaml:11:12: spec.billing: pricePerPoint and markupPercent exclude each other: give one");
    EXPECT_EQ(f[3],
              "m.yaml:17:12: spec.billing.markupPercent: a markup needs the program-wide price: set "
              "spec.billing.pricePerPoint and currency in flexform.yaml (no flexform.yaml was found)");
}

TEST(Manifest, ADisabledConfigurationHoldsNoEntitlements) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 1}
spec:
  configs:
    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, enabled: false}
    - {name: fgt2, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, enabled: false,
       serials: [FGT60FTK20000001]}
)");
    const auto f = formatted(p.diagnostics);
    ASSERT_EQ(f.size(), 1u) << ::testing::PrintToString(f);
    EXPECT_NE(f[0].find("spec.configs[1].enabled: a disabled configuration holds no entitlements"), std::string::npos)
        << f[0];
    EXPECT_FALSE(p.state.customers[0].configs[0].enabled);
}

TEST(Manifest, EmptyFileIsAWarning) {
    const Parsed p = parse("# nothing here\n");
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_EQ(format(p.diagnostics[0]), "m.yaml: warning: no YAML documents in this file");
}

TEST(Manifest, AReplacedUnitDeclaredByAnotherCustomerIsAnError) {
    const Parsed p = parse(
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 1}\nspec:\n  configs:\n"
        "    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},"
        " serials: [{serial: FGT60FTK20000003, replaces: FGT60FTK20000009}]}\n"
        "---\napiVersion: flexform/v1\nkind: Customer\nmetadata: {name: globex, accountId: 2}\nspec:\n  configs:\n"
        "    - {name: g, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},"
        " serials: [FGT60FTK20000009]}\n");
    EXPECT_EQ(formatted(p.diagnostics),
              (std::vector<std::string>{"m.yaml:6:111: spec.configs[0].serials[0].replaces: serial FGT60FTK20000009 is "
                                        "declared in customer globex (m.yaml:13:102): a swap replaces a unit of the "
                                        "customer's own account"}));
}

class TempTree : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() / ("flexform-manifest-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
        fs::create_directories(m_root / "customers" / "nested");
        fs::create_directories(m_root / ".git");
    }
    void TearDown() override { fs::remove_all(m_root); }
    void write(const fs::path& relative, const std::string& text) { std::ofstream(m_root / relative) << text; }
    fs::path m_root;
};

TEST_F(TempTree, LoadsDirectoriesRecursivelyInSortedOrder) {
    write("customers/b.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: bbb, accountId: 2}\nspec: {}\n");
    write("customers/nested/a.yml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: aaa, accountId: 1}\nspec: {}\n");
    write("customers/notes.txt", "not yaml");
    write("flexform.yaml", "apiVersion: flexform/v1\nkind: Project\nspec: {programSerialNumber: ELAVMS0000000001}\n");
    const std::string dir = (m_root / "customers").string();
    const std::string project = find_project_file(dir);
    EXPECT_EQ(fs::path(project).filename(), "flexform.yaml");
    const LoadResult result = load_manifests({dir}, project, options());
    EXPECT_TRUE(result.ok());
    ASSERT_EQ(result.state.customers.size(), 2u);
    EXPECT_EQ(result.state.customers[0].name, "bbb");
    EXPECT_EQ(result.state.customers[1].name, "aaa");
    EXPECT_EQ(result.state.project.program_serial, "ELAVMS0000000001");
    EXPECT_EQ(result.state.files.size(), 3u);
}

TEST_F(TempTree, DuplicateSerialsAcrossFilesPointAtTheFirst) {
    const char* fmt =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: %s, accountId: %d}\nspec:\n  configs:\n"
        "    - {name: f, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},"
        " serials: [FGT60FTK20000001]}\n";
    char a[512];
    char b[512];
    std::snprintf(a, sizeof a, fmt, "first", 1);
    std::snprintf(b, sizeof b, fmt, "second", 2);
    write("customers/a.yaml", a);
    write("customers/b.yaml", b);
    const std::string dir = (m_root / "customers").string();
    const LoadResult result = load_manifests({dir}, "", options());
    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].file, dir + "/b.yaml");
    EXPECT_EQ(result.diagnostics[0].message, "serial FGT60FTK20000001 is also declared at " + dir + "/a.yaml:6:102");
}

TEST_F(TempTree, MissingPathIsReported) {
    const LoadResult result = load_manifests({(m_root / "nope").string()}, "", options());
    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].message, "no such file or directory");
}

TEST_F(TempTree, ProjectFileSearchStopsAtTheGitRoot) {
    EXPECT_EQ(find_project_file((m_root / "customers" / "nested").string()), "");
    write("customers/flexform.yaml", "apiVersion: flexform/v1\nkind: Project\nspec: {}\n");
    EXPECT_EQ(fs::path(find_project_file((m_root / "customers" / "nested").string())).lexically_normal(),
              (m_root / "customers" / "nested" / ".." / "flexform.yaml").lexically_normal());
}

// "sub/." is sub itself: the search must not skip a level (it once named a file two levels up that was not there).
TEST_F(TempTree, ProjectFileSearchFromADotPathLooksInItsParentNext) {
    write("customers/flexform.yaml", "apiVersion: flexform/v1\nkind: Project\nspec: {}\n");
    const std::string found = find_project_file((m_root / "customers" / "nested" / ".").string());
    EXPECT_EQ(fs::path(found).lexically_normal(), (m_root / "customers" / "flexform.yaml").lexically_normal());
}

TEST_F(TempTree, ProjectFilesBelowAreFoundThreeLevelsDownSkippingHiddenDirectories) {
    write("flexform.yaml", "kind: Project\n");  // the start's own is find_project_file's
    write("customers/flexform.yaml", "kind: Project\n");
    fs::create_directories(m_root / "a" / "b" / "c");
    write("a/b/flexform.yaml", "kind: Project\n");
    write("a/b/c/flexform.yaml", "kind: Project\n");  // too deep
    fs::create_directories(m_root / ".flexform");
    write(".flexform/flexform.yaml", "kind: Project\n");
    const std::string root = m_root.string();
    EXPECT_EQ(find_project_files_below(root),
              (std::vector<std::string>{root + "/a/b/flexform.yaml", root + "/customers/flexform.yaml"}));
}

TEST_F(TempTree, AProjectFileOneLevelUpFromTheWorkingDirectoryIsNamedOneLevelUp) {
    write("flexform.yaml", "apiVersion: flexform/v1\nkind: Project\nspec: {}\n");
    const fs::path was = fs::current_path();
    fs::current_path(m_root / "customers");
    const std::string from_dot = find_project_file(".");
    const std::string from_slash = find_project_file("nested/");
    fs::current_path(was);
    EXPECT_EQ(from_dot, "../flexform.yaml");
    EXPECT_EQ(from_slash, "../flexform.yaml");
}

}  // namespace
}  // namespace flexform
