#include "engine/catalog/catalog.h"

#include <gtest/gtest.h>

namespace flexform {
namespace {

const Catalog& catalog() {
    return builtin_catalog();
}

TEST(Catalog, HoldsEveryProductTypeOfTheReference) {
    const std::vector<int> ids = {1,   2,   3,   4,   5,   7,   8,   9,   10,  11,  12,  101,
                                  102, 103, 202, 203, 204, 205, 206, 207, 208, 209, 211, 212};
    EXPECT_EQ(catalog().products().size(), ids.size());
    for (const int id : ids) {
        EXPECT_NE(catalog().find_by_id(id), nullptr) << id;
    }
}

TEST(Catalog, FormFactorFollowsTheIdRange) {
    for (const auto& product : catalog().products()) {
        const FormFactor expected = product.id < 100   ? FormFactor::vm
                                    : product.id < 200 ? FormFactor::hardware
                                                       : FormFactor::cloud;
        EXPECT_EQ(product.form_factor, expected) << product.code;
    }
}

TEST(Catalog, FortiGateHardwareModelParameterAcceptsFgt60f) {
    const ProductType* fgt = catalog().find_by_code("FGT_HW");
    ASSERT_NE(fgt, nullptr);
    EXPECT_EQ(fgt->id, 101);
    const Parameter* model = fgt->find_parameter(27);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model->key, "device_model");
    EXPECT_EQ(model->type, ParameterType::single);
    EXPECT_FALSE(check_value(*model, "FGT60F").has_value());
    EXPECT_TRUE(check_value(*model, "FGT60X").has_value());
    EXPECT_EQ(model->values.size(), 149u);
    EXPECT_EQ(fgt->device_model(), model);
}

TEST(Catalog, EmsCloudCountsAreMultiplesOf25) {
    const ProductType* ems = catalog().find_by_code("FC_EMS_CLOUD");
    ASSERT_NE(ems, nullptr);
    const Parameter* ztna = ems->find_parameter(37);
    ASSERT_NE(ztna, nullptr);
    EXPECT_FALSE(check_value(*ztna, "0").has_value());
    EXPECT_FALSE(check_value(*ztna, "25").has_value());
    EXPECT_FALSE(check_value(*ztna, "25000").has_value());
    const auto off = check_value(*ztna, "30");
    ASSERT_TRUE(off.has_value());
    EXPECT_EQ(off->kind, ValueProblem::Kind::off_step);
    EXPECT_EQ(check_value(*ztna, "25025")->kind, ValueProblem::Kind::above_max);
}

TEST(Catalog, FortiEdrEndpointsAreReadOnlyButNeededByCalc) {
    const ProductType* edr = catalog().find_by_code("FORTIEDR");
    ASSERT_NE(edr, nullptr);
    const Parameter* endpoints = edr->find_parameter(47);
    ASSERT_NE(endpoints, nullptr);
    EXPECT_TRUE(endpoints->read_only);
    EXPECT_TRUE(endpoints->calc_required);
    EXPECT_EQ(check_value(*endpoints, "250")->kind, ValueProblem::Kind::read_only);
    EXPECT_TRUE(edr->find_parameter(76)->scale_up_only);
    EXPECT_EQ(edr->find_parameter(76)->step, 512);
}

TEST(Catalog, EmsOnPremAcceptsZeroOrTheRange) {
    const Parameter* ztna = catalog().find_by_code("FC_EMS_OP")->find_parameter(13);
    EXPECT_FALSE(check_value(*ztna, "0").has_value());
    EXPECT_EQ(check_value(*ztna, "10")->kind, ValueProblem::Kind::below_min);
    EXPECT_EQ(describe_allowed(*ztna), "0 or 25-25000");
}

TEST(Catalog, FortiWebCloudThroughputIsEnumerated) {
    const Parameter* throughput = catalog().find_by_code("FWBC_PUBLIC")->find_parameter(34);
    EXPECT_FALSE(check_value(*throughput, "25").has_value());
    EXPECT_EQ(check_value(*throughput, "10")->kind, ValueProblem::Kind::below_min);
    EXPECT_EQ(check_value(*throughput, "1100")->kind, ValueProblem::Kind::not_allowed);
    EXPECT_FALSE(check_value(*catalog().find_by_code("FWBC_PRIVATE")->find_parameter(32), "10").has_value());
}

TEST(Catalog, LegacyValuesAreAcceptedAndMarked) {
    const Parameter* pkg = catalog().find_by_code("FGT_VM_Bundle")->find_parameter(2);
    EXPECT_FALSE(check_value(*pkg, "UTM").has_value());
    EXPECT_TRUE(pkg->find_value("UTM")->legacy);
    const Parameter* cpu = catalog().find_by_code("FGT_VM_Bundle")->find_parameter(1);
    EXPECT_FALSE(check_value(*cpu, "2147483647").has_value());
    EXPECT_EQ(check_value(*cpu, "97")->kind, ValueProblem::Kind::above_max);
    EXPECT_EQ(describe_allowed(*cpu), "1-96");
}

TEST(Catalog, ParameterIdsAreUniqueAcrossProducts) {
    std::map<int, std::string> owner;
    for (const auto& product : catalog().products()) {
        for (const auto& p : product.parameters) {
            const auto [it, inserted] = owner.emplace(p.id, product.code);
            EXPECT_TRUE(inserted) << "parameter " << p.id << " in " << product.code << " and " << it->second;
        }
    }
}

TEST(Catalog, RejectsMalformedJson) {
    EXPECT_THROW(Catalog::from_json("{"), CatalogError);
    EXPECT_THROW(Catalog::from_json(R"({"products": [{"id": 1}]})"), CatalogError);
    EXPECT_THROW(Catalog::from_json(
                     R"({"products": [{"id": 1, "code": "X", "name": "x", "form_factor": "tape", "parameters": []}]})"),
                 CatalogError);
}

TEST(Catalog, ParseIntegerIsStrict) {
    EXPECT_EQ(parse_integer("42"), 42);
    EXPECT_EQ(parse_integer("-3"), -3);
    EXPECT_EQ(parse_integer("+7"), 7);
    EXPECT_FALSE(parse_integer("4.5").has_value());
    EXPECT_FALSE(parse_integer("").has_value());
    EXPECT_FALSE(parse_integer("12abc").has_value());
    EXPECT_FALSE(parse_integer("99999999999999999999").has_value());
}

}  // namespace
}  // namespace flexform
