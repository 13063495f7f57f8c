// programs, configs, tools/calc and tools/metadata: success paths and every validation error class.
#include <chrono>

#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using EmulatorConfigs = EmulatorFixture;

json fgt_vm(int cpu, const std::string& pkg) {
    return json::array({{{"id", 1}, {"value", std::to_string(cpu)}}, {{"id", 2}, {"value", pkg}}});
}

json create_body(const json& parameters, int product = 1, const std::string& name = "cfg") {
    return {{"programSerialNumber", k_program},
            {"accountId", k_acme},
            {"name", name},
            {"productTypeId", product},
            {"parameters", parameters}};
}

TEST_F(EmulatorConfigs, ProgramsListShowsBothProgramsWithDates) {
    const json programs = ok("programs/list", json::object(), "programs");
    ASSERT_EQ(programs.size(), 2u);
    EXPECT_EQ(programs[1]["serialNumber"], k_program);
    EXPECT_EQ(programs[1]["accountId"], k_root);
    EXPECT_EQ(programs[1]["startDate"], "2025-01-01T00:00:00");
    EXPECT_EQ(programs[1]["endDate"], "2027-06-30T00:00:00");
    EXPECT_EQ(programs[1]["hasSupportCoverage"], true);
}

TEST_F(EmulatorConfigs, ProgramsPointsGivesThePrepaidBalanceAndRefusesPostpaid) {
    const json balance = ok("programs/points", {{"programSerialNumber", k_prepaid}}, "programs");
    ASSERT_EQ(balance.size(), 1u);
    EXPECT_EQ(balance[0]["pointBalance"], 5000);
    EXPECT_EQ(fails("programs/points", {{"programSerialNumber", k_program}}),
              "Point balance is only valid for prepaid programs");
}

TEST_F(EmulatorConfigs, CreateStoresTheFullParameterSetWithDefaults) {
    const json c = ok("configs/create", create_body(fgt_vm(4, "UTP")), "configs");
    EXPECT_EQ(c["status"], "ACTIVE");
    EXPECT_EQ(c["accountId"], k_acme);
    EXPECT_EQ(c["productType"]["id"], 1);
    EXPECT_EQ(c["productType"]["name"], "FortiGate-VM");
    std::map<int, std::vector<std::string>> values;
    for (const auto& p : c["parameters"]) {
        values[p["id"].get<int>()].push_back(p["value"]);
    }
    EXPECT_EQ(values[1], std::vector<std::string>{"4"});
    EXPECT_EQ(values[10], std::vector<std::string>{"0"});
    EXPECT_EQ(values[43], std::vector<std::string>{"NONE"});
    EXPECT_GT(c["id"].get<int>(), 104);
}

TEST_F(EmulatorConfigs, CreateWithoutAccountUsesTheUsersHomeAccount) {
    json body = create_body(fgt_vm(1, "FC"));
    body.erase("accountId");
    EXPECT_EQ(ok("configs/create", body, "configs")["accountId"], k_root);
}

TEST_F(EmulatorConfigs, MultiValueParametersRepeatTheId) {
    const json params = {{{"id", 27}, {"value", "FGT60F"}},
                         {{"id", 28}, {"value", "FGHWUTP"}},
                         {{"id", 29}, {"value", "FGHWSOCA"}},
                         {{"id", 29}, {"value", "FGHWFAZC"}}};
    const json c = ok("configs/create", create_body(params, 101), "configs");
    int addons = 0;
    for (const auto& p : c["parameters"]) {
        addons += p["id"] == 29 ? 1 : 0;
    }
    EXPECT_EQ(addons, 2);
}

