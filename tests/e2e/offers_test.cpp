// Offers end to end: 200 customers on 4 offers in the emulator. A one-line change of an offer plans a re-price of
// exactly its customers with exact totals, applies, and re-plans to "No changes"; an override the offer does not
// allow is refused at file:line.
#include <regex>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

constexpr int k_customers = 200;
constexpr std::int64_t k_first_account = 710001;

const char* k_offers[] = {
    "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: branch-gold, label: Branch Gold}\nspec:\n"
    "  product: FGT_HW\n  parameters: {device_model: FGT60F, service_pkg: FGHWUTP, addons: []}\n"
    "  overridable: [addons]\n",
    "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: branch-silver}\nspec:\n"
    "  product: FGT_HW\n  parameters: {device_model: FGT60F, service_pkg: FGHWATP}\n",
    "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: sdwan-vm}\nspec:\n"
    "  product: FGT_VM_Bundle\n  parameters: {cpu_size: 2, service_pkg: UTP}\n"
    "  defaults: {folderPath: \"My Assets/{customer}\"}\n",
    "apiVersion: flexform/v1\nkind: Offer\nmetadata: {name: managed-edr}\nspec:\n"
    "  product: FORTIEDR\n  parameters: {service_pkg: FEDRPDR}\n",
};
const char* k_offer_files[] = {"branch-gold", "branch-silver", "sdwan-vm", "managed-edr"};

std::string name_of(int i) {
    char text[16];
    std::snprintf(text, sizeof text, "c%03d", i);
    return text;
}

// Customer i uses offer i % 4; the hardware ones hold 1 or 2 devices.
int devices_of(int i) {
    return i % 4 < 2 ? 1 + (i / 4) % 2 : 0;
}

std::string customer(int i) {
    std::string config = "    - name: " + name_of(i) + "-svc\n      offer: " + k_offer_files[i % 4] + "\n";
    if (i % 4 < 2) {
        config += "      serials: [";
        for (int d = 0; d < devices_of(i); ++d) {
            char serial[32];
            std::snprintf(serial, sizeof serial, "FGT60FTK2%07d", i * 10 + d);
            config += std::string(d ? ", " : "") + serial;
        }
        config += "]\n";
    } else if (i % 4 == 2) {
        config += "      vms: {count: 1}\n";
    } else {
        config += "      cloud: {}\n";
    }
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " + name_of(i) +
           ", accountId: " + std::to_string(k_first_account + i) + "}\nspec:\n  configs:\n" + config;
}

class Offers : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        json accounts = json::array();
        for (int i = 0; i < k_customers; ++i) {
            accounts.push_back(k_first_account + i);
        }
        auto res = m_http->Post("/__emulator/seed", json{{"organization", {{"accounts", accounts}}}}.dump(),
                                "application/json");
        ASSERT_TRUE(res);
        ASSERT_EQ(res->status, 200) << res->body;
        fs::create_directories(m_dir / "offers");
        for (int o = 0; o < 4; ++o) {
            write(std::string("offers/") + k_offer_files[o] + ".yaml", k_offers[o]);
        }
        for (int i = 0; i < k_customers; ++i) {
            write("customers/" + name_of(i) + ".yaml", customer(i));
        }
    }
};

TEST_F(Offers, AOneLineOfferChangeRepricesExactlyItsCustomersAppliesAndConverges) {
    const auto created = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(created.exit_code, 0) << created.err.substr(0, 2000);
    const auto settled = flexform({"plan", "customers", "--detailed-exitcode"});
    ASSERT_EQ(settled.exit_code, 0) << settled.out.substr(0, 2000);
    EXPECT_NE(settled.out.find("No changes."), std::string::npos);

    // One line: Branch Gold now includes FortiAnalyzer Cloud.
    write("offers/branch-gold.yaml",
          std::regex_replace(k_offers[0], std::regex("addons: \\[\\]"), "addons: [FGHWFAZC]"));
    const auto planned = flexform({"plan", "customers", "--format", "json", "--detailed-exitcode"});
    ASSERT_EQ(planned.exit_code, 2) << planned.err;
    const json plan = json::parse(planned.out);
    int gold_devices = 0;
    std::vector<std::string> gold;
    for (int i = 0; i < k_customers; i += 4) {
        gold.push_back(name_of(i) + "/" + name_of(i) + "-svc");
        gold_devices += devices_of(i);
    }
    ASSERT_EQ(plan.at("changes").size(), gold.size());
    double delta = 0.0;
    for (const auto& change : plan.at("changes")) {
        EXPECT_EQ(change.at("action"), "update_config");
        EXPECT_EQ(change.at("offer"), "branch-gold");
        delta += change.at("points_per_day").at("delta").get<double>();
    }
    ASSERT_EQ(plan.at("offers").size(), 1u);
    const json& offer = plan.at("offers")[0];
    EXPECT_EQ(offer.at("offer"), "branch-gold");
    EXPECT_EQ(offer.at("changes").get<std::vector<std::string>>(), gold);
    EXPECT_EQ(offer.at("configurations"), 50);
    EXPECT_EQ(offer.at("accounts"), 50);
    EXPECT_EQ(offer.at("devices"), gold_devices);
    EXPECT_NEAR(offer.at("delta_per_day").get<double>(), delta, 0.006);
    EXPECT_NEAR(plan.at("cost").at("delta_per_day").get<double>(), delta, 0.006);
    EXPECT_GT(delta, 0.0);

    const auto text = flexform({"plan", "customers"});
    char line[256];
    std::snprintf(line, sizeof line,
                  "offer branch-gold: addons +FGHWFAZC -> re-prices 50 configurations in 50 accounts (%d devices), "
                  "+%.2f points/day",
                  gold_devices, offer.at("delta_per_day").get<double>());
    EXPECT_NE(text.out.find(line), std::string::npos) << text.out.substr(0, 3000);
    const auto markdown = flexform({"plan", "customers", "--format", "markdown"});
    EXPECT_NE(markdown.out.find("<details><summary>50 configurations</summary>"), std::string::npos);

    const int before = writes();
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err.substr(0, 2000);
    EXPECT_EQ(writes() - before, 50);  // one configs/update per customer of the offer, nothing else
    const auto again = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(again.exit_code, 0) << again.out.substr(0, 2000);
    EXPECT_NE(again.out.find("No changes."), std::string::npos);
}

