// Untrusted text stays text: one hostile corpus (names anyone with portal access can type) fed through every renderer
// and format, asserting that the structure of each output is the one the plan or report has, and that import writes
// YAML that reads back as exactly the names FortiFlex returned.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "engine/manifest/edit.h"
#include "engine/manifest/manifest.h"
#include "engine/model/unsafe_text.h"
#include "engine/render/escape.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "engine/report/importer.h"
#include "engine/report/status.h"
#include "engine/usecases/import_use_case.h"
#include "tests/unit/fake_provider.h"
#include "tests/unit/plan_fixtures.h"

namespace flexform {
namespace {

using testing::live_config;
using testing::live_entitlement;
using testing::params;

const std::vector<std::string>& corpus() {
    static const std::vector<std::string> k_corpus = {
        "line\nbreak",
        "x\n```\n## Policies\n| ✅ pass | `budget.perDay` |",
        "<!-- hidden",
        "</details>",
        "a|b|c",
        "=cmd|' /C calc'!A0",
        "+1",
        "-2",
        "@SUM(1)",
        "\x1b]0;pwn\x07",
        "carriage\rreturn",
        std::string("nul\0byte", 8),
        "rtl\u202Eexe.txt",
        "::error::x",
        "::add-mask::secret",
        "Null",
        "NULL",
        "-",
        "# x",
        "yes",
        "  leading spaces",
        "quote\" and 'single'",
        "tab\there",
        "del\x7f",
        "c1\u0085next",
        "`code` and ``more``",
        std::string(5000, 'L'),
    };
    return k_corpus;
}

// True when no byte of `text` would act on a terminal: only '\n' breaks lines.
bool terminal_safe(const std::string& text) {
    std::string flat = text;
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    return !find_unsafe(flat);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return lines;
}

// The `|` that delimit cells: not escaped, not inside a code span (where GitHub still splits on an unescaped one).
std::size_t cell_pipes(const std::string& line) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '|') {
            ++n;
        }
    }
    return n;
}

// The line with the content of its code spans removed: markdown shows that content literally (no HTML, no comment).
std::string without_code_spans(const std::string& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == '\\' && i + 1 < line.size()) {
            out += line.substr(i, 2);
            i += 2;
            continue;
        }
        if (line[i] != '`') {
            out += line[i++];
            continue;
        }
        const std::size_t run =
            line.find_first_not_of('`', i) == std::string::npos ? line.size() - i : line.find_first_not_of('`', i) - i;
        const std::string ticks(run, '`');
        std::size_t close = line.find(ticks, i + run);
        while (close != std::string::npos && close + run < line.size() && line[close + run] == '`') {
            close = line.find(ticks, line.find_first_not_of('`', close));
        }
        if (close == std::string::npos) {
            out += ticks;  // no closing run: the backticks are literal
            i += run;
            continue;
        }
        out += "``";
        i = close + run;
    }
    return out;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

// RFC 4180 rows: quoted cells may hold commas, quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"' && cell.empty()) {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(cell);
            cell.clear();
        } else if (c == '\n') {
            rows.back().push_back(cell);
            cell.clear();
            rows.emplace_back();
        } else {
            cell += c;
        }
    }
    if (rows.back().empty()) {
        rows.pop_back();
    }
    return rows;
}

void expect_csv_structure(const std::string& csv, std::size_t numeric_from) {
    const auto rows = parse_csv(csv);
    ASSERT_GT(rows.size(), 1u) << csv;
    for (const auto& row : rows) {
        EXPECT_EQ(row.size(), rows.front().size()) << csv;
        for (std::size_t i = 0; i < row.size() && i < numeric_from; ++i) {
            EXPECT_TRUE(row[i].empty() || std::string("=+-@\t\r").find(row[i].front()) == std::string::npos)
                << "cell " << i << " starts a formula: " << row[i];
        }
    }
}

// ----- the encoders, exactly

TEST(Escape, TerminalTextShowsControlsAndBidiEscaped) {
    EXPECT_EQ(terminal_text("a\nb\r\x1b]0;x\x07\u202E\x7f\u0085"), "a\\nb\\r\\x1b]0;x\\x07\\u202e\\x7f\\u0085");
    EXPECT_EQ(terminal_text(std::string("nul\0", 4)), "nul\\x00");
    EXPECT_EQ(terminal_text("café ✅"), "café ✅");
    EXPECT_EQ(terminal_text("\xc0\x8a"), "\\xc0\\x8a");  // an overlong newline is no newline
}