TEST_F(EmulatorConfigs, ParameterErrorsStartWithParameterId) {
    EXPECT_EQ(fails("configs/create", create_body(fgt_vm(128, "ENT"))),
              "Parameter id 1 value 128 is out of range [1, 96].");
    EXPECT_EQ(fails("configs/create", create_body(fgt_vm(2, "GOLD"))),
              "Parameter id 2 value GOLD is not a valid value.");
    EXPECT_EQ(fails("configs/create", create_body(json::array({{{"id", 1}, {"value", "2"}}}))),
              "Parameter id 2 is required.");
    EXPECT_EQ(fails("configs/create", create_body(json::array({{{"id", 27}, {"value", "FGT60F"}}}))),
              "Parameter id 27 is not valid for product type 1.");
    const json ems = {{{"id", 37}, {"value", "30"}},
                      {{"id", 38}, {"value", "0"}},
                      {{"id", 39}, {"value", "0"}},
                      {{"id", 40}, {"value", "0"}},
                      {{"id", 41}, {"value", "0"}}};
    EXPECT_EQ(fails("configs/create", create_body(ems, 204)), "Parameter id 37 value 30 must be a multiple of 25.");
    EXPECT_EQ(fails("configs/create",
                    create_body(json::array({{{"id", 1}, {"value", "two"}}, {{"id", 2}, {"value", "UTP"}}}))),
              "Parameter id 1 value two is not a number.");
    const json appsec = {{{"id", 82}, {"value", "UCWAF"}}};
    EXPECT_EQ(fails("configs/create", create_body(appsec, 211)),
              "Parameter id 83 is required when parameter id 82 includes UCWAF.");
}

// The value of read-only parameter `id` on a config object, or "" when the object leaves it out.
std::string parameter_value(const json& config, int id) {
    for (const auto& p : config["parameters"]) {
        if (p["id"] == id) {
            return p["value"];
        }
    }
    return "";
}

TEST_F(EmulatorConfigs, ReadOnlyParametersAreIgnoredOnConfigs) {
    const json edr = {{{"id", 46}, {"value", "FEDRPDR"}}, {{"id", 47}, {"value", "250"}}};
    const json c = ok("configs/create", create_body(edr, 206), "configs");
    EXPECT_EQ(parameter_value(c, 47), "0");  // shown with its current value, not the one sent
}

TEST_F(EmulatorConfigs, ReadOnlyParametersAppearWithTheirCurrentValue) {
    const json appsec = ok(
        "configs/create",
        create_body({{{"id", 82}, {"value", "UCWAF"}}, {{"id", 83}, {"value", "UCWAFSTD"}}}, 211, "appsec"), "configs");
    for (const int id : {85, 86, 87, 88}) {
        EXPECT_EQ(parameter_value(appsec, id), "0") << id;
    }
    const json ndr = ok("configs/create", create_body(json::array(), 207, "ndr"), "configs");
    EXPECT_EQ(parameter_value(ndr, 60), "0");
    const json endpoints = ok("entitlements/cloud/create", {{"configId", 102}}, "entitlements")[0];
    hook("metered", {{"serialNumber", endpoints["serialNumber"]}, {"parameterId", 47}, {"value", 250}});
    const json listed = ok("configs/list", {{"programSerialNumber", k_program}, {"accountId", k_acme}}, "configs");
    const auto edr = std::find_if(listed.begin(), listed.end(), [](const json& c) { return c["id"] == 102; });
    ASSERT_NE(edr, listed.end());
    EXPECT_EQ(parameter_value(*edr, 47), "250");
    const auto fgt = std::find_if(listed.begin(), listed.end(), [](const json& c) { return c["id"] == 100; });
    EXPECT_EQ((*fgt)["parameters"].size(), 3u);  // a product without read-only parameters gains nothing
}

