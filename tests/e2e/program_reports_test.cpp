// Reports across two programs end to end: a postpaid and a prepaid program in the emulator, a customer with
// configurations in both; pull, report, program, status and the dashboard per program and in total, each program's
// figures equal to the emulator's own ledger of that program.
#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

constexpr const char* k_prepaid = "ELAVMR0000000778";

const char* k_fleet = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 700001}
spec:
  billing: {markupPercent: 25}
  configs:
    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, serials: [FGT60FTK20000001]}
    - {name: branch, program: prepaid, product: FGT_HW, parameters: {device_model: FGT40F, service_pkg: FGHWFC247},
       serials: [FGT40FTK20000001, FGT40FTK20000002]}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 700002}
spec:
  configs:
    - {name: big, product: FGT_HW, parameters: {device_model: FG100F, service_pkg: FGHWENT}, serials: [FG100FTK20000001]}
)";

class ProgramReports : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        // The prepaid program and both programs' configurations, with twelve days of history behind them.
        const auto config = [](int id, const char* name, int account, const char* program, const char* model,
                               const char* pkg) {
            return json{{"id", id},
                        {"name", name},
                        {"accountId", account},
                        {"product", "FGT_HW"},
                        {"programSerialNumber", program},
                        {"parameters", {{"device_model", model}, {"service_pkg", pkg}}}};
        };
        const auto entitlement = [](const char* serial, const char* config_name, int account) {
            return json{{"serialNumber", serial}, {"config", config_name}, {"accountId", account}};
        };
        const json seeded = post(
            "/__emulator/seed",
            {{"programs", {{{"serialNumber", k_prepaid},
                            {"startDate", "2025-06-01"},
                            {"endDate", "2027-12-31"},
                            {"points", 100000}}}},
             {"history", {{"days", 12}}},
             {"configs",
              {config(50001, "fgt", 700001, k_program, "FGT60F", "FGHWUTP"),
               config(50002, "branch", 700001, k_prepaid, "FGT40F", "FGHWFC247"),
               config(50003, "big", 700002, k_program, "FG100F", "FGHWENT")}},
             {"entitlements",
              {entitlement("FGT60FTK20000001", "fgt", 700001), entitlement("FGT40FTK20000001", "branch", 700001),
               entitlement("FGT40FTK20000002", "branch", 700001), entitlement("FG100FTK20000001", "big", 700002)}}});
        ASSERT_FALSE(seeded.contains("error")) << seeded.dump();
        // The postpaid program at the project's price per point, the prepaid one at its own.
        write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  parallelism: 4\n"
                                           "  requestsPerMinute: 0\n  requestsPerHour: 0\n"
                                           "  billing: {pricePerPoint: 0.10, currency: EUR}\n  programs:\n"
                                           "    - {name: postpaid, serialNumber: ") +
                                   k_program + ", default: true, yearlyCommitment: 50000}\n" +
                                   "    - {name: prepaid, serialNumber: " + k_prepaid +
                                   ", billing: {pricePerPoint: 0.08, currency: EUR}}\n");
        write("customers/fleet.yaml", k_fleet);
        m_db = (m_dir / "consumption.db").string();
    }

    // The emulator's ledger of one program over the days, per account (0: all), to the hundredth.
    double ledger(const std::string& program, const std::string& from, const std::string& to,
                  std::int64_t account = 0) {
        std::set<std::int64_t> configs;
        for (const std::int64_t holder : {700001, 700002, 700003, 700004}) {
            const json listed =
                post("/__emulator/portal/configs/list", {{"programSerialNumber", program}, {"accountId", holder}});
            for (const auto& c : listed["configs"]) {
                configs.insert(c["id"].get<std::int64_t>());
            }
        }
        const json rows = post("/__emulator/ledger", {{"from", from}, {"to", to}});
        double total = 0.0;
        for (const auto& row : rows["rows"]) {
            if (configs.count(row["configId"].get<std::int64_t>()) && (account == 0 || row["accountId"] == account)) {
                total += row["points"].get<double>();
            }
        }
        return std::round(total * 100.0) / 100.0;
    }

    flexform::testing::RunResult consumption(std::vector<std::string> args) {
        args.insert(args.begin(), "consumption");
        args.push_back("--db=" + m_db);
        return flexform(args);
    }

    std::string m_db;
};