TEST(Escape, MarkdownTextCannotOpenTagsCommentsOrCode) {
    EXPECT_EQ(markdown_text("<!-- x --> & `y` *z*\n## h"), "&lt;!-- x --&gt; &amp; \\`y\\` \\*z\\*\\\\n## h");
    EXPECT_EQ(markdown_cell("a|b"), "a\\|b");
}

TEST(Escape, CodeSpansAndFencesOutgrowTheirContent) {
    EXPECT_EQ(markdown_code_span("acme/fgt"), "`acme/fgt`");
    EXPECT_EQ(markdown_code_span("a``b"), "```a``b```");
    EXPECT_EQ(markdown_code_span("`x"), "`` `x ``");
    EXPECT_EQ(markdown_cell_code_span("a|b"), "`a\\|b`");
    EXPECT_EQ(markdown_fence("plain\n"), "```");
    EXPECT_EQ(markdown_fence("x ```` y"), "`````");
}

TEST(Escape, CsvTextNeutralisesFormulasAndQuotes) {
    EXPECT_EQ(csv_text("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    EXPECT_EQ(csv_text("+1"), "'+1");
    EXPECT_EQ(csv_text("-2"), "'-2");
    EXPECT_EQ(csv_text("@SUM(1)"), "'@SUM(1)");
    EXPECT_EQ(csv_text("\tx"), "'\tx");
    EXPECT_EQ(csv_text("\rx"), "\"'\rx\"");
    EXPECT_EQ(csv_text("a,\"b\""), "\"a,\"\"b\"\"\"");
    EXPECT_EQ(csv_text("plain"), "plain");
}

TEST(Escape, ExcerptsAreBoundedAndEscaped) {
    EXPECT_EQ(quoted_excerpt("a\nb"), "\"a\\nb\"");
    EXPECT_EQ(quoted_excerpt(std::string(3'000'000, 'x')), "\"" + std::string(40, 'x') + "\"...");
}

// ----- validation

TEST(HostileValidation, AMultiMegabyteValueIsRefusedInOneShortLine) {
    const std::string huge(3'000'000, 'x');
    const std::string yaml =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n"
        "  configs:\n    - name: edr\n      product: FORTIEDR\n"
        "      parameters: {service_pkg: FEDRPDR}\n      cloud: {description: " +
        huge + "}\n";
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("acme.yaml", yaml, ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}}, state, diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_EQ(format(diagnostics[0]), "acme.yaml:9:28: spec.configs[0].cloud.description: \"" + std::string(40, 'x') +
                                          "\"... is too long (3000000 characters); FortiFlex accepts at most 255");
}

TEST(HostileValidation, AnUnknownKeyIsNamedByABoundedEscapedExcerpt) {
    const std::string key = "k\x1b[2J" + std::string(100, 'k');
    const std::string yaml =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n"
        "  configs: []\n  \"k\\e[2J" +
        std::string(100, 'k') + "\": 1\n";
    DesiredState state;
    std::vector<Diagnostic> diagnostics;
    parse_manifest_text("acme.yaml", yaml, ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}}, state, diagnostics);
    ASSERT_EQ(diagnostics.size(), 1u);
    const std::string excerpt = "\"k\\x1b[2J" + std::string(35, 'k') + "\"...";
    EXPECT_EQ(format(diagnostics[0]), "acme.yaml:6:3: spec." + excerpt + ": unknown key " + excerpt);
}

// ----- plans