TEST_F(EmulatorConfigs, UpdateReplacesParametersAndRenames) {
    const json updated =
        ok("configs/update", {{"id", 101}, {"name", "acme-vm-big"}, {"parameters", fgt_vm(8, "UTP")}}, "configs");
    EXPECT_EQ(updated["name"], "acme-vm-big");
    EXPECT_EQ(updated["parameters"][0]["value"], "8");
    const json renamed = ok("configs/update", {{"id", 101}, {"name", "again"}}, "configs");
    EXPECT_EQ(renamed["parameters"][0]["value"], "8");  // no parameters: rename only
    EXPECT_EQ(fails("configs/update", {{"id", 101}, {"parameters", json::array({{{"id", 1}, {"value", "8"}}})}}),
              "Parameter id 2 is required.");
    EXPECT_EQ(fails("configs/update", {{"id", 999}, {"name", "x"}}), "Configuration 999 does not exist");
}

TEST_F(EmulatorConfigs, ScaleUpOnlyParametersRefuseToShrink) {
    const json siem = {{{"id", 66}, {"value", "20"}}, {{"id", 67}, {"value", "1000"}}};
    const json c = ok("configs/create", create_body(siem, 209), "configs");
    const json smaller = {{{"id", 66}, {"value", "10"}}, {{"id", 67}, {"value", "500"}}};
    EXPECT_EQ(fails("configs/update", {{"id", c["id"]}, {"parameters", smaller}}),
              "Parameter id 67 value 500 is not allowed: it can only be scaled up (current 1000).");
    const json bigger = {{{"id", 66}, {"value", "10"}}, {{"id", 67}, {"value", "1500"}}};
    ok("configs/update", {{"id", c["id"]}, {"parameters", bigger}}, "configs");
}

TEST_F(EmulatorConfigs, DisableAndEnableAreIdempotent) {
    EXPECT_EQ(ok("configs/disable", {{"id", 100}}, "configs")["status"], "DISABLED");
    EXPECT_EQ(ok("configs/disable", {{"id", 100}}, "configs")["status"], "DISABLED");
    EXPECT_EQ(ok("configs/enable", {{"id", 100}}, "configs")["status"], "ACTIVE");
    EXPECT_EQ(ok("configs/enable", {{"id", 100}}, "configs")["status"], "ACTIVE");
}

TEST_F(EmulatorConfigs, ListFiltersByAccountAndIsOrderedById) {
    const json acme = ok("configs/list", {{"programSerialNumber", k_program}, {"accountId", k_acme}}, "configs");
    ASSERT_EQ(acme.size(), 4u);
    EXPECT_EQ(acme[0]["id"], 100);
    EXPECT_EQ(acme[3]["id"], 104);
    EXPECT_EQ(ok("configs/list", {{"programSerialNumber", k_program}}, "configs").size(), 5u);
    EXPECT_EQ(fails("configs/list", {{"programSerialNumber", "ELAVMS9999999999"}}),
              "Program ELAVMS9999999999 does not exist");
    EXPECT_EQ(fails("configs/list", json::object()), "Missing required parameter: programSerialNumber");
}

TEST_F(EmulatorConfigs, CalcPricesCountUnitsFromTheRateCard) {
    const json calc = {
        {"programSerialNumber", k_program},
        {"productTypeId", 1},
        {"count", 4},
        {"parameters",
         {{{"id", 1}, {"value", "8"}}, {{"id", 2}, {"value", "ENT"}}, {{"id", 43}, {"value", "FGTDLDB"}}}}};
    const json points = ok("tools/calc", calc, "points");
    EXPECT_DOUBLE_EQ(points["current"].get<double>(), 116.68);  // the published Fortinet calculator figure
    EXPECT_TRUE(points["latest"].is_null());
    EXPECT_TRUE(points["latestEffectiveDate"].is_null());
    json two = calc;
    two["count"] = 1;
    two["parameters"] = fgt_vm(2, "ENT");
    EXPECT_DOUBLE_EQ(ok("tools/calc", two, "points")["current"].get<double>(), 6.39);
}