TEST_F(ProgramReports, PullAndReportPerProgramEqualTheEmulatorsLedgerAndTheTotalIsTheirSum) {
    const auto pull = consumption({"pull", "--days", "10"});
    ASSERT_EQ(pull.exit_code, 0) << pull.out << pull.err;
    EXPECT_NE(pull.out.find("postpaid: Pulled 10 of 10 days"), std::string::npos) << pull.out;
    EXPECT_NE(pull.out.find("prepaid: Pulled 10 of 10 days"), std::string::npos) << pull.out;
    const std::string from = "2026-11-10";
    const std::string to = "2026-11-19";
    const double postpaid = ledger(k_program, from, to);
    const double prepaid = ledger(k_prepaid, from, to);
    ASSERT_GT(postpaid, 0.0);
    ASSERT_GT(prepaid, 0.0);

    const json by_program = json::parse(
        consumption({"report", "--from", from, "--to", to, "--by", "program", "--format", "json", "customers"}).out);
    ASSERT_EQ(by_program["rows"].size(), 2u) << by_program.dump(2);
    EXPECT_EQ(by_program["rows"][0]["key"], "postpaid");
    EXPECT_DOUBLE_EQ(by_program["rows"][0]["points"].get<double>(), postpaid);
    EXPECT_EQ(by_program["rows"][1]["key"], "prepaid");
    EXPECT_DOUBLE_EQ(by_program["rows"][1]["points"].get<double>(), prepaid);
    EXPECT_DOUBLE_EQ(by_program["total"].get<double>(), std::round((postpaid + prepaid) * 100.0) / 100.0);

    // By customer: acme has a row in each program, each equal to that program's ledger of the account.
    const json by_customer =
        json::parse(consumption({"report", "--from", from, "--to", to, "--format", "json", "customers"}).out);
    std::map<std::string, double> acme;
    for (const auto& row : by_customer["rows"]) {
        if (row["key"] == "acme") {
            acme[row["program"].get<std::string>()] = row["points"].get<double>();
        }
    }
    EXPECT_DOUBLE_EQ(acme["postpaid"], ledger(k_program, from, to, 700001));
    EXPECT_DOUBLE_EQ(acme["prepaid"], ledger(k_prepaid, from, to, 700001));
    EXPECT_DOUBLE_EQ(by_customer["total"].get<double>(), by_program["total"].get<double>());

    // --program limits the report to one program: today's report of that program alone.
    const json one = json::parse(consumption({"report", "--from", from, "--to", to, "--format", "json",
                                              "--program", "prepaid", "customers"})
                                     .out);
    EXPECT_EQ(one["program_serial_number"], k_prepaid);
    EXPECT_FALSE(one.contains("programs"));
    EXPECT_DOUBLE_EQ(one["total"].get<double>(), prepaid);

    const auto table = consumption({"report", "--from", from, "--to", to, "customers"});
    EXPECT_NE(table.out.find("PROGRAM   CUSTOMER"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("TOTAL prepaid (10 of 10 days)"), std::string::npos) << table.out;
}

// Cents of a decimal string ("12.50" -> 1250).
std::int64_t cents(const json& text) {
    return std::llround(std::stod(text.get<std::string>()) * 100.0);
}

TEST_F(ProgramReports, AnInvoiceHasACustomersLinesPerProgramAtEachProgramsPrice) {
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    const auto run = consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "--format", "json",
                                  "customers"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json invoice = json::parse(run.out);
    EXPECT_EQ(invoice["programs"], json({"postpaid", "prepaid"}));
    std::map<std::string, json> acme;
    std::int64_t points = 0;
    std::int64_t amounts = 0;
    for (const auto& c : invoice["customers"]) {
        points += cents(c["points"]);
        amounts += c["amount"].is_null() ? 0 : cents(c["amount"]);
        if (c["customer"] == "acme") {
            acme[c["program"].get<std::string>()] = c;
        }
    }
    ASSERT_EQ(acme.size(), 2u) << invoice.dump(2);
    EXPECT_EQ(acme["postpaid"]["unit_price"], "0.125");  // 0.10 + 25%
    EXPECT_EQ(acme["prepaid"]["unit_price"], "0.10");    // 0.08 + 25%
    EXPECT_EQ(cents(acme["postpaid"]["points"]), std::llround(ledger(k_program, "2026-11-10", "2026-11-19", 700001) * 100));
    EXPECT_EQ(cents(acme["prepaid"]["points"]), std::llround(ledger(k_prepaid, "2026-11-10", "2026-11-19", 700001) * 100));
    EXPECT_EQ(points, cents(invoice["points"]));
    EXPECT_EQ(amounts, cents(invoice["amounts"]["EUR"]));
    // --program prepaid: that program's invoice alone, at its own price.
    const json prepaid = json::parse(consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "--format",
                                                  "json", "--program", "prepaid", "customers"})
                                         .out);
    EXPECT_FALSE(prepaid.contains("programs"));
    EXPECT_EQ(prepaid["program_serial_number"], k_prepaid);
    ASSERT_EQ(prepaid["customers"].size(), 1u) << prepaid.dump(2);  // beta is billed by postpaid alone
    EXPECT_EQ(prepaid["customers"][0]["unit_price"], "0.10");
    EXPECT_EQ(prepaid["customers"][0]["points"], acme["prepaid"]["points"]);
    const auto one = consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "--customer", "acme",
                                  "customers"});
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_NE(one.out.find("### Program prepaid\n\nUnit price: 0.10 EUR per point"), std::string::npos) << one.out;
    EXPECT_NE(one.out.find("**Total: "), std::string::npos) << one.out;
}