Plan hostile_plan() {
    LiveState live = testing::acme_in_sync();
    live.configs[0].name = "fgt";
    // Unmanaged live configurations whose names reach the warnings, and a changed one whose name reaches the diff.
    std::int64_t id = 50;
    for (const auto& name : corpus()) {
        live.configs.push_back(live_config(
            id++, 100, name, "FGT_HW", params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
    }
    Plan plan = testing::plan_for(testing::desired_from(testing::k_acme), live);
    plan.program_serial = "ELAVMS0000000001";
    plan.manifest_digest = std::string(64, 'a');
    for (const auto& text : corpus()) {
        plan.diagnostics.push_back(PlanDiagnostic{Severity::warning, DiagnosticCode{}, "acme/" + text, text, {}});
    }
    Change change;
    change.action = ActionKind::create_config;
    change.customer = "acme";
    change.address = "acme/" + corpus()[1];
    change.after.name = corpus()[1];
    plan.changes.push_back(change);
    PolicyResult policy;
    policy.rule = PolicyRule::budget_per_day;
    policy.status = PolicyStatus::block;
    policy.subject = corpus()[1];
    policy.phrased_detail = corpus()[3];  // as read back from a plan file
    plan.policies.push_back(policy);
    return plan;
}

TEST(HostileText, PlanMarkdownKeepsItsSectionsFencesAndTables) {
    const Plan plan = hostile_plan();
    RenderOptions options;
    options.markdown_limit = 10'000'000;
    const std::string md = render_markdown(plan, options);
    EXPECT_EQ(md.rfind("<!-- flexform-plan -->", 0), 0u);
    std::size_t comments = 0;
    std::size_t opened = 0;
    std::size_t closed = 0;
    std::size_t headings = 0;
    std::size_t fence_lines = 0;
    bool in_fence = false;
    std::string fence;
    for (const auto& line : lines_of(md)) {
        if (in_fence) {
            if (line == fence) {
                in_fence = false;
                ++fence_lines;
            } else {
                EXPECT_TRUE(line.starts_with("    ") || std::string("+~^>-!").find(line.front()) != std::string::npos)
                    << line;
            }
            continue;
        }
        if (line.starts_with("```")) {
            fence = line.substr(0, line.find_first_not_of('`'));
            in_fence = true;
            ++fence_lines;
            continue;
        }
        headings += line.starts_with("#") ? 1 : 0;
        if (line.starts_with("|")) {
            EXPECT_EQ(cell_pipes(line), 7u) << line;
        }
        const std::string html = without_code_spans(line);
        comments += count_of(html, "<!--");
        opened += count_of(html, "<details>");
        closed += count_of(html, "</details>");
        EXPECT_TRUE(terminal_safe(line)) << line;
    }
    EXPECT_FALSE(in_fence);
    EXPECT_EQ(fence_lines, 2u);  // the block of acme's changes, opened and closed
    EXPECT_EQ(comments, 1u);
    EXPECT_EQ(opened, 2u);  // acme's changes, the warnings
    EXPECT_EQ(closed, 2u);
    EXPECT_EQ(headings, 2u) << md;  // "### flexform plan", "#### Policies"
}

TEST(HostileText, PlanTextHasNoRawControlBytes) {
    const std::string text = render_text(hostile_plan(), RenderOptions{});
    EXPECT_TRUE(terminal_safe(text)) << text;
    EXPECT_NE(text.find("acme/x\\n```\\n## Policies"), std::string::npos) << text;
    EXPECT_NE(text.find("rtl\\u202eexe.txt"), std::string::npos) << text;
}

// ----- drift, status

TEST(HostileText, DriftTextAndMarkdownKeepOneRowPerDifference) {
    DriftReport report;
    report.program = "ELAVMS0000000001";
    report.checked_customers = 1;
    for (const auto& text : corpus()) {
        DriftItem item;
        item.address = "acme/" + text;
        item.kind = DriftKind::config_unmanaged;
        item.phrased = PhrasedDrift{text, text};  // as read back from a drift JSON file
        report.items.push_back(item);
    }
    EXPECT_TRUE(terminal_safe(render_drift_text(report, builtin_catalog())));
    const std::string md = render_drift_markdown(report, builtin_catalog());
    std::size_t rows = 0;
    std::size_t comments = 0;
    for (const auto& line : lines_of(md)) {
        EXPECT_TRUE(terminal_safe(line)) << line;
        comments += count_of(without_code_spans(line), "<!--");
        EXPECT_FALSE(line.starts_with("#") && !line.starts_with("### flexform drift")) << line;
        if (line.starts_with("| `") || line.starts_with("| ``")) {
            EXPECT_EQ(cell_pipes(line), 5u) << line;  // address, what changed, points/day, remedy
            ++rows;
        }
    }
    EXPECT_EQ(rows, corpus().size()) << md;
    EXPECT_EQ(comments, 1u);
}

TEST(HostileText, StatusShowsLiveNamesAndDescriptionsEscaped) {
    LiveState live;
    live.program = "ELAVMS0000000001";
    std::int64_t id = 1;
    for (const auto& name : corpus()) {
        live.configs.push_back(live_config(
            id, 100, name, "FGT_HW", params("FGT_HW", {{"device_model", {"FGT60F"}}, {"service_pkg", {"FGHWUTP"}}})));
        LiveEntitlement e = live_entitlement("FGT60FTK2000" + std::to_string(1000 + id), id, 100, "ACTIVE");
        e.description = name;
        live.entitlements[100].push_back(e);
        ++id;
    }
    const StatusReport report = build_status(live, {}, {{100, "acme"}}, builtin_catalog());
    const std::string text = render_status_text(report, 100, builtin_catalog());
    EXPECT_TRUE(terminal_safe(text)) << text;
    // The header, the account row, two headings and their tables: one line per config and per entitlement.
    EXPECT_EQ(lines_of(text).size(), 2u + 2u + 2u + (1u + corpus().size()) + 2u + (1u + corpus().size()));
}

TEST(HostileText, TerminalTablesEscapeEveryCell) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& text : corpus()) {
        rows.push_back({text, "FGVMMLTM00000001", text});
    }
    const std::string table = format_table({"CUSTOMER", "SERIAL", "TOKEN"}, rows);
    EXPECT_TRUE(terminal_safe(table));
    EXPECT_EQ(lines_of(table).size(), 1 + corpus().size());
    EXPECT_EQ(format_table({"A", "B"}, {{"\x1b[2J", "x"}}), "A        B\n\\x1b[2J  x\n");
}

