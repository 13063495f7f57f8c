// The dashboard's pages as rendered HTML: the project named in every title and heading, every chart over the same
// days, and its figures grouped. The browser test (tests/browser) checks the same pages laid out.
#include "engine/render/dashboard_site.h"

#include <regex>

#include <gtest/gtest.h>

namespace flexform {
namespace {

AccountStatus account(std::int64_t id, const std::string& customer, double per_day) {
    AccountStatus a;
    a.account_id = id;
    a.customer = customer;
    a.points_per_day = per_day;
    return a;
}

ConsumptionReport by_day(std::vector<std::pair<std::string, double>> days) {
    ConsumptionReport r;
    r.grouping = ReportGrouping::day;
    r.from = Date{2025, 12, 4};
    r.to = Date{2026, 12, 3};
    r.coverage.days = 365;
    for (const auto& [day, points] : days) {
        r.rows.push_back({day, "", 0, std::nullopt, points, 1});
        r.total += points;
    }
    return r;
}

// acme and beta; the store began on 11-29, 11-30 was never pulled; beta used nothing until 12-02.
DashboardData site_data() {
    DashboardData d;
    d.program = "ELAVMS0000000001";
    d.project_name = "northwind-mssp";
    d.generated_at = "2026-12-04T08:00:00Z";
    d.today = Date{2026, 12, 4};
    d.status.program = d.program;
    d.status.accounts = {account(100, "acme", 1234.5), account(200, "beta", 10.0)};
    d.status.points_per_day = 1244.5;
    d.history =
        by_day({{"2026-11-29", 1200.0}, {"2026-12-01", 1500.0}, {"2026-12-02", 1510.0}, {"2026-12-03", 1244.5}});
    d.history->coverage.missing = {Date{2026, 11, 30}};
    ConsumptionReport daily = by_day({});
    daily.grouping = ReportGrouping::customer;
    daily.coverage.missing = {Date{2026, 11, 30}};
    daily.daily_by_customer = {
        {"acme", {{"2026-11-29", 1200.0}, {"2026-12-01", 1500.0}, {"2026-12-02", 1500.0}, {"2026-12-03", 1234.5}}},
        {"beta", {{"2026-12-02", 10.0}, {"2026-12-03", 10.0}}}};
    d.customer_daily = daily;
    return d;
}

std::string title_of(const std::string& page) {
    std::smatch m;
    return std::regex_search(page, m, std::regex("<title>([^<]*)</title>")) ? m[1].str() : "";
}

// Each chart's first and last day, from its text alternative ("Points per day of X, FIRST to LAST...").
std::vector<std::string> chart_spans(const std::map<std::string, std::string>& files) {
    std::vector<std::string> spans;
    const std::regex span("aria-label=\"Points per day of [^\"]*, ([0-9-]{10} to [0-9-]{10})");
    for (const auto& [name, page] : files) {
        for (auto it = std::sregex_iterator(page.begin(), page.end(), span); it != std::sregex_iterator(); ++it) {
            spans.push_back(name + ": " + (*it)[1].str());
        }
    }
    return spans;
}

TEST(DashboardSite, EveryPageNamesTheProjectInItsTitleAndHeading) {
    const auto files = render_dashboard(site_data(), builtin_catalog());
    EXPECT_EQ(title_of(files.at("index.html")), "flexform — northwind-mssp: FortiFlex program ELAVMS0000000001");
    EXPECT_EQ(title_of(files.at("customers/acme.html")), "flexform — northwind-mssp: acme");
    for (const auto& [name, page] : files) {
        if (name != "style.css") {
            EXPECT_NE(page.find("<h1><span class=\"project\">flexform — northwind-mssp</span> "), std::string::npos)
                << name;
        }
    }
}

TEST(DashboardSite, WithoutAProjectFileTheTitlesAreThePagesOwn) {
    DashboardData d = site_data();
    d.project_name.clear();
    const auto files = render_dashboard(d, builtin_catalog());
    EXPECT_EQ(title_of(files.at("index.html")), "FortiFlex program ELAVMS0000000001");
    EXPECT_EQ(files.at("tenants.html").find("class=\"project\""), std::string::npos);
}

TEST(DashboardSite, TheProjectNameIsEscapedThroughTheHtmlEncoder) {
    DashboardData d = site_data();
    d.project_name = "<script>x</script> & co";
    const std::string index = render_dashboard(d, builtin_catalog()).at("index.html");
    EXPECT_EQ(index.find("<script>x"), std::string::npos);
    EXPECT_NE(index.find("flexform — &lt;script&gt;x&lt;/script&gt; &amp; co"), std::string::npos);
}

TEST(DashboardSite, EveryChartDrawsOverTheSameDays) {
    const auto files = render_dashboard(site_data(), builtin_catalog());
    // From the first day any chart has a figure for to the last: the customers' 365-day series are cut to it.
    EXPECT_EQ(chart_spans(files), (std::vector<std::string>{"customers/acme.html: 2026-11-29 to 2026-12-03",
                                                            "customers/beta.html: 2026-11-29 to 2026-12-03",
                                                            "index.html: 2026-11-29 to 2026-12-03"}));
    // Days the program has figures for and beta none are zeros; the day never pulled is a gap in every chart.
    const std::string beta = files.at("customers/beta.html");
    EXPECT_NE(beta.find("<tr><td>2026-11-29</td><td class=\"n\">0.00</td></tr>"), std::string::npos) << beta;
    for (const auto& name : {"index.html", "customers/acme.html", "customers/beta.html"}) {
        EXPECT_NE(files.at(name).find("<tr><td>2026-11-30</td><td class=\"n\">no figure (not pulled)</td></tr>"),
                  std::string::npos)
            << name;
    }
}

TEST(DashboardSite, ACustomerWithAFigureBeforeTheProgramsFirstWidensEveryChart) {
    DashboardData d = site_data();
    d.customer_daily->daily_by_customer["beta"]["2026-11-20"] = 5.0;
    EXPECT_EQ(chart_spans(render_dashboard(d, builtin_catalog())),
              (std::vector<std::string>{"customers/acme.html: 2026-11-20 to 2026-12-03",
                                        "customers/beta.html: 2026-11-20 to 2026-12-03",
                                        "index.html: 2026-11-20 to 2026-12-03"}));
}

// The days of the history's range before `first`, as a store that began on `first` leaves them: never pulled.
std::vector<Date> never_pulled_before(const ConsumptionReport& r, const Date& first) {
    std::vector<Date> days;
    for (Date day = r.from; day < first; day = add_days(day, 1)) {
        days.push_back(day);
    }
    return days;
}

TEST(DashboardSite, WithoutAnyFigureNoPageDrawsAChart) {
    DashboardData d = site_data();
    d.history->rows.clear();
    d.history->coverage.missing = never_pulled_before(*d.history, add_days(d.history->to, 1));
    d.customer_daily->daily_by_customer.clear();
    const auto files = render_dashboard(d, builtin_catalog());
    EXPECT_TRUE(chart_spans(files).empty());
    EXPECT_NE(files.at("customers/acme.html").find("no stored history yet"), std::string::npos);
}

TEST(DashboardSite, AProgramWhoseStoredDaysAreAllZeroHasAHistoryOfZeros) {
    DashboardData d = site_data();
    d.history->rows.clear();  // the store holds 11-29 to 12-03 (but 11-30), every day at zero points
    d.history->coverage.missing = never_pulled_before(*d.history, Date{2026, 11, 29});
    d.history->coverage.missing.push_back(Date{2026, 11, 30});
    d.customer_daily->daily_by_customer.clear();
    const auto files = render_dashboard(d, builtin_catalog());
    const std::string index = files.at("index.html");
    EXPECT_EQ(index.find("no stored history yet"), std::string::npos) << index;
    EXPECT_EQ(chart_spans(files), (std::vector<std::string>{"customers/acme.html: 2026-11-29 to 2026-12-03",
                                                            "customers/beta.html: 2026-11-29 to 2026-12-03",
                                                            "index.html: 2026-11-29 to 2026-12-03"}));
    EXPECT_NE(index.find("<tr><td>2026-11-29</td><td class=\"n\">0.00</td></tr>"), std::string::npos) << index;
    EXPECT_NE(index.find("<tr><td>2026-11-30</td><td class=\"n\">no figure (not pulled)</td></tr>"),
              std::string::npos)
        << index;
}

TEST(DashboardSite, AcrossProgramsTheOverviewNamesTheProjectAndEachProgramsPagesItsNameAndSerial) {
    DashboardData postpaid = site_data();
    postpaid.program_name = "postpaid";
    DashboardData prepaid = site_data();
    prepaid.program = "ELAVMR0000000002";
    prepaid.program_name = "prepaid";
    const auto files = render_dashboard(
        std::vector<Named<DashboardData>>{{"postpaid", postpaid}, {"prepaid", prepaid}}, builtin_catalog());
    const std::string overview = files.at("index.html");
    EXPECT_EQ(title_of(overview), "flexform — northwind-mssp: FortiFlex programs");
    EXPECT_NE(overview.find("<h1><span class=\"project\">flexform — northwind-mssp</span> FortiFlex programs</h1>"),
              std::string::npos)
        << overview;
    EXPECT_EQ(title_of(files.at("programs/prepaid/index.html")),
              "flexform — northwind-mssp: FortiFlex program prepaid (ELAVMR0000000002)");
    EXPECT_EQ(title_of(files.at("programs/prepaid/tenants.html")),
              "flexform — northwind-mssp: Tenants of prepaid (ELAVMR0000000002)");
    EXPECT_NE(files.at("programs/postpaid/customers/acme.html").find("<footer>Program postpaid (ELAVMS0000000001) · "),
              std::string::npos);
    // Without a project file, the overview's title is its own.
    postpaid.project_name.clear();
    EXPECT_EQ(title_of(render_dashboard(std::vector<Named<DashboardData>>{{"postpaid", postpaid}}, builtin_catalog())
                           .at("index.html")),
              "FortiFlex programs");
}

TEST(DashboardSite, FiguresAndChartTicksAreGrouped) {
    DashboardData d = site_data();
    ProgramFigures f;
    f.program.serial = d.program;
    f.program.prepaid = true;
    f.balance = 123456;
    f.current_per_day = 1244.5;
    d.program_report = build_program_report(f);
    const auto files = render_dashboard(d, builtin_catalog());
    const std::string index = files.at("index.html");
    EXPECT_NE(index.find("data-figure=\"current-per-day\" data-value=\"1244.50\">1,244.50</dd>"), std::string::npos)
        << index;
    EXPECT_NE(index.find("data-figure=\"balance\">123,456 points</dd>"), std::string::npos) << index;
    EXPECT_NE(index.find("text-anchor=\"end\">1,510</text>"), std::string::npos) << "the top tick, whole points";
    EXPECT_NE(files.at("tenants.html").find(">1,234.50</td>"), std::string::npos);
}

}  // namespace
}  // namespace flexform