// A customer moved whole to another program: its history in the program it left is still its own, named and
// priced at that program's price with its markup, in the invoice and the report alike.
TEST_F(ProgramReports, ACustomerMovedWholeKeepsItsNameAndTermsForItsHistoryInTheProgramItLeft) {
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    std::string moved = k_fleet;
    moved.replace(moved.find("spec:\n  configs:\n    - {name: big"), std::string("spec:\n").size(),
                  "spec:\n  program: prepaid\n  billing: {markupPercent: 20}\n");
    write("customers/fleet.yaml", moved);
    const double history = ledger(k_program, "2026-11-10", "2026-11-19", 700002);
    ASSERT_GT(history, 0.0);
    const auto run = consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "--format", "json",
                                  "customers"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json invoice = json::parse(run.out);
    std::map<std::string, json> beta;
    for (const auto& c : invoice["customers"]) {
        EXPECT_NE(c["customer"], "account 700002") << invoice.dump(2);
        if (c["customer"] == "beta") {
            beta[c["program"].get<std::string>()] = c;
        }
    }
    ASSERT_EQ(beta.count("postpaid"), 1u) << invoice.dump(2);
    EXPECT_EQ(beta["postpaid"]["unit_price"], "0.12");  // postpaid's 0.10 + 20%
    EXPECT_EQ(cents(beta["postpaid"]["points"]), std::llround(history * 100));
    EXPECT_NEAR(static_cast<double>(cents(beta["postpaid"]["amount"])), history * 12.0, 0.5);  // one device
    // --customer beta: its history in postpaid, then its (empty) part in prepaid.
    const auto one = consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "--customer", "beta",
                                  "customers"});
    ASSERT_EQ(one.exit_code, 0) << one.err;
    EXPECT_NE(one.out.find("### Program postpaid\n\nUnit price: 0.12 EUR per point"), std::string::npos) << one.out;
    // The report names it too.
    const json report = json::parse(consumption({"report", "--from", "2026-11-10", "--to", "2026-11-19", "--format",
                                                 "json", "customers"})
                                        .out);
    bool named = false;
    for (const auto& row : report["rows"]) {
        named = named || (row["program"] == "postpaid" && row["key"] == "beta" &&
                          std::llround(row["points"].get<double>() * 100) == std::llround(history * 100));
    }
    EXPECT_TRUE(named) << report.dump(2);
}