// ----- billing

TEST(HostileText, ConsumptionCsvTableAndMarkdownKeepTheirColumns) {
    ConsumptionReport r;
    r.program = "ELAVMS0000000001";
    r.from = Date{2026, 11, 1};
    r.to = Date{2026, 11, 10};
    r.grouping = ReportGrouping::config;
    r.source = "store";
    r.coverage.days = 10;
    for (const auto& text : corpus()) {
        r.rows.push_back({text, text, 100, 7, -1.5, 1});
    }
    expect_csv_structure(render_consumption_csv(r), 2);
    EXPECT_NE(render_consumption_csv(r).find(",-1.50,"), std::string::npos);  // our own negative numbers stay numbers
    EXPECT_TRUE(terminal_safe(render_consumption_table(r)));
    for (const auto& line : lines_of(render_consumption_markdown(r))) {
        EXPECT_TRUE(terminal_safe(line)) << line;
        if (line.starts_with("|")) {
            EXPECT_EQ(cell_pipes(line), 6u) << line;
        }
    }
}

TEST(HostileText, InvoiceCsvAndMarkdownKeepTheirColumns) {
    Invoice invoice;
    invoice.program = "ELAVMS0000000001";
    invoice.month = DayRange{Date{2026, 10, 1}, Date{2026, 10, 31}};
    invoice.source = "store";
    for (const auto& text : corpus()) {
        InvoiceCustomer c;
        c.name = text;
        c.account_id = 100;
        c.devices.push_back(InvoiceDevice{text, text, 150, 3, 450});
        c.price = UnitPrice{3'000'000, "EUR", "customer"};
        c.amount_cents = 450;
        invoice.customers.push_back(c);
    }
    expect_csv_structure(render_invoice_csv(invoice), 5);
    std::size_t sections = 0;
    for (const auto& line : lines_of(render_invoice_markdown(invoice))) {
        EXPECT_TRUE(terminal_safe(line)) << line;
        EXPECT_FALSE(line.starts_with("<")) << line;
        if (line.starts_with("|")) {
            EXPECT_TRUE(cell_pipes(line) == 7u || cell_pipes(line) == 6u) << line;
        }
        sections += line.starts_with("### ") ? 1 : 0;
    }
    EXPECT_EQ(sections, corpus().size());
}

