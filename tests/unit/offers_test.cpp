// Offer documents: a config naming an offer is resolved into the product, parameters and defaults the offer defines,
// and every misuse is reported where the customer wrote it, naming where the offer says otherwise.
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "engine/manifest/manifest.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

ManifestOptions options() {
    return ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}};
}

const char* k_offers = R"(apiVersion: flexform/v1
kind: Offer
metadata:
  name: branch-gold
  label: Branch Gold
spec:
  product: FGT_HW
  parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: [FGHWFAZC]}
  overridable: [addons]
---
apiVersion: flexform/v1
kind: Offer
metadata: {name: sdwan-vm}
spec:
  product: FGT_VM_Bundle
  parameters: {cpu_size: 4, service_pkg: UTP}
  defaults: {folderPath: "My Assets/{customer}", description: "{customer} SD-WAN", skipPending: true}
)";

std::string customer(const std::string& configs) {
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 123}\nspec:\n  configs:\n" +
           configs;
}

class Offers : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() / ("flexform-offers-" + std::to_string(::getpid()) + "-" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
        fs::create_directories(m_root / "customers");
        fs::create_directories(m_root / "offers");
        fs::create_directories(m_root / ".git");
        write("flexform.yaml",
              "apiVersion: flexform/v1\nkind: Project\nspec: {programSerialNumber: ELAVMS0000000001}\n");
        write("offers/catalog.yaml", k_offers);
    }
    void TearDown() override { fs::remove_all(m_root); }
    void write(const fs::path& relative, const std::string& text) { std::ofstream(m_root / relative) << text; }
    LoadResult load() {
        const fs::path old = fs::current_path();
        fs::current_path(m_root);
        LoadResult result = load_manifests({"customers"}, "flexform.yaml", options());
        fs::current_path(old);
        return result;
    }
    std::vector<std::string> errors() {
        std::vector<std::string> out;
        for (const auto& d : load().diagnostics) {
            out.push_back(format(d));
        }
        return out;
    }
    fs::path m_root;
};

TEST_F(Offers, AConfigNamingAnOfferIsTheConfigWrittenInFull) {
    write("customers/acme.yaml", customer("    - {name: fgt, offer: branch-gold, serials: [FGT60FTK20000001]}\n"
                                          "    - {name: vm, offer: sdwan-vm, vms: {count: 2}}\n"));
    write("customers/full.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: full, accountId: 124}\nspec:\n  configs:\n"
          "    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: "
          "[FGHWFAZC]}, serials: [FGT60FTK20000002]}\n"
          "    - {name: vm, product: FGT_VM_Bundle, parameters: {cpu_size: 4, service_pkg: UTP}, vms: {count: 2, "
          "folderPath: My Assets/acme, description: acme SD-WAN, skipPending: true}}\n");
    const LoadResult result = load();
    ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : format(result.diagnostics[0]));
    const Customer* acme = result.state.find_customer("acme");
    const Customer* full = result.state.find_customer("full");
    ASSERT_TRUE(acme && full);
    EXPECT_EQ(acme->configs[0].offer, "branch-gold");
    EXPECT_EQ(acme->configs[1].offer, "sdwan-vm");
    EXPECT_EQ(full->configs[0].offer, "");
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(acme->configs[i].product_id, full->configs[i].product_id);
        EXPECT_EQ(acme->configs[i].parameters, full->configs[i].parameters);
    }
    ASSERT_TRUE(acme->configs[1].vms);
    EXPECT_EQ(acme->configs[1].vms->folder_path, "My Assets/acme");
    EXPECT_EQ(acme->configs[1].vms->description, "acme SD-WAN");
    EXPECT_TRUE(acme->configs[1].vms->skip_pending);
    ASSERT_EQ(result.state.offers.size(), 2u);
    EXPECT_EQ(result.state.offers[0].label, "Branch Gold");
    EXPECT_EQ(result.state.offers[1].label, "sdwan-vm");
    EXPECT_EQ(std::count(result.state.files.begin(), result.state.files.end(), "offers/catalog.yaml"), 1);
}

TEST_F(Offers, AConfigsOwnValuesWinOverTheOffersDefaults) {
    write("customers/acme.yaml",
          customer("    - {name: vm, offer: sdwan-vm, vms: {count: 1, folderPath: My Assets/x, description: mine}}\n"));
    const LoadResult result = load();
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.state.customers[0].configs[0].vms->folder_path, "My Assets/x");
    EXPECT_EQ(result.state.customers[0].configs[0].vms->description, "mine");
}