TEST_F(Offers, AnOverrideTheOfferDoesNotAllowIsRefusedAtFileAndLine) {
    write("customers/c001.yaml",
          "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: c001, accountId: 710002}\nspec:\n  configs:\n"
          "    - name: c001-svc\n      offer: branch-silver\n      parameters: {addons: [FGHWFAZC]}\n"
          "      serials: [FGT60FTK20000010, FGT60FTK20000011]\n");
    const auto planned = flexform({"plan", "customers"});
    EXPECT_EQ(planned.exit_code, 1);
    EXPECT_NE(
        planned.err.find("customers/c001.yaml:8:20: spec.configs[0].parameters.addons: offer branch-silver "
                         "does not allow overriding addons (it allows no override: offers/branch-silver.yaml:3:18 "
                         "declares no spec.overridable)"),
        std::string::npos)
        << planned.err;
    EXPECT_EQ(writes(), 0);
}

}  // namespace
}  // namespace flexform::e2e

namespace flexform::e2e {
namespace {

TEST_F(Offers, ConsumptionByOfferIsTheMsspsRevenuePerProductLine) {
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    post("/__emulator/clock", {{"advanceDays", 2}});
    m_today = "2026-11-22";
    const std::string db = "--db=" + (m_dir / "consumption.db").string();
    ASSERT_EQ(flexform({"consumption", "pull", "--days", "2", db}).exit_code, 0);
    const auto stored = flexform({"consumption", "report", "--days", "2", "--by", "offer", "--format", "json", db});
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
    const json report = json::parse(stored.out);
    std::map<std::string, json> rows;
    double sum = 0.0;
    for (const auto& row : report.at("rows")) {
        rows[row.at("key").get<std::string>()] = row;
        sum += row.at("points").get<double>();
    }
    int gold_devices = 0;
    int silver_devices = 0;
    for (int i = 0; i < k_customers; ++i) {
        (i % 4 == 0 ? gold_devices : silver_devices) += i % 4 < 2 ? devices_of(i) : 0;
    }
    ASSERT_TRUE(rows.count("branch-gold")) << stored.out.substr(0, 2000);
    EXPECT_EQ(rows["branch-gold"].at("customers"), 50);
    EXPECT_EQ(rows["branch-gold"].at("devices"), gold_devices);
    EXPECT_EQ(rows["branch-gold"].at("detail"), "Branch Gold, 50 customers");
    ASSERT_TRUE(rows.count("branch-silver"));
    EXPECT_EQ(rows["branch-silver"].at("customers"), 50);
    EXPECT_EQ(rows["branch-silver"].at("devices"), silver_devices);
    EXPECT_EQ(rows["branch-silver"].at("detail"), "branch-silver, 50 customers");
    EXPECT_FALSE(rows.count("(no offer)"));
    EXPECT_NEAR(sum, report.at("total").get<double>(), 0.006);

    const auto live = flexform({"consumption", "report", "--days", "2", "--by", "offer", "--format", "json", "--live"});
    ASSERT_EQ(live.exit_code, 0) << live.err;
    const json from_api = json::parse(live.out);
    EXPECT_NEAR(from_api.at("total").get<double>(), report.at("total").get<double>(), 0.006);
    EXPECT_EQ(from_api.at("rows").size(), report.at("rows").size());
}

}  // namespace
}  // namespace flexform::e2e