// JSON escapes by construction: every name reads back exactly, whatever it holds.
TEST(HostileText, JsonFormatsCarryEveryNameExactly) {
    const Plan plan = hostile_plan();
    const auto plan_json = nlohmann::json::parse(render_json(plan));
    std::vector<std::string> messages;
    for (const auto& d : plan_json["diagnostics"]) {
        messages.push_back(d["message"].get<std::string>());
    }
    for (const auto& text : corpus()) {
        EXPECT_NE(std::find(messages.begin(), messages.end(), text), messages.end());
    }
    Invoice invoice;
    invoice.month = DayRange{Date{2026, 10, 1}, Date{2026, 10, 31}};
    ConsumptionReport report;
    report.grouping = ReportGrouping::config;
    for (const auto& text : corpus()) {
        InvoiceCustomer c;
        c.name = text;
        c.devices.push_back(InvoiceDevice{"FGVMMLTM00000001", text, 100, 1, std::nullopt});
        invoice.customers.push_back(c);
        report.rows.push_back({text, text, 100, 7, 1.0, 1});
    }
    const auto invoice_json = nlohmann::json::parse(render_invoice_json(invoice));
    const auto report_json = nlohmann::json::parse(render_consumption_json(report));
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        EXPECT_EQ(invoice_json["customers"][i]["customer"], corpus()[i]);
        EXPECT_EQ(invoice_json["customers"][i]["devices"][0]["configuration"], corpus()[i]);
        EXPECT_EQ(report_json["rows"][i]["key"], corpus()[i]);
    }
    std::vector<Diagnostic> diagnostics;
    for (const auto& text : corpus()) {
        diagnostics.push_back({Severity::error, "a.yaml", 1, 1, "", text});
    }
    const auto gitlab = nlohmann::json::parse(render_gitlab_code_quality(diagnostics));
    ASSERT_EQ(gitlab.size(), corpus().size());
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        EXPECT_EQ(gitlab[i]["description"], corpus()[i]);
    }
}

TEST(HostileText, ConsumptionHtmlKeepsOneRowPerLine) {
    ConsumptionReport r;
    r.program = "ELAVMS0000000001";
    r.from = Date{2026, 11, 1};
    r.to = Date{2026, 11, 2};
    r.grouping = ReportGrouping::config;
    r.coverage.days = 2;
    for (const auto& text : corpus()) {
        r.rows.push_back({text, text, 100, 7, 1.0, 1});
    }
    const std::string html = render_consumption_html(r);
    EXPECT_EQ(count_of(html, "<tr>"), corpus().size() + 2);  // the header, a row per line, the total
    EXPECT_EQ(count_of(html, "</details>"), 0u);
    EXPECT_EQ(count_of(html, "<!--"), 0u);
}

// ----- CI

TEST(HostileText, GithubAnnotationsAreOneCommandPerDiagnostic) {
    std::vector<Diagnostic> diagnostics;
    for (const auto& text : corpus()) {
        diagnostics.push_back({Severity::error, text + ".yaml", 1, 1, "spec." + text, text});
    }
    const auto lines = lines_of(render_github_annotations(diagnostics));
    ASSERT_EQ(lines.size(), corpus().size());
    for (const auto& line : lines) {
        EXPECT_TRUE(line.starts_with("::error file=")) << line;
        EXPECT_TRUE(terminal_safe(line)) << line;
    }
    for (const auto& d : diagnostics) {
        EXPECT_TRUE(terminal_safe(format(d))) << format(d);
    }
}

// ----- import

ImportInput hostile_import(std::int64_t unknown_product) {
    ImportInput input;
    input.account_id = 100;
    input.customer = "acme";
    std::int64_t id = 1;
    for (const auto& name : corpus()) {
        input.configs.push_back(live_config(id, 100, name, "FGT_VM_Bundle",
                                            params("FGT_VM_Bundle", {{"cpu_size", {"2"}}, {"service_pkg", {"UTP"}}})));
        LiveEntitlement e = live_entitlement("FGVMMLTM" + std::to_string(10000000 + id), id, 100, "ACTIVE");
        e.description = name;
        input.entitlements.push_back(e);
        ++id;
    }
    LiveConfig unknown = input.configs.front();
    unknown.id = id;
    unknown.product_id = unknown_product;
    unknown.name = "x\nspec:\n  billing: {pricePerPoint: 0.000001}\n# " + corpus()[9];
    input.configs.push_back(unknown);
    return input;
}

