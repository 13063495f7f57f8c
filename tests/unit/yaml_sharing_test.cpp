// Anchors, aliases and merge keys within one manifest: accepted, bounded, and located where the user wrote them.
#include "engine/manifest/yaml_sharing.h"

#include <gtest/gtest.h>

#include "engine/manifest/manifest.h"

namespace flexform {
namespace {

struct Parsed {
    DesiredState state;
    std::vector<std::string> diagnostics;
};

Parsed parse(const std::string& text) {
    Parsed p;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("m.yaml", text, ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}}, p.state, diagnostics);
    sort_diagnostics(diagnostics);
    for (const auto& d : diagnostics) {
        p.diagnostics.push_back(format(d));
    }
    return p;
}

const std::string k_head =
    "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 123}\nspec:\n"
    "  configs:\n";

TEST(YamlSharing, MergeKeysShareAConfigWithinAFile) {
    const Parsed p = parse(k_head +
                           "    - &base\n"
                           "      name: a1\n"
                           "      product: FGT_VM_Bundle\n"
                           "      parameters: &p {cpu_size: 2, service_pkg: UTP}\n"
                           "      vms: {count: 1, folderPath: My Assets/acme}\n"
                           "    - <<: *base\n"
                           "      name: a2\n"
                           "      parameters: {<<: *p, cpu_size: 4}\n");
    ASSERT_TRUE(p.diagnostics.empty()) << p.diagnostics[0];
    const auto& configs = p.state.customers.at(0).configs;
    ASSERT_EQ(configs.size(), 2u);
    EXPECT_EQ(configs[1].name, "a2");
    EXPECT_EQ(configs[1].product_id, configs[0].product_id);
    EXPECT_EQ(configs[1].vms->folder_path, "My Assets/acme");
    const ProductType* product = builtin_catalog().find_by_id(configs[0].product_id);
    const int cpu = product->find_parameter(std::string_view{"cpu_size"})->id;
    const int pkg = product->find_parameter(std::string_view{"service_pkg"})->id;
    EXPECT_EQ(configs[0].parameters.values.at(cpu), std::vector<std::string>{"2"});
    EXPECT_EQ(configs[1].parameters.values.at(cpu), std::vector<std::string>{"4"});
    EXPECT_EQ(configs[1].parameters.values.at(pkg), std::vector<std::string>{"UTP"});
}

TEST(YamlSharing, OfSeveralMergedMappingsTheFirstWins) {
    const Parsed p = parse(k_head +
                           "    - &vm {name: a1, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTP},"
                           " vms: {count: 1}}\n"
                           "    - <<: [{name: a2, vms: {count: 5}}, *vm]\n");
    ASSERT_TRUE(p.diagnostics.empty()) << p.diagnostics[0];
    ASSERT_EQ(p.state.customers.at(0).configs.size(), 2u);
    EXPECT_EQ(p.state.customers[0].configs[1].name, "a2");
    EXPECT_EQ(p.state.customers[0].configs[1].vms->count, 5);
}

TEST(YamlSharing, AMistakeInSharedTextIsReportedWhereItIsWritten) {
    const Parsed p = parse(k_head +
                           "    - name: a1\n"
                           "      product: FGT_VM_Bundle\n"
                           "      parameters: &p {cpu_size: 2, service_pkg: UTX}\n"
                           "      vms: {count: 1}\n"
                           "    - name: a2\n"
                           "      product: FGT_VM_Bundle\n"
                           "      parameters: {<<: *p}\n"
                           "      vms: {count: 1}\n");
    EXPECT_EQ(p.diagnostics,
              (std::vector<std::string>{
                  "m.yaml:8:49: spec.configs[0].parameters.service_pkg: \"UTX\" is not an allowed value (did you "
                  "mean \"UTP\"?) (allowed: one of FC, UTP, ENT, ATP)",
                  "m.yaml:8:49: spec.configs[1].parameters.service_pkg: \"UTX\" is not an allowed value (did you "
                  "mean \"UTP\"?) (allowed: one of FC, UTP, ENT, ATP)"}));
}

TEST(YamlSharing, AMergeOfSomethingElseThanAMappingIsRefused) {
    const Parsed p = parse(k_head +
                           "    - <<: 5\n      name: a4\n      product: FORTIEDR\n"
                           "      parameters: {service_pkg: FEDRPDR}\n      cloud: {}\n");
    EXPECT_EQ(p.diagnostics, (std::vector<std::string>{"m.yaml:6:11: spec.configs[0].<<: a merge key takes a mapping "
                                                       "or a list of mappings (<<: *base), got \"5\""}));
}

TEST(YamlSharing, AQuotedMergeKeyIsAnOrdinaryKey) {
    const Parsed p = parse(k_head +
                           "    - \"<<\": {name: x}\n      name: a4\n      product: FORTIEDR\n"
                           "      parameters: {service_pkg: FEDRPDR}\n      cloud: {}\n");
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_EQ(p.diagnostics[0], "m.yaml:6:7: spec.configs[0].<<: unknown key \"<<\" (did you mean \"id\"?)");
}

TEST(YamlSharing, AnAliasBombIsRefusedAtTheAliasThatCrossesTheBound) {
    std::string bomb = k_head + "    - &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'h'; ++c) {
        const std::string prev = std::string("*") + static_cast<char>(c - 1);
        bomb += std::string("    - &") + c + " [" + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev +
                ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + "]\n";
    }
    const Parsed p = parse(bomb);
    ASSERT_EQ(p.diagnostics.size(), 1u);
    EXPECT_EQ(p.diagnostics[0],
              "m.yaml:12:23: aliases expand this file past 5000000 values (aliases of aliases?); it is not read");
    EXPECT_TRUE(p.state.customers.empty());
}

TEST(YamlSharing, CountingStopsAtTheLimitGiven) {
    // 1 map + 1 key + 4 (the anchored list) + 1 key + 1 list + 4 + 4 for the two aliases: 16 values.
    EXPECT_FALSE(alias_overrun("a: &a [1, 2, 3]\nb: [*a, *a]\n", 16));
    const auto overrun = alias_overrun("a: &a [1, 2, 3]\nb: [*a, *a]\n", 15);
    ASSERT_TRUE(overrun);
    EXPECT_EQ(overrun->line, 2);
    EXPECT_EQ(overrun->column, 9);
}

}  // namespace
}  // namespace flexform