TEST_F(EmulatorConfigs, CalcNeedsMeteredInputsAndCountOneForCloud) {
    json edr = {{"programSerialNumber", k_program},
                {"productTypeId", 206},
                {"count", 1},
                {"parameters", {{{"id", 46}, {"value", "FEDRPDR"}}}}};
    EXPECT_EQ(fails("tools/calc", edr), "Parameter id 47 is required.");
    edr["parameters"].push_back({{"id", 47}, {"value", "250"}});
    EXPECT_DOUBLE_EQ(ok("tools/calc", edr, "points")["current"].get<double>(), 8.75);
    edr["count"] = 2;
    EXPECT_NE(fails("tools/calc", edr).find("count should be 1"), std::string::npos);
}

TEST_F(EmulatorConfigs, MetadataServesTheCatalog) {
    const json types = ok("tools/metadata", json::object(), "productTypes");
    ASSERT_EQ(types.size(), 24u);
    const auto fgt = std::find_if(types.begin(), types.end(), [](const json& t) { return t["productTypeId"] == 101; });
    ASSERT_NE(fgt, types.end());
    EXPECT_EQ((*fgt)["formFactor"]["formFactorId"], 2);
    EXPECT_EQ((*fgt)["formFactor"]["name"], "Hardware");
    const json& model = (*fgt)["parameters"][0];
    EXPECT_EQ(model["parameterId"], 27);
    EXPECT_EQ(model["type"], "SINGLEVALUE");
    EXPECT_EQ(model["validValues"].size(), 149u);
    const auto vm = std::find_if(types.begin(), types.end(), [](const json& t) { return t["productTypeId"] == 1; });
    EXPECT_EQ((*vm)["parameters"][0]["minValue"], 1);
    EXPECT_EQ((*vm)["parameters"][0]["maxValue"], 96);
}

TEST_F(EmulatorConfigs, MetadataNamesParametersAsTheReferenceDoes) {
    const json types = ok("tools/metadata", json::object(), "productTypes");
    std::map<int, std::string> names;
    for (const auto& type : types) {
        for (const auto& p : type["parameters"]) {
            names[p["parameterId"].get<int>()] = p["name"];
        }
    }
    EXPECT_EQ(names.at(1), "Number of CPUs");
    EXPECT_EQ(names.at(87), "Queries per Second");
    for (const auto& product : builtin_catalog().products()) {
        for (const auto& p : product.parameters) {  // every parameter has its display name, none its tag
            EXPECT_NE(names.at(p.id), p.name) << p.id;
        }
    }
}

}  // namespace
}  // namespace flexform::emulator::testing

namespace flexform::emulator {
namespace {

TEST(SeedText, AliasesWithinTheBoundExpandAndABombIsRefusedBeforeAnythingIsBuilt) {
    // Anchors are a fair way to share parameters between configs; each alias counts what its anchor holds.
    const json seed = parse_seed_text(
        "params: &p {device_model: FGT60F, service_pkg: FGHWUTP}\n"
        "configs:\n  - {name: a, parameters: *p}\n  - {name: b, parameters: *p}\n");
    ASSERT_EQ(seed["configs"].size(), 2u);
    EXPECT_EQ(seed["configs"][1]["parameters"]["service_pkg"], "FGHWUTP");
    // 10^9 values from about 400 bytes: refused by counting, in far less time than building 5 million values.
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
        const std::string prev(1, static_cast<char>(c - 1));
        bomb += std::string(1, c) + ": &" + c + " [*" + prev;
        for (int k = 0; k < 9; ++k) {
            bomb += ", *" + prev;
        }
        bomb += "]\n";
    }
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(parse_seed_text(bomb), std::length_error);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
    // Just past the bound: 5 aliases of a 1,000,000-value anchor are 5 million and more.
    std::string wide = "a: &a [x";
    for (int k = 1; k < 10; ++k) {
        wide += ", x";
    }
    wide +=
        "]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f]\n";
    EXPECT_THROW(parse_seed_text(wide), std::length_error);
}

}  // namespace
}  // namespace flexform::emulator
