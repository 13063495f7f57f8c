// Arbitrary bytes never crash the manifest loader: every input ends in a model or a diagnostic.
#include <random>

#include <gtest/gtest.h>

#include "engine/manifest/manifest.h"

namespace flexform {
namespace {

std::vector<Diagnostic> parse(const std::string& text) {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("fuzz.yaml", text, ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}}, state, diagnostics);
    check_tree(state, diagnostics);
    return diagnostics;
}

const std::string k_valid = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: fuzz, accountId: 5, labels: {a: b}}
spec:
  state: active
  configs:
    - name: fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: [FGHWSOCA]}
      serials: [FGT60FTK20000001, {serial: FGT60FTK20000002, description: d}]
      endDate: 2027-01-01
    - {name: vm, product: FGT_VM_Bundle, parameters: {cpu_size: 2, service_pkg: UTP}, vms: {count: 2}}
    - {name: edr, product: FORTIEDR, parameters: {service_pkg: FEDRPDR}, cloud: {}}
)";

TEST(Robustness, RandomBytesEndInADiagnostic) {
    std::mt19937 rng(12345);
    for (int round = 0; round < 300; ++round) {
        std::string text(static_cast<std::size_t>(rng() % 400), '\0');
        for (auto& c : text) {
            c = static_cast<char>(rng() % 256);
        }
        // Random bytes never form a manifest: every input ends in at least one located diagnostic, and
        // ASan/UBSan watch the parse itself.
        EXPECT_FALSE(parse(text).empty()) << "round " << round;
    }
}

TEST(Robustness, MutatedValidManifestsNeverCrash) {
    std::mt19937 rng(777);
    const std::string alphabet = "{}[]:,-'\"&*!|>#%@` \n\t0123456789abcxyzFGT";
    int with_errors = 0;
    for (int round = 0; round < 600; ++round) {
        std::string text = k_valid;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t pos = rng() % text.size();
            switch (rng() % 3) {
                case 0:
                    text[pos] = alphabet[rng() % alphabet.size()];
                    break;
                case 1:
                    text.erase(pos, 1 + rng() % 5);
                    break;
                default:
                    text.insert(pos, 1, alphabet[rng() % alphabet.size()]);
            }
        }
        with_errors += has_errors(parse(text)) ? 1 : 0;
    }
    EXPECT_GT(with_errors, 100);  // the mutations really produced broken input
}

TEST(Robustness, DeepNestingIsADiagnostic) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const auto diagnostics = parse(deep);
    ASSERT_FALSE(diagnostics.empty());
    EXPECT_TRUE(has_errors(diagnostics));
    const std::string deep_maps = [] {
        std::string s;
        for (int i = 0; i < 5000; ++i) {
            s += std::string(static_cast<std::size_t>(i % 50), ' ') + "k:\n";
        }
        return s;
    }();
    EXPECT_TRUE(has_errors(parse(deep_maps)));
}

TEST(Robustness, HugeInputIsRefusedWithoutParsing) {
    const std::string huge(k_max_manifest_bytes + 10, 'a');
    const auto diagnostics = parse(huge);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(format(diagnostics[0]), "fuzz.yaml: file is 16 MiB, larger than the 16 MiB limit");
}

TEST(Robustness, BinaryJunkIsNotText) {
    const auto diagnostics =
        parse(std::string("\x7f"
                          "ELF\x02\x01\x01\0\0\0",
                          10));
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(format(diagnostics[0]), "fuzz.yaml:1:8: not a text file: a NUL byte (byte 0x00)");
}

TEST(Robustness, AnInvalidByteIsReportedAtItsLineAndColumn) {
    // "é" before it on the line is one character (two bytes): the column counts characters.
    const auto diagnostics = parse("apiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: \"caf\xc3\xa9\xc3\"\n");
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(format(diagnostics[0]), "fuzz.yaml:4:14: not UTF-8 text: an incomplete sequence (byte 0xc3)");
}

TEST(Robustness, AliasExpansionStaysCheap) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'k'; ++c) {
        const char prev = static_cast<char>(c - 1);
        bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" +
                prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
    }
    EXPECT_TRUE(has_errors(parse(bomb)));
}

}  // namespace
}  // namespace flexform
