// spec.programs in flexform.yaml, `program:` on customers and configs, and the desired state cut to one program.
#include "engine/model/programs.h"

#include <gtest/gtest.h>

#include "engine/manifest/manifest.h"

namespace flexform {
namespace {

struct Parsed {
    DesiredState state;
    std::vector<std::string> errors;
};

Parsed parse(const std::string& text) {
    Parsed p;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("m.yaml", text, ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}}, p.state, diagnostics);
    check_tree(p.state, diagnostics);
    sort_diagnostics(diagnostics);
    for (const auto& d : diagnostics) {
        p.errors.push_back(format(d));
    }
    return p;
}

const char* k_project = R"(apiVersion: flexform/v1
kind: Project
spec:
  policies: {maxIncreasePerDay: 500}
  programs:
    - name: postpaid
      serialNumber: ELAVMS0000004711
      default: true
      yearlyCommitment: 50000
    - name: prepaid
      serialNumber: ELAVMR0000004712
      policies: {minRunwayDays: 90}
      requestsPerHour: 300
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 2345678}
spec:
  configs:
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK21001234]
    - name: acme-vm
      program: prepaid
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 2}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: globex, accountId: 2345679}
spec:
  program: prepaid
  configs:
    - name: globex-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 1}
)";

TEST(Programs, TheProjectListsProgramsWithTheirOwnRulesAndProjectDefaults) {
    const Parsed p = parse(k_project);
    ASSERT_TRUE(p.errors.empty()) << p.errors.front();
    const auto programs = project_programs(p.state.project, "");
    ASSERT_EQ(programs.size(), 2u);
    EXPECT_EQ(programs[0].name, "postpaid");
    EXPECT_TRUE(programs[0].is_default);
    EXPECT_EQ(programs[0].yearly_commitment, 50000.0);
    ASSERT_TRUE(programs[0].policies.max_increase_per_day);  // the project-wide policy, by default
    EXPECT_EQ(programs[0].policies.max_increase_per_day->value, 500.0);
    EXPECT_FALSE(programs[1].policies.max_increase_per_day);  // its own policies replace the project's
    ASSERT_TRUE(programs[1].policies.min_runway_days);
    EXPECT_EQ(programs[1].requests_per_hour, 300);
    EXPECT_EQ(find_program(programs, "ELAVMR0000004712"), &programs[1]);
    EXPECT_EQ(find_program(programs, "prepaid"), &programs[1]);
    EXPECT_EQ(find_program(programs, "nope"), nullptr);
}

TEST(Programs, EachProgramSeesTheConfigsItBillsAndItsOwnSettings) {
    const Parsed p = parse(k_project);
    const auto programs = project_programs(p.state.project, "");
    const DesiredState postpaid = desired_for_program(p.state, programs, programs[0]);
    EXPECT_EQ(postpaid.project.program_serial, "ELAVMS0000004711");
    EXPECT_EQ(postpaid.project.yearly_commitment, 50000.0);
    ASSERT_EQ(postpaid.customers.size(), 1u);  // globex is billed nothing by it and belongs to prepaid
    EXPECT_EQ(postpaid.customers[0].name, "acme");
    ASSERT_EQ(postpaid.customers[0].configs.size(), 1u);
    EXPECT_EQ(postpaid.customers[0].configs[0].name, "acme-fgt");

    const DesiredState prepaid = desired_for_program(p.state, programs, programs[1]);
    EXPECT_EQ(prepaid.project.program_serial, "ELAVMR0000004712");
    EXPECT_FALSE(prepaid.project.yearly_commitment);
    EXPECT_EQ(prepaid.project.requests_per_hour, 300);
    ASSERT_EQ(prepaid.customers.size(), 2u);
    EXPECT_EQ(prepaid.customers[0].configs[0].name, "acme-vm");
    EXPECT_EQ(prepaid.customers[1].configs[0].name, "globex-vm");
}

TEST(Programs, AProjectWithOneSerialIsOneDefaultProgram) {
    const Parsed p = parse("apiVersion: flexform/v1\nkind: Project\nspec: {programSerialNumber: ELAVMS0000004711, "
                           "yearlyCommitment: 1000}\n");
    ASSERT_TRUE(p.errors.empty());
    const auto programs = project_programs(p.state.project, "ELAVMS0000004799");
    ASSERT_EQ(programs.size(), 1u);
    EXPECT_EQ(programs[0].name, "default");
    EXPECT_EQ(programs[0].serial, "ELAVMS0000004799");  // the serial the run resolved (a flag may override the file)
    EXPECT_EQ(programs[0].yearly_commitment, 1000.0);
}

TEST(Programs, BadProgramListsAreErrorsAtTheirLines) {
    const Parsed p = parse(R"(apiVersion: flexform/v1
kind: Project
spec:
  programSerialNumber: ELAVMS0000004711
  programs:
    - {name: postpaid, serialNumber: ELAVMS0000004711}
    - {name: Prepaid, serialNumber: ELAVMR0000004712}
    - {name: prepaid, serialNumber: ELAVMR0000004712, yearlyCommitment: 100}
    - {name: other, serialNumber: ELAVMS0000004711}
)");
    const std::vector<std::string> expected = {
        "m.yaml:4:24: spec.programSerialNumber: with spec.programs, each program's serialNumber is given there: "
        "remove this key",
        "m.yaml:7:14: spec.programs[1].name: \"Prepaid\" is not a program name (a lowercase letter, then up to 23 "
        "lowercase letters, digits or '-': \"postpaid\", \"prepaid-eu\")",
        "m.yaml:8:73: spec.programs[2].yearlyCommitment: a prepaid program (ELAVMR0000004712) has a balance, not "
        "a yearly commitment: use policies.minRunwayDays or maxBalanceShare",
        "m.yaml:9:7: spec.programs[3]: program ELAVMS0000004711 is also listed at line 6"};
    EXPECT_EQ(p.errors, expected);
}

TEST(Programs, AnUnknownProgramNameIsAnErrorWithASuggestion) {
    std::string text = k_project;
    text.replace(text.find("program: prepaid\n      product"), 16, "program: prepay ");
    const Parsed p = parse(text);
    ASSERT_EQ(p.errors.size(), 1u);
    EXPECT_EQ(p.errors[0],
              "m.yaml:25:16: spec.configs[1].program: unknown program \"prepay\" (did you mean \"prepaid\"?) "
              "(spec.programs of m.yaml lists postpaid, prepaid)");
    const Parsed single = parse("apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: solo, accountId: 5}\n"
                                "spec: {program: prepaid}\n");
    ASSERT_EQ(single.errors.size(), 1u) << single.errors[0];
    EXPECT_EQ(single.errors[0],
              "m.yaml:4:17: spec.program: program \"prepaid\" is not listed: flexform.yaml has no spec.programs "
              "(no flexform.yaml was found)");
}

}  // namespace
}  // namespace flexform