// A hardware configuration moved to prepaid: its serial is entitled there now, and its history in postpaid, pulled
// after the move, still names the configuration it was consumed under, in the report and the invoice.
TEST_F(ProgramReports, AMovedHardwareConfigsHistoryKeepsItsConfigurationName) {
    std::string moved = k_fleet;
    moved.replace(moved.find("{name: fgt, product"), std::string("{name: fgt, ").size(),
                  "{name: fgt, program: prepaid, ");
    write("customers/fleet.yaml", moved);
    const auto apply = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    const double history = ledger(k_program, "2026-11-10", "2026-11-19", 700001);
    ASSERT_GT(history, 0.0);
    const auto run = consumption({"report", "--from", "2026-11-10", "--to", "2026-11-19", "--by", "config",
                                  "--program", "postpaid", "--format", "json", "customers"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json report = json::parse(run.out);
    std::map<std::string, double> by_config;
    for (const auto& row : report["rows"]) {
        by_config[row["key"].get<std::string>()] += row["points"].get<double>();
    }
    EXPECT_EQ(by_config.count("(no configuration)"), 0u) << report.dump(2);
    EXPECT_DOUBLE_EQ(by_config["fgt"], history) << report.dump(2);
    // Live, the store names the configuration of the serial this program no longer lists.
    const json live = json::parse(consumption({"report", "--from", "2026-11-10", "--to", "2026-11-19", "--by",
                                               "config", "--program", "postpaid", "--live", "--format", "json",
                                               "customers"})
                                      .out);
    std::map<std::string, double> live_by_config;
    for (const auto& row : live["rows"]) {
        live_by_config[row["key"].get<std::string>()] += row["points"].get<double>();
    }
    EXPECT_EQ(live_by_config.count("(no configuration)"), 0u) << live.dump(2);
    EXPECT_DOUBLE_EQ(live_by_config["fgt"], history) << live.dump(2);
    const json invoice = json::parse(consumption({"invoice", "--month", "2026-11", "--allow-incomplete", "--format",
                                                  "json", "--program", "postpaid", "customers"})
                                         .out);
    bool named = false;
    for (const auto& c : invoice["customers"]) {
        for (const auto& d : c["devices"]) {
            EXPECT_NE(d["configuration"], "") << invoice.dump(2);
            named = named || (d["serial"] == "FGT60FTK20000001" && d["configuration"] == "fgt");
        }
    }
    EXPECT_TRUE(named) << invoice.dump(2);
}

TEST_F(ProgramReports, TheDashboardHasASitePerProgramAndAnOverviewWithTheTotal) {
    ASSERT_EQ(consumption({"pull", "--days", "10"}).exit_code, 0);
    // A page an earlier run wrote for a customer the prepaid program no longer bills.
    fs::create_directories(m_dir / "site" / "programs" / "prepaid" / "customers");
    std::ofstream(m_dir / "site" / "programs" / "prepaid" / "customers" / "gone.html")
        << "<html><head><meta name=\"generator\" content=\"flexform dashboard\"></head></html>\n";
    const auto run = flexform({"dashboard", "--out", "site", "--db=" + m_db, "customers"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("removed 1 page of customers no longer there"), std::string::npos) << run.out;
    EXPECT_FALSE(fs::exists(m_dir / "site" / "programs" / "prepaid" / "customers" / "gone.html"));
    const auto slurp = [](const fs::path& file) {
        std::ifstream in(file);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string overview = slurp(m_dir / "site" / "index.html");
    EXPECT_NE(overview.find("<a href=\"programs/postpaid/index.html\">postpaid</a>"), std::string::npos) << overview;
    EXPECT_NE(overview.find("<a href=\"programs/prepaid/index.html\">prepaid</a>"), std::string::npos) << overview;
    EXPECT_NE(overview.find("balance "), std::string::npos) << overview;
    const json status = json::parse(flexform({"status", "--format", "json", "customers"}).out);
    char total[64];
    std::snprintf(total, sizeof total, "data-figure=\"total\">%.2f<", status["points_per_day"].get<double>());
    EXPECT_NE(overview.find(total), std::string::npos) << overview;
    EXPECT_TRUE(fs::exists(m_dir / "site" / "programs" / "prepaid" / "tenants.html"));
    EXPECT_TRUE(fs::exists(m_dir / "site" / "programs" / "postpaid" / "customers" / "beta.html"));
    EXPECT_FALSE(fs::exists(m_dir / "site" / "programs" / "prepaid" / "customers" / "beta.html"));  // postpaid only
}

TEST_F(ProgramReports, ADashboardPlanOrDriftFileAcrossProgramsGoesSectionBySectionToEachProgramsSite) {
    // A third branch device declared and not entitled: a change and a drift finding in prepaid alone.
    std::string fleet = k_fleet;
    fleet.replace(fleet.find("FGT40FTK20000002]"), 17, "FGT40FTK20000002, FGT40FTK20000003]");
    write("customers/fleet.yaml", fleet);
    const auto plan = flexform({"plan", "--out", "all.plan", "customers"});
    ASSERT_NE(plan.exit_code, 1) << plan.out << plan.err;
    const auto drift = flexform({"drift", "--format", "json", "customers"});
    ASSERT_EQ(drift.exit_code, 2) << drift.out << drift.err;
    write("drift.json", drift.out);
    const auto run = flexform({"dashboard", "--out", "site", "--plan", "all.plan", "--drift", "drift.json",
                               "--db=" + m_db, "customers"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    const auto slurp = [](const fs::path& file) {
        std::ifstream in(file);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    std::ifstream plan_file(m_dir / "all.plan");
    const json sections = json::parse(plan_file)["programs"];
    ASSERT_EQ(sections.size(), 2u);
    const std::string postpaid = slurp(m_dir / "site" / "programs" / "postpaid" / "index.html");
    const std::string prepaid = slurp(m_dir / "site" / "programs" / "prepaid" / "index.html");
    const auto digest = [](const json& section) {
        return "Plan digest <code>" + section["plan_digest"].get<std::string>() + "</code>";
    };
    EXPECT_NE(postpaid.find(digest(sections[0])), std::string::npos) << postpaid;
    EXPECT_NE(prepaid.find(digest(sections[1])), std::string::npos) << prepaid;
    EXPECT_NE(prepaid.find("<dd data-figure=\"pending-changes\">1</dd>"), std::string::npos) << prepaid;
    EXPECT_NE(prepaid.find("1 difference between FortiFlex and git (drift.json): see the tenants"), std::string::npos)
        << prepaid;
    EXPECT_EQ(postpaid.find("between FortiFlex and git"), std::string::npos) << postpaid;

    // A file of one program's plan goes to that program alone; with --program, one of the other is refused.
    ASSERT_NE(flexform({"plan", "--program", "prepaid", "--out", "prepaid.plan", "customers"}).exit_code, 1);
    const auto one = flexform({"dashboard", "--out", "one", "--plan", "prepaid.plan", "--db=" + m_db, "customers"});
    ASSERT_EQ(one.exit_code, 0) << one.out << one.err;
    EXPECT_NE(slurp(m_dir / "one" / "programs" / "prepaid" / "index.html").find("<h2>Pending plan</h2>"),
              std::string::npos);
    EXPECT_EQ(slurp(m_dir / "one" / "programs" / "postpaid" / "index.html").find("<h2>Pending plan</h2>"),
              std::string::npos);
    const auto refused = flexform({"dashboard", "--out", "two", "--program", "postpaid", "--plan", "prepaid.plan",
                                   "--db=" + m_db, "customers"});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("flexform dashboard: --plan prepaid.plan is a plan of program ELAVMR0000000778, not "
                               "of ELAVMS0000000777\n"),
              std::string::npos)
        << refused.err;
}

TEST_F(ProgramReports, AProgramTheApiUserCannotSeeStopsEveryVerbAtItsLineBeforeAnyProgramIsReadOrStored) {
    std::ifstream project_file(m_dir / "flexform.yaml");
    std::string project((std::istreambuf_iterator<char>(project_file)), {});
    write("flexform.yaml", project + "    - {name: ghost, serialNumber: ELAVMR0000009999}\n");
    const std::string refusal =
        "flexform.yaml:11: program ghost (ELAVMR0000009999) is not a program this API user can see; programs/list "
        "gives ";
    const auto plan = flexform({"plan", "customers"});
    ASSERT_EQ(plan.exit_code, 1) << plan.out << plan.err;
    ASSERT_NE(plan.err.find(refusal), std::string::npos) << plan.err;
    const std::vector<std::vector<std::string>> verbs = {
        {"consumption", "pull", "--days", "3", "--db=" + m_db},
        {"status", "customers"},
        {"program", "--db=" + m_db, "customers"},
        {"dashboard", "--out", "site", "--db=" + m_db, "customers"},
        {"nightly", "customers", "--out", "night", "--db=" + m_db}};
    for (const auto& verb : verbs) {
        const auto run = flexform(verb);
        EXPECT_EQ(run.exit_code, 1) << verb[0] << ": " << run.out << run.err;
        EXPECT_NE(run.err.find(refusal), std::string::npos) << verb[0] << ": " << run.err;
        EXPECT_EQ(run.err.find("does not exist"), std::string::npos) << verb[0] << ": " << run.err;
        EXPECT_EQ(run.out.find("Pulled"), std::string::npos) << verb[0] << ": " << run.out;
    }
    EXPECT_FALSE(fs::exists(m_db));  // no program was pulled into a store, nor a snapshot kept
    EXPECT_FALSE(fs::exists(m_dir / "site"));
}

TEST_F(ProgramReports, NightlyWritesEachProgramsDriftAndTheirPullProgramAndDashboardTogether) {
    const auto night = flexform({"nightly", "customers", "--out", "night", "--db=" + m_db});
    ASSERT_TRUE(night.exit_code == 0 || night.exit_code == 2) << night.out << night.err;
    EXPECT_NE(night.out.find("nightly: drift, pull, program and dashboard of 2 programs in night"), std::string::npos)
        << night.out;
    const fs::path out = m_dir / "night";
    for (const char* file : {"drift-postpaid.txt", "drift-prepaid.md", "drift-prepaid.json", "pull.txt",
                             "program.txt", "dashboard/index.html", "dashboard/programs/prepaid/index.html"}) {
        EXPECT_TRUE(fs::exists(out / file)) << file;
    }
    std::ifstream prepaid_page(out / "dashboard" / "programs" / "prepaid" / "index.html");
    const std::string prepaid((std::istreambuf_iterator<char>(prepaid_page)), {});
    EXPECT_NE(prepaid.find("FortiFlex program prepaid (ELAVMR0000000778)</title>"), std::string::npos) << prepaid;
    std::ifstream pull_file(out / "pull.txt");
    const std::string pull((std::istreambuf_iterator<char>(pull_file)), {});
    EXPECT_NE(pull.find("postpaid: Pulled "), std::string::npos) << pull;
    EXPECT_NE(pull.find("prepaid: Pulled "), std::string::npos) << pull;
    std::ifstream program_file(out / "program.json");
    const json program = json::parse(program_file);
    ASSERT_EQ(program["programs"].size(), 2u);
    EXPECT_EQ(program["programs"][1]["name"], "prepaid");
}

TEST_F(ProgramReports, ProgramAndStatusShowBothProgramsAndTheirTotal) {
    const auto text = flexform({"program", "--db=" + m_db, "customers"});
    EXPECT_NE(text.out.find("== postpaid ==\nProgram ELAVMS0000000777 (postpaid / MSSP)"), std::string::npos)
        << text.out << text.err;
    EXPECT_NE(text.out.find("== prepaid ==\nProgram ELAVMR0000000778 (prepaid)"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("Total across 2 programs: "), std::string::npos) << text.out;
    const json program = json::parse(flexform({"program", "--format", "json", "--db=" + m_db, "customers"}).out);
    ASSERT_EQ(program["programs"].size(), 2u);
    EXPECT_EQ(program["programs"][1]["type"], "prepaid");
    EXPECT_TRUE(program["programs"][1]["balance"].is_number());
    const double postpaid_rate = program["programs"][0]["current_points_per_day"].get<double>();
    const double prepaid_rate = program["programs"][1]["current_points_per_day"].get<double>();
    EXPECT_GT(prepaid_rate, 0.0);
    EXPECT_NEAR(program["current_points_per_day"].get<double>(), postpaid_rate + prepaid_rate, 0.011);

    const json status = json::parse(flexform({"status", "--format", "json", "customers"}).out);
    ASSERT_EQ(status["programs"].size(), 2u);
    EXPECT_EQ(status["programs"][0]["name"], "postpaid");
    EXPECT_EQ(status["programs"][0]["accounts"].size(), 2u);  // acme and beta
    EXPECT_EQ(status["programs"][1]["accounts"].size(), 1u);  // acme
    EXPECT_NEAR(status["points_per_day"].get<double>(),
                status["programs"][0]["points_per_day"].get<double>() +
                    status["programs"][1]["points_per_day"].get<double>(),
                0.011);
    EXPECT_NEAR(status["programs"][1]["points_per_day"].get<double>(), prepaid_rate, 0.011);
    const json limited = json::parse(flexform({"status", "--format", "json", "--program", "prepaid", "customers"}).out);
    EXPECT_EQ(limited["program_serial_number"], k_prepaid);
}

}  // namespace
}  // namespace flexform::e2e