namespace flexform::e2e {
namespace {

TEST_F(Offers, StatusAndTheDashboardSumEachOffer) {
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    const auto status = flexform({"status", "--format", "json", "customers"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    const json report = json::parse(status.out);
    ASSERT_EQ(report.at("offers").size(), 4u);
    std::map<std::string, json> offers;
    double sum = 0.0;
    for (const auto& o : report.at("offers")) {
        offers[o.at("offer").get<std::string>()] = o;
        sum += o.at("points_per_day").get<double>();
    }
    int gold_devices = 0;
    for (int i = 0; i < k_customers; i += 4) {
        gold_devices += devices_of(i);
    }
    EXPECT_EQ(offers["branch-gold"].at("label"), "Branch Gold");
    EXPECT_EQ(offers["branch-gold"].at("customers"), 50);
    EXPECT_EQ(offers["branch-gold"].at("configurations"), 50);
    EXPECT_EQ(offers["branch-gold"].at("devices"), gold_devices);
    EXPECT_EQ(offers["sdwan-vm"].at("customers"), 50);
    EXPECT_EQ(offers["sdwan-vm"].at("devices"), 0);  // VMs are free until their token is used
    // Every configuration is on an offer: the offers add up to the program's rate.
    EXPECT_NEAR(sum, report.at("points_per_day").get<double>(), 0.03);
    const auto text = flexform({"status", "customers"});
    EXPECT_NE(text.out.find("By offer:"), std::string::npos);

    const auto site = flexform({"dashboard", "--out", "site", "customers"});
    ASSERT_EQ(site.exit_code, 0) << site.err;
    std::string pages;
    for (const auto& entry : fs::recursive_directory_iterator(m_dir / "site")) {
        if (entry.path().extension() == ".html") {
            std::ifstream in(entry.path());
            pages += std::string(std::istreambuf_iterator<char>(in), {});
        }
    }
    EXPECT_NE(pages.find("<h2>By offer</h2>"), std::string::npos);
    EXPECT_NE(pages.find("<tr><td>branch-gold</td><td>Branch Gold</td><td class=\"n\">50</td>"), std::string::npos);
}

}  // namespace
}  // namespace flexform::e2e

namespace flexform::e2e {
namespace {

TEST_F(Offers, ImportWithOffersRoundTripsToNoChanges) {
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    const auto imported =
        flexform({"import", "--all", "--out", "imported", "--offers", "imported-offers", "--offer-min", "50"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err.substr(0, 2000);
    EXPECT_NE(imported.out.find("200 manifests written to imported"), std::string::npos) << imported.out;
    EXPECT_NE(imported.out.find("offer imported-offers/fgt-hw-fgt60f-fghwutp.yaml written"), std::string::npos)
        << imported.out;
    std::ifstream gold(m_dir / "imported" / "c000.yaml");
    const std::string text{std::istreambuf_iterator<char>(gold), {}};
    EXPECT_NE(text.find("      offer: fgt-hw-fgt60f-fghwutp\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("product:"), std::string::npos) << text;
    const auto planned = flexform({"plan", "imported", "imported-offers", "--detailed-exitcode"});
    EXPECT_EQ(planned.exit_code, 0) << planned.out.substr(0, 2000) << planned.err.substr(0, 2000);
    EXPECT_NE(planned.out.find("No changes."), std::string::npos);
    // Fewer than --offer-min sharing a service stay written in full.
    const auto none = flexform({"import", "--all", "--out", "full", "--offers", "none", "--offer-min", "51"});
    ASSERT_EQ(none.exit_code, 0) << none.err.substr(0, 2000);
    EXPECT_FALSE(fs::exists(m_dir / "none"));
}

}  // namespace
}  // namespace flexform::e2e

namespace flexform::e2e {
namespace {

void git(const fs::path& dir, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/git", "-c", "user.name=test", "-c", "user.email=test@example.com"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = flexform::testing::run_process(argv, {}, "", dir.string());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(Offers, AChangedOfferPlansAndReadsOnlyTheCustomersUsingIt) {
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    write(".gitignore", "*.db\n*.db-*\nseed.json\n.flexform/\nlocks/\n");
    git(m_dir, {"init", "-q", "-b", "main"});
    git(m_dir, {"add", "-A"});
    git(m_dir, {"commit", "-q", "-m", "200 customers on 4 offers"});
    write("offers/branch-gold.yaml",
          std::regex_replace(k_offers[0], std::regex("addons: \\[\\]"), "addons: [FGHWFAZC]"));
    post("/__emulator/counters/reset", json::object());
    // offers/ is not under the path given: it is beside flexform.yaml, and asked of git all the same.
    const auto planned = flexform({"plan", "customers", "--changed-since", "main", "--format", "json"});
    ASSERT_EQ(planned.exit_code, 0) << planned.err.substr(0, 2000);
    const json plan = json::parse(planned.out);
    EXPECT_EQ(plan.at("scope").at("customers").size(), 50u);
    EXPECT_EQ(plan.at("changes").size(), 50u);
    EXPECT_EQ(plan.at("offers").at(0).at("configurations"), 50);
    EXPECT_EQ(plan.at("accounts").size(), 50u);
    EXPECT_EQ(get("/__emulator/counters")["endpoints"]["entitlements/list"], 50);
}

}  // namespace
}  // namespace flexform::e2e