TEST_F(Offers, AnOffersEndDateIsEveryConfigsUnlessItHasItsOwn) {
    write("offers/term.yaml",
          "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: term-vm}\nspec:\n"
          "  product: FGT_VM_Bundle\n  parameters: {cpu_size: 2, service_pkg: UTP}\n  defaults: {endDate: 2027-06-30}\n");
    write("customers/acme.yaml", customer("    - {name: a, offer: term-vm, vms: {count: 1}}\n"
                                          "    - {name: b, offer: term-vm, vms: {count: 1}, endDate: 2027-03-31}\n"
                                          "    - {name: c, offer: sdwan-vm, vms: {count: 1}}\n"));
    const LoadResult result = load();
    ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : format(result.diagnostics[0]));
    const auto& configs = result.state.customers[0].configs;
    EXPECT_EQ(configs[0].end_date, (Date{2027, 6, 30}));
    EXPECT_EQ(configs[1].end_date, (Date{2027, 3, 31}));
    EXPECT_FALSE(configs[2].end_date);
    write("offers/term.yaml",
          "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: term-vm}\nspec:\n"
          "  product: FGT_VM_Bundle\n  parameters: {cpu_size: 2, service_pkg: UTP}\n  defaults: {endDate: 2026-01-31}\n");
    const auto past = errors();
    ASSERT_FALSE(past.empty());
    EXPECT_NE(past[0].find("offers/term.yaml:7:23: spec.defaults.endDate: 2026-01-31 is in the past"), std::string::npos) << past[0];
    EXPECT_NE(past[0].find("spec.defaults.endDate"), std::string::npos) << past[0];
}

TEST_F(Offers, ADefaultTooLongWithTheCustomersNameIsReportedAtTheConfig) {
    write("offers/long.yaml",
          "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: long-vm}\nspec:\n"
          "  product: FGT_VM_Bundle\n  parameters: {cpu_size: 2, service_pkg: UTP}\n"
          "  defaults: {description: \"" +
              std::string(240, 'x') + " {customer}\"}\n");
    write("customers/acme.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme-with-a-long-name, accountId: 123}\n"
          "spec:\n  configs:\n    - {name: vm, offer: long-vm, vms: {count: 1}}\n");
    const auto found = errors();
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rfind("customers/acme.yaml:6:25: spec.configs[0].vms.description: \"xxx", 0), 0u) << found[0];
    EXPECT_NE(found[0].find("is too long (262 characters); FortiFlex accepts at most 255"), std::string::npos)
        << found[0];
}

TEST_F(Offers, AnAllowedAddonOverrideAddsToTheOffersAddons) {
    write("customers/acme.yaml",
          customer("    - {name: fgt, offer: branch-gold, parameters: {addons: [FGHWSOCA]}, serials: "
                   "[FGT60FTK20000001]}\n"));
    const LoadResult result = load();
    ASSERT_TRUE(result.ok());
    const ProductType* product = builtin_catalog().find_by_code("FGT_HW");
    const Parameter* addons = product->find_parameter(std::string_view{"addons"});
    EXPECT_EQ(result.state.customers[0].configs[0].parameters.values.at(addons->id),
              (std::vector<std::string>{"FGHWFAZC", "FGHWSOCA"}));
}

TEST_F(Offers, TwoCloudServicesOfOneProductAreRefusedThroughAnOfferToo) {
    write("offers/edr.yaml",
          "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: edr}\n"
          "spec: {product: FORTIEDR, parameters: {service_pkg: FEDRPDR}}\n");
    write("customers/acme.yaml", customer("    - {name: a, offer: edr, cloud: {}}\n"
                                          "    - {name: b, product: FORTIEDR, parameters: {service_pkg: FEDRPDR}, "
                                          "cloud: {}}\n"));
    const auto found = errors();
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].find("already declares a FORTIEDR cloud entitlement in configuration \"a\""), std::string::npos)
        << found[0];
}

TEST_F(Offers, AnOfferInAFileAfterTheCustomerIsFound) {
    fs::remove(m_root / "offers" / "catalog.yaml");
    write("customers/zz-offers.yaml", k_offers);
    write("customers/acme.yaml", customer("    - {name: fgt, offer: branch-gold, serials: [FGT60FTK20000001]}\n"));
    EXPECT_TRUE(load().ok());
}

