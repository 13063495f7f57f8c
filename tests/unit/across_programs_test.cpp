// Reports across several programs (spec.programs): one report of each program's, naming each program, whose totals
// are the sums of the programs' in every format.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "engine/manifest/manifest.h"
#include "engine/render/pull_renderers.h"
#include "engine/render/reports.h"
#include "engine/report/consumption.h"
#include "engine/report/invoice.h"
#include "engine/report/status.h"

namespace flexform {
namespace {

ConsumptionReport program_report(const std::string& serial, std::vector<ConsumptionReportRow> rows, double total,
                                 std::int64_t devices, std::vector<Date> missing) {
    ConsumptionReport r;
    r.program = serial;
    r.from = Date{2026, 11, 1};
    r.to = Date{2026, 11, 10};
    r.grouping = ReportGrouping::customer;
    r.source = "store: SQLite test.db";
    r.rows = std::move(rows);
    r.total = total;
    r.devices = devices;
    r.coverage.days = 10;
    r.coverage.missing = std::move(missing);
    r.generated_at = "2026-11-11T08:00:00Z";
    r.daily_by_customer["acme"]["2026-11-01"] = total;
    return r;
}

std::vector<ProgramReportPart> two_programs() {
    return {{"postpaid", "ELAVMS0000004711",
             program_report("ELAVMS0000004711",
                            {{"acme", "account 100", 100, std::nullopt, 90.25, 3},
                             {"beta", "account 200", 200, std::nullopt, 45.5, 1}},
                            135.75, 4, {})},
            {"prepaid", "ELAVMR0000004712",
             program_report("ELAVMR0000004712", {{"acme", "account 100", 100, std::nullopt, 20.0, 2}}, 20.0, 2,
                            {Date{2026, 11, 4}})}};
}

double csv_points_sum(const std::string& csv, std::size_t points_column) {
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);  // the header
    double sum = 0.0;
    while (std::getline(in, line)) {
        std::istringstream cells(line);
        std::string cell;
        for (std::size_t i = 0; i <= points_column; ++i) {
            std::getline(cells, cell, ',');
        }
        sum += std::stod(cell);
    }
    return sum;
}

TEST(AcrossPrograms, RowsNameTheirProgramAndTheTotalIsTheSumOfThePrograms) {
    const ConsumptionReport r = across_programs(two_programs(), ReportGrouping::customer);
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[0].program, "postpaid");
    EXPECT_EQ(r.rows[2].program, "prepaid");
    EXPECT_EQ(r.rows[2].key, "acme");
    EXPECT_DOUBLE_EQ(r.total, 155.75);
    EXPECT_EQ(r.devices, 6);
    EXPECT_TRUE(r.program.empty());
    ASSERT_EQ(r.programs.size(), 2u);
    EXPECT_EQ(r.programs[1].serial, "ELAVMR0000004712");
    EXPECT_EQ(r.programs[1].covered_days, 9);
    // A day one program lacks is a day the total does not cover.
    EXPECT_EQ(r.coverage.missing, (std::vector<Date>{Date{2026, 11, 4}}));
    EXPECT_DOUBLE_EQ(r.daily_by_customer.at("acme").at("2026-11-01"), 155.75);
}

TEST(AcrossPrograms, ASerialsHintStandsOnlyWhenNoProgramHasIt) {
    auto parts = two_programs();
    parts[1].report.hints = {"serial FGT60FTK20000001 has no consumption"};  // it is the other program's
    EXPECT_TRUE(across_programs(parts, ReportGrouping::serial).hints.empty());
    for (auto& part : parts) {
        part.report.rows.clear();
        part.report.total = 0.0;
        part.report.devices = 0;
        part.report.hints = {"serial FGT60FTK20000009 has no consumption"};
    }
    EXPECT_EQ(across_programs(parts, ReportGrouping::serial).hints,
              std::vector<std::string>{"serial FGT60FTK20000009 has no consumption"});
}

