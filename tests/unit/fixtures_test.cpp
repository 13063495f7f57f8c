// Every broken manifest under tests/fixtures/invalid yields exactly the diagnostics in its .expected file.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "engine/manifest/manifest.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> fixtures() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(fs::path(FLEXFORM_TEST_DIR) / "fixtures" / "invalid")) {
        if (entry.path().extension() == ".yaml") {
            out.push_back(entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

class InvalidFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(InvalidFixture, ProducesExactlyTheExpectedDiagnostics) {
    const fs::path yaml = GetParam();
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text(yaml.filename().string(), read(yaml), ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}},
                        state, diagnostics);
    check_tree(state, diagnostics);
    sort_diagnostics(diagnostics);
    std::string actual;
    for (const auto& d : diagnostics) {
        actual += format(d) + "\n";
    }
    EXPECT_TRUE(has_errors(diagnostics));
    EXPECT_EQ(actual, read(fs::path(yaml).replace_extension(".expected")));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixture, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<fs::path>& param_info) {
                             std::string name = param_info.param.stem().string();
                             std::erase_if(name, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); });
                             return name;
                         });

TEST(InvalidFixtures, ThereAreAtLeastFifteen) {
    EXPECT_GE(fixtures().size(), 15u);
}

}  // namespace
}  // namespace flexform