TEST_F(Offers, UnknownOfferIsReportedWithASuggestion) {
    write("customers/acme.yaml", customer("    - {name: fgt, offer: branch-gld, serials: [FGT60FTK20000001]}\n"));
    EXPECT_EQ(errors(), (std::vector<std::string>{
                            "customers/acme.yaml:6:26: spec.configs[0].offer: unknown offer \"branch-gld\" (did you "
                            "mean \"branch-gold\"?)"}));
}

TEST_F(Offers, AnOverrideTheOfferDoesNotAllowIsRefusedNamingTheOffersLine) {
    write("customers/acme.yaml",
          customer("    - name: fgt\n      offer: branch-gold\n      parameters: {service_pkg: FGHWATP}\n"
                   "      serials: [FGT60FTK20000001]\n"));
    EXPECT_EQ(errors(), (std::vector<std::string>{
                            "customers/acme.yaml:8:20: spec.configs[0].parameters.service_pkg: offer branch-gold "
                            "does not allow overriding service_pkg (it allows addons: spec.overridable at "
                            "offers/catalog.yaml:9:16)"}));
}

TEST_F(Offers, AnOfferAllowingNoOverrideSaysSo) {
    write("customers/acme.yaml",
          customer("    - {name: vm, offer: sdwan-vm, parameters: {cpu_size: 8}, vms: {count: 1}}\n"));
    EXPECT_EQ(errors(), (std::vector<std::string>{
                            "customers/acme.yaml:6:48: spec.configs[0].parameters.cpu_size: offer sdwan-vm does not "
                            "allow overriding cpu_size (it allows no override: offers/catalog.yaml:13:18 declares no "
                            "spec.overridable)"}));
}

TEST_F(Offers, AProductOtherThanTheOffersIsAMismatch) {
    write("customers/acme.yaml", customer("    - {name: vm, offer: sdwan-vm, product: FGT_HW, vms: {count: 1}}\n"));
    EXPECT_EQ(errors(), (std::vector<std::string>{
                            "customers/acme.yaml:6:44: spec.configs[0].product: \"FGT_HW\" is not the product of "
                            "offer sdwan-vm (FGT_VM_Bundle at offers/catalog.yaml:15:12)"}));
}

TEST_F(Offers, TheOffersProductDecidesHowEntitlementsAreDeclared) {
    write("customers/acme.yaml", customer("    - {name: vm, offer: sdwan-vm, serials: [FGVM04TM20000001]}\n"));
    EXPECT_EQ(errors(), (std::vector<std::string>{
                            "customers/acme.yaml:6:44: spec.configs[0].serials: FGT_VM_Bundle is a vm product; "
                            "declare its entitlements with vms, not serials"}));
}

TEST_F(Offers, OnlyOffersAreReadFromOffersBesideTheProject) {
    write("offers/stray.yaml", customer("    - {name: fgt, offer: branch-gold, serials: [FGT60FTK20000001]}\n"));
    write("customers/b.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: bbb, accountId: 2}\nspec: {}\n");
    const LoadResult result = load();
    EXPECT_TRUE(result.ok());
    ASSERT_EQ(result.state.customers.size(), 1u);
    EXPECT_EQ(result.state.customers[0].name, "bbb");
}

TEST_F(Offers, AnOfferDeclaredTwiceNamesTheFirst) {
    write("customers/again.yaml",
          "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: sdwan-vm}\n"
          "spec: {product: FORTIEDR, parameters: {service_pkg: FEDRPDR}}\n");
    EXPECT_EQ(errors(),
              (std::vector<std::string>{"offers/catalog.yaml:13:18: metadata.name: offer sdwan-vm is also declared at "
                                        "customers/again.yaml:3:18"}));
}

TEST_F(Offers, ABrokenFileHoldingAnOfferIsReportedOnce) {
    write("customers/broken.yaml", "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: [\n");
    EXPECT_EQ(errors().size(), 1u);
}

TEST_F(Offers, AnOffersOwnMistakesAreItsOwn) {
    write("offers/bad.yaml",
          "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: bad-one}\n"
          "spec:\n  product: FGT_HW\n  parameters: {device_model: FGT60F, service_pkg: FGHWUTP}\n"
          "  overridable: [adons]\n  defaults: {folderPath: Elsewhere}\n");
    EXPECT_EQ(errors(), (std::vector<std::string>{
                            "offers/bad.yaml:7:17: spec.overridable[0]: unknown parameter \"adons\" for FGT_HW (did "
                            "you mean \"addons\"?)",
                            "offers/bad.yaml:8:26: spec.defaults.folderPath: \"Elsewhere\" must be \"My Assets\" or "
                            "a folder below it (\"My Assets/...\")"}));
}

}  // namespace
}  // namespace flexform