TEST(AcrossPrograms, ByProgramHasOneRowPerProgramEvenWithoutConsumption) {
    auto parts = two_programs();
    parts[1].report.rows.clear();
    parts[1].report.total = 0.0;
    parts[1].report.devices = 0;
    const ConsumptionReport r = across_programs(parts, ReportGrouping::program);
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[0].key, "postpaid");
    EXPECT_EQ(r.rows[0].label, "ELAVMS0000004711");
    EXPECT_DOUBLE_EQ(r.rows[0].points, 135.75);
    EXPECT_EQ(r.rows[1].key, "prepaid");
    EXPECT_DOUBLE_EQ(r.rows[1].points, 0.0);
    EXPECT_DOUBLE_EQ(r.total, 135.75);
    EXPECT_EQ(parse_grouping("program"), ReportGrouping::program);
}

TEST(AcrossPrograms, EveryFormatNamesTheProgramsAndAddsUp) {
    const ConsumptionReport r = across_programs(two_programs(), ReportGrouping::customer);
    const std::string table = render_consumption_table(r);
    EXPECT_NE(table.find("Consumption of programs postpaid (ELAVMS0000004711), prepaid (ELAVMR0000004712) from "
                         "2026-11-01 to 2026-11-10 by customer"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("PROGRAM   CUSTOMER"), std::string::npos) << table;
    EXPECT_NE(table.find("prepaid   acme "), std::string::npos) << table;
    EXPECT_NE(table.find("TOTAL (9 of 10 days)                    155.75        6         17.31"), std::string::npos)
        << table;
    EXPECT_NE(table.find("TOTAL postpaid (10 of 10 days)          135.75        4         13.58"), std::string::npos)
        << table;
    EXPECT_NE(table.find("TOTAL prepaid (9 of 10 days)             20.00        2          2.22"), std::string::npos)
        << table;

    const std::string csv = render_consumption_csv(r);
    EXPECT_EQ(csv.substr(0, csv.find('\n')), "program,customer,account_id,points,devices,points_per_day");
    EXPECT_NE(csv.find("prepaid,acme,100,20.00,2,"), std::string::npos) << csv;
    EXPECT_DOUBLE_EQ(csv_points_sum(csv, 3), 155.75);

    const auto j = nlohmann::json::parse(render_consumption_json(r));
    EXPECT_TRUE(j["program_serial_number"].is_null());
    double rows = 0.0;
    for (const auto& row : j["rows"]) {
        rows += row["points"].get<double>();
    }
    double programs = 0.0;
    for (const auto& p : j["programs"]) {
        programs += p["points"].get<double>();
    }
    EXPECT_DOUBLE_EQ(rows, 155.75);
    EXPECT_DOUBLE_EQ(programs, 155.75);
    EXPECT_DOUBLE_EQ(j["total"].get<double>(), 155.75);
    EXPECT_EQ(j["rows"][2]["program"], "prepaid");
    EXPECT_EQ(j["programs"][1]["name"], "prepaid");

    const std::string markdown = render_consumption_markdown(r);
    EXPECT_NE(markdown.find("| Program | Customer | Detail | Points | Devices | Avg/day |\n|---|---|---|---:|---:|---:|"),
              std::string::npos)
        << markdown;
    EXPECT_NE(markdown.find("| prepaid | acme | account 100 | 20.00 | 2 |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| | **TOTAL (9 of 10 days)** | | **155.75** | 6 |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| postpaid | **total postpaid (10 of 10 days)** | | **135.75** | 4 |"),
              std::string::npos)
        << markdown;

    const std::string html = render_consumption_html(r);
    EXPECT_NE(html.find("<tr><th>Program</th><th>customer</th>"), std::string::npos) << html;
    EXPECT_NE(html.find("<tr><td>prepaid</td><td>acme</td><td>account 100</td><td class=\"n\">20.00</td>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<th class=\"n\">155.75</th>"), std::string::npos) << html;
    EXPECT_NE(html.find("<th>total prepaid (9 of 10 days)</th><td></td><th class=\"n\">20.00</th>"), std::string::npos)
        << html;
}

TEST(AcrossPrograms, ByProgramRowsAreThePrograms) {
    const ConsumptionReport r = across_programs(two_programs(), ReportGrouping::program);
    const std::string csv = render_consumption_csv(r);
    EXPECT_EQ(csv,
              "program,detail,points,devices,points_per_day\n"
              "postpaid,ELAVMS0000004711,135.75,4,13.58\n"  // as the table says it
              "prepaid,ELAVMR0000004712,20.00,2,2.22\n");
    const std::string table = render_consumption_table(r);
    EXPECT_EQ(table.find("TOTAL postpaid"), std::string::npos) << table;  // the rows are the subtotals
    EXPECT_NE(table.find("TOTAL (9 of 10 days)          155.75"), std::string::npos) << table;
}

// docs/consumption.md: every row of a report across programs names its program, --by program too.
TEST(AcrossPrograms, ByProgramJsonRowsNameTheirProgramAndMarkdownHeadsAreCapitalised) {
    const ConsumptionReport r = across_programs(two_programs(), ReportGrouping::program);
    const auto j = nlohmann::json::parse(render_consumption_json(r));
    ASSERT_EQ(j["rows"].size(), 2u);
    EXPECT_EQ(j["rows"][0]["program"], "postpaid");
    EXPECT_EQ(j["rows"][1]["program"], "prepaid");
    EXPECT_EQ(j["rows"][1]["key"], "prepaid");
    const std::string markdown = render_consumption_markdown(r);
    EXPECT_NE(markdown.find("| Program | Detail | Points | Devices | Avg/day |\n"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("| postpaid | ELAVMS0000004711 | 135.75 | 4 |"), std::string::npos) << markdown;
}

TEST(AcrossPrograms, OneProgramsReportIsUnchanged) {
    const auto parts = two_programs();
    const ConsumptionReport& one = parts[0].report;
    EXPECT_EQ(render_consumption_table(one).find("PROGRAM"), std::string::npos);
    EXPECT_FALSE(nlohmann::json::parse(render_consumption_json(one)).contains("programs"));
}

ProgramReport program_at(const std::string& serial, bool prepaid, double per_day) {
    ProgramFigures f;
    f.program.serial = serial;
    f.program.prepaid = prepaid;
    f.balance = prepaid ? std::optional<std::int64_t>(100000) : std::nullopt;
    f.current_per_day = per_day;
    return build_program_report(f);
}

TEST(AcrossPrograms, ProgramShowsEachProgramThenTheTotalRate) {
    const std::vector<Named<ProgramReport>> reports = {
        {"postpaid", program_at("ELAVMS0000004711", false, 120.5)},
        {"prepaid", program_at("ELAVMR0000004712", true, 29.5)}};
    const std::string text = render_program_text(reports);
    EXPECT_NE(text.find("== postpaid ==\nProgram ELAVMS0000004711 (postpaid / MSSP)"), std::string::npos) << text;
    EXPECT_NE(text.find("== prepaid ==\nProgram ELAVMR0000004712 (prepaid)"), std::string::npos) << text;
    EXPECT_NE(text.find("Balance: 100,000 points, about 3,389 days of runway"), std::string::npos) << text;
    EXPECT_NE(text.find("Total across 2 programs: 150.00 points/day (4,500.00 per 30-day month)\n"), std::string::npos)
        << text;
    const auto j = nlohmann::json::parse(render_program_json(reports));
    EXPECT_EQ(j["programs"][0]["name"], "postpaid");
    EXPECT_EQ(j["programs"][1]["type"], "prepaid");
    EXPECT_EQ(j["programs"][1]["balance"], 100000);
    EXPECT_DOUBLE_EQ(j["programs"][0]["current_points_per_day"].get<double>() +
                         j["programs"][1]["current_points_per_day"].get<double>(),
                     j["current_points_per_day"].get<double>());
    EXPECT_DOUBLE_EQ(j["current_points_per_day"].get<double>(), 150.0);
}

StatusReport status_of(const std::string& serial, std::vector<std::int64_t> accounts, double per_day) {
    StatusReport r;
    r.program = serial;
    for (const auto id : accounts) {
        AccountStatus a;
        a.account_id = id;
        a.points_per_day = per_day / static_cast<double>(accounts.size());
        r.accounts.push_back(a);
    }
    r.points_per_day = per_day;
    return r;
}

TEST(AcrossPrograms, StatusCountsAnAccountInBothProgramsOnce) {
    const std::vector<Named<StatusReport>> reports = {{"postpaid", status_of("ELAVMS0000004711", {100, 200}, 10.0)},
                                                      {"prepaid", status_of("ELAVMR0000004712", {100}, 2.5)}};
    const std::string text = render_status_text(reports, std::nullopt, builtin_catalog());
    EXPECT_NE(text.find("== prepaid ==\nProgram ELAVMR0000004712: 1 account, 2.50 points/day"), std::string::npos)
        << text;
    EXPECT_NE(text.find("Total across 2 programs: 12.50 points/day (375.00 per 30-day month), 2 accounts\n"),
              std::string::npos)
        << text;
    const auto j = nlohmann::json::parse(render_status_json(reports, std::nullopt, builtin_catalog()));
    EXPECT_EQ(j["programs"][1]["name"], "prepaid");
    EXPECT_EQ(j["programs"][1]["accounts"].size(), 1u);
    EXPECT_DOUBLE_EQ(j["points_per_day"].get<double>(), 12.5);
}

TEST(AcrossPrograms, PullNamesTheProgramOfEachDayAndSummary) {
    DayPull day;
    day.day = Date{2026, 11, 3};
    day.result = DayResult::stored;
    day.rows_after = 2;
    day.centipoints_after = 1050;
    EXPECT_EQ(render_pull_day("prepaid", day), "prepaid: " + render_pull_day(day));
    PullResult one;
    one.days = {day};
    const std::vector<Named<PullResult>> results = {{"postpaid", one}, {"prepaid", one}};
    const std::string summary = render_pull_summary(results, "SQLite x.db");
    EXPECT_EQ(summary, "postpaid: " + render_pull_summary(one, "SQLite x.db") + "prepaid: " +
                           render_pull_summary(one, "SQLite x.db"));
}

// One program's invoice of November: acme (a 25% markup on the program's price) with the given devices.
Invoice program_invoice(const std::string& serial, std::int64_t price_micros,
                        const std::vector<std::pair<std::string, std::int64_t>>& devices) {
    InvoiceInputs in;
    in.program = serial;
    in.month = DayRange{Date{2026, 11, 1}, Date{2026, 11, 30}};
    in.customers = {{"acme", 100, BillingTerms{std::nullopt, 25'000'000, "EUR", {}}}};
    in.program_price = ProgramPrice{price_micros, "EUR", {}};
    for (const auto& [device, centipoints] : devices) {
        in.serials.push_back({device, 100, 10, centipoints, 30, 30});
    }
    Invoice invoice = build_invoice(in);
    invoice.source = "store: SQLite test.db";
    invoice.generated_at = "2026-12-01T08:00:00Z";
    return invoice;
}

std::vector<ProgramInvoice> two_invoices() {
    // postpaid at 0.10 EUR (0.125 with the markup), prepaid at 0.08 EUR (0.10 with it).
    return {{"postpaid", program_invoice("ELAVMS0000004711", 100'000, {{"FGT60FTK20000001", 10000}})},
            {"prepaid", program_invoice("ELAVMR0000004712", 80'000, {{"FGT40FTK20000001", 5000},
                                                                     {"FGT40FTK20000002", 2500}})}};
}

TEST(AcrossPrograms, AnInvoiceHasACustomersLinesPerProgramAtEachProgramsPrice) {
    const Invoice invoice = invoice_across_programs(two_invoices());
    ASSERT_EQ(invoice.customers.size(), 2u);
    EXPECT_EQ(invoice.customers[0].program, "postpaid");
    EXPECT_EQ(invoice.customers[0].price->price_micros, 125'000);
    EXPECT_EQ(invoice.customers[0].amount_cents, 1250);  // 100 points at 0.125
    EXPECT_EQ(invoice.customers[1].program, "prepaid");
    EXPECT_EQ(invoice.customers[1].price->price_micros, 100'000);
    EXPECT_EQ(invoice.customers[1].amount_cents, 750);  // 75 points at 0.10
    EXPECT_EQ(invoice.centipoints, 17500);
    EXPECT_EQ(invoice.amount_cents_by_currency.at("EUR"), 2000);
    EXPECT_EQ(invoice.programs, (std::vector<std::string>{"postpaid", "prepaid"}));

    const std::string csv = render_invoice_csv(invoice);
    EXPECT_EQ(csv,
              "line,customer,program,account_id,serial,configuration,points,days_active,unit_price,currency,amount\n"
              "customer,acme,postpaid,100,,,100.00,0,0.125,EUR,12.50\n"
              "device,acme,postpaid,100,FGT60FTK20000001,config 10,100.00,30,0.125,EUR,12.50\n"
              "customer,acme,prepaid,100,,,75.00,0,0.10,EUR,7.50\n"
              "device,acme,prepaid,100,FGT40FTK20000001,config 10,50.00,30,0.10,EUR,5.00\n"
              "device,acme,prepaid,100,FGT40FTK20000002,config 10,25.00,30,0.10,EUR,2.50\n");

    const auto j = nlohmann::json::parse(render_invoice_json(invoice));
    EXPECT_TRUE(j["program_serial_number"].is_null());
    EXPECT_EQ(j["programs"], nlohmann::json({"postpaid", "prepaid"}));
    EXPECT_EQ(j["customers"][1]["program"], "prepaid");
    EXPECT_EQ(j["amounts"]["EUR"], "20.00");
    EXPECT_EQ(j["points"], "175.00");

    const std::string markdown = render_invoice_markdown(invoice);
    EXPECT_NE(markdown.find("## Consumption invoice 2026-11 for programs postpaid, prepaid"), std::string::npos)
        << markdown;
    EXPECT_NE(markdown.find("| acme | prepaid | 100 | 75.00 | 0 | 0.10 EUR | 7.50 EUR |"), std::string::npos)
        << markdown;
    EXPECT_NE(markdown.find("| **Total** | | | **175.00** | | | **20.00 EUR** |"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("### acme (account 100), program prepaid"), std::string::npos) << markdown;

    const std::string html = render_invoice_html(invoice);
    EXPECT_NE(html.find("<tr><td>acme</td><td>prepaid</td><td class=\"n\">100</td><td class=\"n\">75.00</td>"
                        "<td class=\"n\">7.50 EUR</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<th>Total</th><td></td><td></td><th class=\"n\">175.00</th><th class=\"n\">20.00 EUR</th>"),
              std::string::npos)
        << html;
}

// A customer moved whole to prepaid: postpaid's cut no longer declares it, but its postpaid history is its own,
// at postpaid's price with its markup; a customer of another program without points here is not listed.
TEST(AcrossPrograms, AFormerCustomersHistoryIsNamedAndPricedAtTheProgramItLeft) {
    InvoiceInputs in;
    in.program = "ELAVMS0000004711";
    in.month = DayRange{Date{2026, 11, 1}, Date{2026, 11, 30}};
    in.former_customers = {{"hooli", 300, BillingTerms{std::nullopt, 25'000'000, "EUR", {}}},
                           {"idle", 400, BillingTerms{std::nullopt, 25'000'000, "EUR", {}}}};
    in.program_price = ProgramPrice{100'000, "EUR", {}};
    in.serials.push_back({"FGT60FTK20000009", 300, 10, 8790, 30, 30});
    const Invoice invoice = build_invoice(in);
    ASSERT_EQ(invoice.customers.size(), 1u);
    EXPECT_EQ(invoice.customers[0].name, "hooli");
    EXPECT_TRUE(invoice.customers[0].declared);
    EXPECT_EQ(invoice.customers[0].amount_cents, 1099);  // 87.90 points at 0.125, half up
    EXPECT_EQ(invoice.amount_cents_by_currency.at("EUR"), 1099);
    EXPECT_NE(render_invoice_csv(invoice).find("customer,hooli,300,,,87.90,0,0.125,EUR,10.99\n"), std::string::npos)
        << render_invoice_csv(invoice);
}

TEST(AcrossPrograms, OneCustomersInvoiceShowsEachProgramThenItsTotal) {
    auto parts = two_invoices();
    for (auto& part : parts) {
        part.invoice = *invoice_for_customer(part.invoice, "acme");
    }
    const Invoice invoice = invoice_across_programs(parts);
    const std::string markdown = render_invoice_markdown(invoice);
    EXPECT_NE(markdown.find("## Invoice 2026-11: acme (account 100)"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("### Program prepaid\n\nUnit price: 0.10 EUR per point"), std::string::npos) << markdown;
    EXPECT_NE(markdown.find("**Total: 175.00 points, 20.00 EUR**"), std::string::npos) << markdown;
    const std::string html = render_invoice_html(invoice);
    EXPECT_NE(html.find("<h2>Program postpaid</h2>"), std::string::npos) << html;
    EXPECT_NE(html.find("<strong>Total: 175.00 points, 20.00 EUR</strong>"), std::string::npos) << html;
}

// A customer's markup is priced by the programs billing it: one whose programs have a price per point is valid
// without a project-wide one; one billed by a program without a price is not.
TEST(AcrossPrograms, AMarkupNeedsThePriceOfEveryProgramBillingTheCustomer) {
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("m.yaml", R"(apiVersion: flexform/v1
kind: Project
spec:
  programs:
    - {name: postpaid, serialNumber: ELAVMS0000004711, default: true}
    - {name: prepaid, serialNumber: ELAVMR0000004712, billing: {pricePerPoint: 0.08, currency: EUR}}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 100}
spec:
  program: prepaid
  billing: {markupPercent: 25}
  configs:
    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, serials: [FGT60FTK20000001]}
---
apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 200}
spec:
  billing: {markupPercent: 25}
  configs:
    - {name: fgt, program: prepaid, product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP},
       serials: [FGT60FTK20000002]}
    - {name: big, product: FGT_HW, parameters: {device_model: FG100F, service_pkg: FGHWENT}, serials: [FG100FTK20000001]}
)",
                        ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}}, state, diagnostics);
    check_tree(state, diagnostics);
    std::string all;
    for (const auto& d : diagnostics) {
        all += format(d) + "\n";
    }
    ASSERT_EQ(diagnostics.size(), 1u) << all;
    EXPECT_EQ(diagnostics[0].line, 21) << all;  // beta's: its "big" is billed by postpaid, which has no price
    EXPECT_EQ(diagnostics[0].field, "spec.billing.markupPercent");
    EXPECT_EQ(diagnostics[0].message,
              "a markup needs the price of program postpaid, which bills this customer: set "
              "spec.programs[0].billing: {pricePerPoint, currency} (or the project's spec.billing) in flexform.yaml "
              "(m.yaml)");
}

TEST(AcrossPrograms, OneProgramsInvoiceIsUnchanged) {
    const Invoice one = two_invoices()[0].invoice;
    EXPECT_EQ(render_invoice_csv(one).substr(0, 14), "line,customer,");
    EXPECT_EQ(render_invoice_csv(one).find("program"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(render_invoice_json(one))["program_serial_number"], "ELAVMS0000004711");
}

}  // namespace
}  // namespace flexform
