#include "engine/model/parameters.h"

#include <gtest/gtest.h>

namespace flexform {
namespace {

const ProductType& product(const char* code) {
    return *builtin_catalog().find_by_code(code);
}

TEST(Parameters, NormalizeFillsDefaultsAndSortsLists) {
    ParameterSet raw;
    raw.values[1] = {"04"};
    raw.values[2] = {"UTP"};
    raw.values[44] = {"FGTSOCA", "FGTFAZC", "NONE"};
    const ParameterSet set = normalize(product("FGT_VM_Bundle"), raw);
    EXPECT_EQ(set.values.at(1), std::vector<std::string>{"4"});
    EXPECT_EQ(set.values.at(10), std::vector<std::string>{"0"});
    EXPECT_EQ(set.values.at(45), std::vector<std::string>{"NONE"});
    EXPECT_EQ(set.values.at(44), (std::vector<std::string>{"FGTFAZC", "FGTSOCA"}));
    EXPECT_TRUE(set.values.at(43).empty());
}

TEST(Parameters, WireRoundTripRepeatsMultiValuesAndWritesNone) {
    const ProductType& fgt = product("FGT_HW");
    const std::vector<WireParameter> wire = {{27, "FGT60F"}, {28, "FGHWUTP"}, {29, "FGHWSOCA"}, {29, "FGHWFAZC"}};
    const ParameterSet set = from_wire(fgt, wire);
    const auto back = to_wire(fgt, set);
    ASSERT_EQ(back.size(), 4u);
    EXPECT_EQ(back[2].value, "FGHWFAZC");
    EXPECT_EQ(from_wire(fgt, back), set);
    const ParameterSet none = from_wire(fgt, {{27, "FGT60F"}, {28, "FGHWUTP"}, {29, "NONE"}});
    const auto none_wire = to_wire(fgt, none);
    ASSERT_EQ(none_wire.size(), 3u);
    EXPECT_EQ(none_wire[2].id, 29);
    EXPECT_EQ(none_wire[2].value, "NONE");
}

TEST(Parameters, ReadOnlyValuesFromTheApiAreDropped) {
    const ProductType& edr = product("FORTIEDR");
    const ParameterSet set = from_wire(edr, {{46, "FEDRPDR"}, {47, "250"}, {52, "NONE"}, {76, "0"}});
    EXPECT_EQ(set.values.count(47), 0u);
    EXPECT_EQ(from_wire(edr, {{46, "FEDRPDR"}, {47, "999"}}), set);
}

TEST(Parameters, DescribeChangeNamesEachDifference) {
    const ProductType& fgt = product("FGT_HW");
    const ParameterSet before = from_wire(fgt, {{27, "FGT60F"}, {28, "FGHWATP"}, {29, "FGHWFAZC"}});
    const ParameterSet after = from_wire(fgt, {{27, "FGT60F"}, {28, "FGHWUTP"}, {29, "FGHWSOCA"}});
    EXPECT_EQ(describe_change(fgt, before, after), "service_pkg FGHWATP -> FGHWUTP; addons +FGHWSOCA -FGHWFAZC");
    EXPECT_EQ(describe_change(fgt, before, before), "");
    EXPECT_EQ(canonical_key(before), "27=FGT60F;28=FGHWATP;29=FGHWFAZC");
}

}  // namespace
}  // namespace flexform