TEST(HostileText, ImportRoundTripsEveryLiveNameExactly) {
    const ImportInput input = hostile_import(9999);
    const std::string yaml = import_manifest(input, builtin_catalog());
    const YAML::Node doc = YAML::Load(yaml);
    const YAML::Node spec = doc["spec"];
    ASSERT_TRUE(spec.IsMap()) << yaml;
    EXPECT_EQ(spec.size(), 2u) << yaml;  // state and configs: the unknown product's name added no key
    EXPECT_FALSE(spec["billing"]) << yaml;
    ASSERT_EQ(spec["configs"].size(), corpus().size()) << yaml;
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        EXPECT_EQ(spec["configs"][i]["name"].Scalar(), corpus()[i]) << yaml;
        EXPECT_EQ(spec["configs"][i]["vms"]["description"].Scalar(), corpus()[i]) << yaml;
    }
    EXPECT_TRUE(terminal_safe(yaml.substr(0, yaml.find("  configs:")))) << yaml;  // the comment is one escaped line
}

// The whole import path, from what the provider lists to the manifest text, with every hostile name live.
TEST(HostileText, ImportUseCaseRoundTripsHostileLiveNames) {
    testing::FakeProvider fake;
    fake.programs = {ProgramInfo{"ELAVMS0000000001", 1, Date{2026, 1, 1}, Date{2027, 6, 30}, false}};
    for (const LiveConfig& c : hostile_import(9999).configs) {
        fake.configs[c.id] = c;
    }
    for (const LiveEntitlement& e : hostile_import(9999).entitlements) {
        fake.entitlements[e.serial] = e;
    }
    ImportRequest request;
    request.program = "ELAVMS0000000001";
    request.accounts = {100};
    const auto imported = import_accounts(fake, request, builtin_catalog());
    ASSERT_EQ(imported.size(), 1u);
    const YAML::Node configs = YAML::Load(imported[0].yaml)["spec"]["configs"];
    ASSERT_EQ(configs.size(), corpus().size()) << imported[0].yaml;
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        EXPECT_EQ(configs[i]["name"].Scalar(), fake.configs.at(configs[i]["id"].as<std::int64_t>()).name);
        EXPECT_EQ(configs[i]["vms"]["description"].Scalar(), corpus()[configs[i]["id"].as<std::size_t>() - 1]);
    }
}

TEST(HostileText, ImportedNamesThatValidationAcceptsParseBackAsThoseNames) {
    ImportInput input;
    input.account_id = 100;
    input.customer = "acme";
    const std::vector<std::string> names = {
        "Null",  "NULL", "-",          "# x",        "yes", "  leading spaces", "quote\" and 'single'",
        "a|b|c", "=cmd", "::error::x", "<!-- hidden"};
    std::int64_t id = 1;
    for (const auto& name : names) {
        input.configs.push_back(
            live_config(id++, 100, name, "FORTIEDR", params("FORTIEDR", {{"service_pkg", {"FEDRPDR"}}})));
    }
    const DesiredState parsed = testing::desired_from(import_manifest(input, builtin_catalog()));
    ASSERT_EQ(parsed.customers.size(), 1u);
    ASSERT_EQ(parsed.customers[0].configs.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(parsed.customers[0].configs[i].name, names[i]);
    }
}

TEST(HostileText, MergeAddsOnlyConfigEntriesWithTheExactNames) {
    const std::string manifest =
        "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 100}\nspec:\n  configs:\n"
        "    - name: edr\n      product: FORTIEDR\n      parameters: {service_pkg: FEDRPDR}\n      cloud: {}\n";
    const auto merged =
        append_config_entries(manifest, "acme", import_config_entries(hostile_import(9999), builtin_catalog()));
    ASSERT_TRUE(merged);
    const YAML::Node doc = YAML::Load(*merged);
    EXPECT_EQ(doc["spec"].size(), 1u) << *merged;
    ASSERT_EQ(doc["spec"]["configs"].size(), corpus().size() + 1) << *merged;
    for (std::size_t i = 0; i < corpus().size(); ++i) {
        EXPECT_EQ(doc["spec"]["configs"][i + 1]["name"].Scalar(), corpus()[i]);
    }
}

}  // namespace
}  // namespace flexform
