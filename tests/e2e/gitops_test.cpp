// The GitOps workflow end to end with the binary and a real git repository: a pull-request plan that reads only the
// changed customers' accounts, and apply-on-merge of exactly the reviewed plan from a second checkout.
#include <cstdio>
#include <fstream>
#include <iterator>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

std::string customer(const std::string& name, int account, const std::vector<std::string>& serials) {
    std::string list;
    for (const auto& s : serials) {
        list += (list.empty() ? "" : ", ") + s;
    }
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " + name +
           ", accountId: " + std::to_string(account) +
           "}\nspec:\n  configs:\n    - {name: fgt, product: FGT_HW, parameters: {device_model: FGT60F, "
           "service_pkg: FGHWUTP}, serials: [" +
           list + "]}\n";
}

class GitOps : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK20000001"}));
        write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK20000002"}));
        write("customers/gamma.yaml", customer("gamma", 700003, {"FGT60FTK20000003"}));
        write(".gitignore", "*.db\n*.db-*\nseed.json\n.flexform/\nplan.*\n");
        ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
        git({"init", "-q", "-b", "main"});
        git({"add", "-A"});
        git({"commit", "-q", "-m", "three customers"});
    }

    void git(const std::vector<std::string>& args, const fs::path& cwd = {}) {
        std::vector<std::string> argv = {"/usr/bin/git", "-c", "user.name=test", "-c", "user.email=test@example.com"};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto r = flexform::testing::run_process(argv, {}, "", (cwd.empty() ? m_dir : cwd).string());
        ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    }

    json counters() { return get("/__emulator/counters"); }

    // The figures of one plan add up in its JSON, and its text and markdown show the same ones.
    void expect_figures_add_up(const std::vector<std::string>& args, const std::string& program = k_program,
                               bool sandbox = false) {
        const auto flexform = [&](std::vector<std::string> argv) {
            if (!sandbox) {
                return this->flexform(argv);
            }
            argv.insert(argv.begin(), {FLEXFORM_BINARY, "--sandbox"});
            return flexform::testing::run_process(argv, {{"NO_COLOR", "1"}, {"TMPDIR", m_dir.string()}}, "",
                                                  (m_dir / "examples").string());
        };
        std::vector<std::string> json_args = args;
        json_args.insert(json_args.end(), {"--format", "json"});
        const auto j_run = flexform(json_args);
        ASSERT_NE(j_run.exit_code, 1) << j_run.err;
        const json j = json::parse(j_run.out);
        std::vector<std::string> md_args = args;
        md_args.insert(md_args.end(), {"--format", "markdown"});
        const std::string text = flexform(args).out;
        const std::string md = flexform(md_args).out;
        EXPECT_EQ(j["program_serial_number"], program);
        EXPECT_FALSE(j["flexform_version"].get<std::string>().empty());
        EXPECT_NE(md.find("· flexform " + j["flexform_version"].get<std::string>()), std::string::npos) << md;
        const json& cost = j["cost"];
        double before = 0.0;
        double after = 0.0;
        for (const auto& c : cost["by_customer"]) {
            before += c["per_day_before"].get<double>();
            after += c["per_day_after"].get<double>();
            EXPECT_NE(md.find("| " + c["customer"].get<std::string>()), std::string::npos) << md;
        }
        const double other = cost["other_accounts_per_day"].get<double>();
        const double rounding = 0.006 * static_cast<double>(cost["by_customer"].size() + 1);
        const auto figure = [](double v) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.2f", v);
            return std::string(buffer);
        };
        const std::string totals = figure(cost["per_day_before"].get<double>()) + " -> " +
                                   figure(cost["per_day_after"].get<double>()) + " points/day";
        if (cost["totals_complete"].get<bool>()) {
            EXPECT_EQ(cost["totals_of"], "program");
            EXPECT_NEAR(before + other, cost["per_day_before"].get<double>(), rounding) << j_run.out;
            EXPECT_NEAR(after + other, cost["per_day_after"].get<double>(), rounding) << j_run.out;
            EXPECT_NE(text.find("Program: " + totals), std::string::npos) << text;
            if (other > 0.005) {
                EXPECT_NE(text.find("Accounts outside this plan, unchanged: " + figure(other) + " points/day"),
                          std::string::npos)
                    << text;
                EXPECT_NE(md.find("| _accounts outside this plan, unchanged_ | 0 | " + figure(other) + " | " +
                                  figure(other) + " |"),
                          std::string::npos)
                    << md;
            }
            EXPECT_NE(md.find("| **Program** | **" + std::to_string(j["changes"].size()) + "** | **" +
                              figure(cost["per_day_before"].get<double>()) + "** | **" +
                              figure(cost["per_day_after"].get<double>()) + "** |"),
                      std::string::npos)
                << md;
        } else {
            // Only the changed customers' accounts were read: the totals are theirs, and say so everywhere.
            EXPECT_EQ(cost["totals_of"], "changed_customers");
            EXPECT_NEAR(before, cost["per_day_before"].get<double>(), rounding) << j_run.out;
            EXPECT_NEAR(after, cost["per_day_after"].get<double>(), rounding) << j_run.out;
            EXPECT_EQ(text.find("Program:"), std::string::npos) << text;
            EXPECT_NE(text.find("Changed customers: " + totals), std::string::npos) << text;
            EXPECT_NE(md.find("| **Changed customers (program not refreshed)** |"), std::string::npos) << md;
        }
    }
};

TEST_F(GitOps, APullRequestPlanReadsOnlyTheChangedCustomers) {
    write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK20000002", "FGT60FTK20000004"}));
    post("/__emulator/counters/reset", json::object());
    const auto plan = flexform({"plan", "customers", "--changed-since", "main", "--format", "json"});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const json j = json::parse(plan.out);
    EXPECT_EQ(j["scope"]["customers"], json({"beta"}));
    EXPECT_EQ(j["scope"]["changed_since"], "main");
    ASSERT_EQ(j["changes"].size(), 1u);
    EXPECT_EQ(j["changes"][0]["address"], "beta/fgt");
    EXPECT_EQ(j["changes"][0]["after"]["serials"], json({"FGT60FTK20000004"}));
    EXPECT_FALSE(j["cost"]["totals_complete"].get<bool>());
    // One configs call, one entitlements call, the prices it needs: nothing of the other accounts.
    const json c = counters();
    EXPECT_EQ(c["endpoints"]["configs/list"], 1);
    EXPECT_EQ(c["endpoints"]["entitlements/list"], 1);
    EXPECT_LE(c["endpoints"]["tools/calc"].get<int>(), 1);
    EXPECT_EQ(c["writes"], 0);
    const auto text = flexform({"plan", "customers", "--changed-since", "main"});
    EXPECT_NE(text.out.find("not refreshed"), std::string::npos) << text.out;
}

TEST_F(GitOps, NothingChangedMeansNoRequestAndMovedOrReformattedDeclarationsAreNoChange) {
    post("/__emulator/counters/reset", json::object());
    const auto none = flexform({"plan", "customers", "--changed-since", "main", "--detailed-exitcode"});
    EXPECT_EQ(none.exit_code, 0) << none.err;
    EXPECT_NE(none.err.find("no customer manifest changed since main"), std::string::npos) << none.err;
    EXPECT_EQ(counters()["total"], 0);
    // gamma moves into another file, reformatted: the same declaration.
    fs::remove(m_dir / "customers/gamma.yaml");
    write("customers/others.yaml",
          "# moved here\napiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: gamma\n  accountId: 700003\n"
          "spec:\n  configs:\n    - name: fgt\n      product: FGT_HW\n      parameters: {service_pkg: FGHWUTP, "
          "device_model: FGT60F}\n      serials: [FGT60FTK20000003]\n");
    const auto moved = flexform({"plan", "customers", "--changed-since", "main"});
    EXPECT_EQ(moved.exit_code, 0) << moved.err;
    EXPECT_NE(moved.err.find("no customer manifest changed since main"), std::string::npos) << moved.err;
    // A removed customer is named; flexform leaves its account alone.
    fs::remove(m_dir / "customers/others.yaml");
    const auto removed = flexform({"plan", "customers", "--changed-since", "main"});
    EXPECT_NE(removed.err.find("customer gamma is no longer declared"), std::string::npos) << removed.err;
    EXPECT_EQ(counters()["total"], 0);
}

TEST_F(GitOps, AChangedProjectFilePlansEveryCustomerAndBadRevisionsAreErrors) {
    write("flexform.yaml", std::string("apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: ") +
                               k_program + "\n  parallelism: 2\n");
    const auto all = flexform({"plan", "customers", "--changed-since", "main", "--format", "json"});
    ASSERT_EQ(all.exit_code, 0) << all.err;
    EXPECT_NE(all.err.find("changed since main: planning every customer"), std::string::npos) << all.err;
    EXPECT_TRUE(json::parse(all.out)["cost"]["totals_complete"].get<bool>());
    const auto bad = flexform({"plan", "customers", "--changed-since", "no-such-branch"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find("--changed-since no-such-branch: not a revision of this repository"), std::string::npos)
        << bad.err;
    const auto both = flexform({"plan", "customers", "--changed-since", "main", "--customer", "acme"});
    EXPECT_EQ(both.exit_code, 1);
    EXPECT_NE(both.err.find("exclude each other"), std::string::npos) << both.err;
}

TEST_F(GitOps, EveryFigureAddsUpInJsonTextAndMarkdown) {
    // An account of the program that no manifest of the plan declares any more: outside the plan, unchanged.
    write("customers/delta.yaml", customer("delta", 700004, {"FGT60FTK20000007"}));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    fs::remove(m_dir / "customers/delta.yaml");
    // A serial moves from beta to acme (a transfer: beta's side has no change of its own), and gamma adds one.
    write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK20000001", "FGT60FTK20000002"}));
    write("customers/beta.yaml", customer("beta", 700002, {}));
    write("customers/gamma.yaml", customer("gamma", 700003, {"FGT60FTK20000003", "FGT60FTK20000008"}));
    expect_figures_add_up({"plan", "customers"});
    const json full = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    ASSERT_EQ(full["summary"]["transfer"], 1) << full.dump(2);
    EXPECT_GT(full["cost"]["other_accounts_per_day"].get<double>(), 0.0);
    const json beta = full["cost"]["by_customer"][1];
    ASSERT_EQ(beta["customer"], "beta");
    EXPECT_LT(beta["delta_per_day"].get<double>(), 0.0) << "the transfer's source side";
    const std::string text = flexform({"plan", "customers"}).out;
    EXPECT_NE(text.find("beta (account 700002)\n  > acme/fgt/FGT60FTK20000002  transferred to acme  -"),
              std::string::npos)
        << text;
    // The dashboard's pending plan: the same totals, the accounts outside the plan beside them.
    ASSERT_EQ(flexform({"plan", "customers", "--out", "full.json"}).exit_code, 0);
    ASSERT_EQ(flexform({"dashboard", "--out", "site", "customers", "--plan", "full.json"}).exit_code, 0);
    std::string site;
    for (const auto& page : fs::recursive_directory_iterator(m_dir / "site")) {
        if (page.path().extension() == ".html") {
            std::ifstream in(page.path());
            site += std::string(std::istreambuf_iterator<char>(in), {});
        }
    }
    const auto two = [](double v) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.2f", v);
        return std::string(buffer);
    };
    EXPECT_NE(site.find(two(full["cost"]["per_day_before"].get<double>()) + " → " +
                        two(full["cost"]["per_day_after"].get<double>())),
              std::string::npos)
        << site;
    EXPECT_NE(site.find("Accounts outside this plan, unchanged"), std::string::npos);
    // The pull request's plan of the same change: the changed customers' totals, labelled as theirs.
    expect_figures_add_up({"plan", "customers", "--changed-since", "main"});
    // A customer no longer declared: in every format, with what flexform will and will not do.
    fs::remove(m_dir / "customers/gamma.yaml");
    expect_figures_add_up({"plan", "customers", "--changed-since", "main"});
    const json removed =
        json::parse(flexform({"plan", "customers", "--changed-since", "main", "--format", "json"}).out);
    EXPECT_EQ(removed["scope"]["removed_customers"], json({"gamma"}));
    EXPECT_NE(flexform({"plan", "customers", "--changed-since", "main"})
                  .out.find("gamma: no longer declared (since main); flexform leaves its account as it is: nothing "
                            "is stopped and its entitlements keep being charged."),
              std::string::npos);
    EXPECT_NE(flexform({"plan", "customers", "--changed-since", "main", "--format", "markdown"})
                  .out.find("> **`gamma` is no longer declared** (since `main`)"),
              std::string::npos);
    // Removed and nothing else changed: still the program's serial and the note, never an empty heading.
    write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK20000001"}));
    write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK20000002"}));
    const auto only_removed = flexform({"plan", "customers", "--changed-since", "main", "--format", "markdown"});
    EXPECT_NE(only_removed.out.find("### flexform plan for `" + std::string(k_program) + "`"), std::string::npos)
        << only_removed.out;
    EXPECT_NE(only_removed.out.find("`gamma` is no longer declared"), std::string::npos) << only_removed.out;
}

TEST_F(GitOps, TheSandboxExamplesFiguresAddUp) {
    // The shipped examples against the sandbox's demo MSSP: creates, a re-price, stops, a reactivation, an account
    // no manifest declares.
    fs::create_directories(m_dir / "examples");
    fs::copy(fs::path(FLEXFORM_SOURCE_DIR) / "examples/customers", m_dir / "examples/customers");
    fs::copy(fs::path(FLEXFORM_SOURCE_DIR) / "examples/flexform.yaml", m_dir / "examples/flexform.yaml");
    expect_figures_add_up({"plan", "customers"}, "ELAVMS0000004711", true);
}

TEST_F(GitOps, APlanAgainstTheLastApplyLabelsWhatWasMergedButNotApplied) {
    // main moved on (beta changed and merged) but that merge was never applied; a pull request then changes acme.
    git({"tag", "applied"});
    write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK20000002", "FGT60FTK20000004"}));
    git({"commit", "-q", "-am", "beta: merged, apply refused"});
    git({"checkout", "-q", "-b", "pr"});
    write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK20000001", "FGT60FTK20000005"}));
    git({"commit", "-q", "-am", "acme: the pull request"});
    const auto planned =
        flexform({"plan", "customers", "--changed-since", "applied", "--base", "main", "--format", "json"});
    ASSERT_EQ(planned.exit_code, 0) << planned.err;
    const json j = json::parse(planned.out);
    EXPECT_EQ(j["scope"]["merged_not_applied"], json({"beta"}));
    EXPECT_EQ(j["scope"]["base"], "main");
    EXPECT_EQ(j["changes"].size(), 2u);
    const auto md =
        flexform({"plan", "customers", "--changed-since", "applied", "--base", "main", "--format", "markdown"});
    EXPECT_NE(md.out.find("#### Merged, not yet applied\n\n`beta`: changed on `main` since the last apply "
                          "(`applied`)"),
              std::string::npos)
        << md.out;
    EXPECT_NE(md.out.find("| beta _(merged, not yet applied)_ | 1 |"), std::string::npos) << md.out;
    EXPECT_NE(md.out.find("| acme | 1 |"), std::string::npos) << md.out;
    const auto text = flexform({"plan", "customers", "--changed-since", "applied", "--base", "main"});
    EXPECT_LT(text.out.find("acme (account 700001)"), text.out.find("Merged, not yet applied (changed since applied"))
        << text.out;
    const auto alone = flexform({"plan", "customers", "--base", "main"});
    EXPECT_EQ(alone.exit_code, 1);
    EXPECT_NE(alone.err.find("--base requires --changed-since"), std::string::npos) << alone.err;
    // The nightly view on main: everything since the last apply is merged and not applied; exit 2.
    git({"checkout", "-q", "main"});
    const auto nightly = flexform({"plan", "customers", "--changed-since", "applied", "--base", "HEAD",
                                   "--detailed-exitcode", "--format", "json"});
    EXPECT_EQ(nightly.exit_code, 2) << nightly.err;
    EXPECT_EQ(json::parse(nightly.out)["scope"]["merged_not_applied"], json({"beta"}));
}

TEST_F(GitOps, OnMergeOnlyTheReviewedPlanIsApplied) {
    // The pull request: a branch adding a FortiGate to beta, planned and reviewed with its digest.
    git({"checkout", "-q", "-b", "add-fortigate"});
    write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK20000002", "FGT60FTK20000004"}));
    git({"commit", "-q", "-am", "beta: one more FortiGate"});
    const auto reviewed =
        flexform({"plan", "customers", "--changed-since", "main", "--out", "plan.json", "--format", "markdown"});
    ASSERT_EQ(reviewed.exit_code, 0) << reviewed.err;
    const auto digest_at = reviewed.out.find("plan digest `");
    ASSERT_NE(digest_at, std::string::npos) << reviewed.out;
    // The merge, in a second checkout (as the CI's apply job sees it): the reviewed plan applies.
    const fs::path merged = m_dir.string() + "-merge";
    fs::remove_all(merged);
    git({"clone", "-q", m_dir.string(), merged.string()});
    git({"checkout", "-q", "add-fortigate"}, merged);
    post("/__emulator/counters/reset", json::object());
    const auto applied = flexform({"apply", (m_dir / "plan.json").string()}, "", merged);
    EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_EQ(counters()["writes"], 1);
    // A second pull request reviewed, then main moves on before it merges: the plan is refused, nothing written.
    git({"checkout", "-q", "-b", "second", "main"});
    write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK20000001", "FGT60FTK20000005"}));
    git({"commit", "-q", "-am", "acme: one more"});
    ASSERT_EQ(flexform({"plan", "customers", "--changed-since", "main", "--out", "second.json"}).exit_code, 0);
    write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK20000001", "FGT60FTK20000006"}));
    git({"commit", "-q", "-am", "acme: a different one, after review"}, m_dir);
    git({"fetch", "-q", "origin"}, merged);
    git({"checkout", "-q", "origin/second"}, merged);
    post("/__emulator/counters/reset", json::object());
    const auto refused = flexform({"apply", (m_dir / "second.json").string()}, "", merged);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("the saved plan is not what flexform would plan now"), std::string::npos) << refused.err;
    EXPECT_EQ(counters()["writes"], 0);
    fs::remove_all(merged);
}

TEST_F(GitOps, OnMergeTheRunwayRuleIsEvaluatedOnTheWholeProgram) {
    // A prepaid program (ELAVMR) with a runway rule: a PR plan reads only beta's account, so it cannot know the
    // runway; the merge must not spend past it.
    const std::string prepaid = "ELAVMR0000000778";
    const auto seed_balance = [&](double points) {
        post("/__emulator/seed", {{"programs",
                                   {{{"serialNumber", prepaid},
                                     {"startDate", "2025-01-01"},
                                     {"endDate", "2027-12-31"},
                                     {"points", static_cast<std::int64_t>(points)}}}}});
    };
    seed_balance(1e6);
    write("flexform.yaml", "apiVersion: flexform/v1\nkind: Project\nspec:\n  programSerialNumber: " + prepaid +
                               "\n  parallelism: 4\n  policies: {minRunwayDays: 100}\n");
    write("customers/acme.yaml", customer("acme", 700001, {"FGT60FTK30000001"}));
    write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK30000002"}));
    write("customers/gamma.yaml", customer("gamma", 700003, {"FGT60FTK30000003"}));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    git({"commit", "-q", "-am", "the prepaid program, with a runway rule"});
    git({"checkout", "-q", "-b", "add-fortigate"});
    write("customers/beta.yaml", customer("beta", 700002, {"FGT60FTK30000002", "FGT60FTK30000004"}));
    git({"commit", "-q", "-am", "beta: one more FortiGate"});
    const auto probe = flexform({"plan", "customers", "--changed-since", "main", "--format", "json"});
    ASSERT_EQ(probe.exit_code, 0) << probe.err;
    const double per_device = json::parse(probe.out)["cost"]["delta_per_day"].get<double>();
    ASSERT_GT(per_device, 0.0);
    // Three FortiGates now, four after the merge: 350 device-days last 116 days now and 87 after.
    seed_balance(350 * per_device);
    const auto reviewed =
        flexform({"plan", "customers", "--changed-since", "main", "--out", "plan.json", "--format", "json"});
    ASSERT_EQ(reviewed.exit_code, 0) << reviewed.err;
    const json pr = json::parse(reviewed.out);
    ASSERT_EQ(pr["policies"].size(), 1u);
    EXPECT_EQ(pr["policies"][0]["status"], "not_evaluated");
    EXPECT_TRUE(pr["cost"]["runway_days_after"].is_null()) << "a runway from one account's rate would be a lie";
    post("/__emulator/counters/reset", json::object());
    const auto refused = flexform({"apply", "plan.json"});
    EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;  // blocked, not failed
    EXPECT_NE(refused.out.find("minRunwayDays"), std::string::npos) << refused.out;
    EXPECT_NE(refused.err.find("blocking policy"), std::string::npos) << refused.err;
    EXPECT_EQ(counters()["writes"], 0);
    // With a balance that lasts, the same reviewed change merges.
    seed_balance(1000 * per_device);
    ASSERT_EQ(flexform({"plan", "customers", "--changed-since", "main", "--out", "plan.json"}).exit_code, 0);
    const auto applied = flexform({"apply", "plan.json"});
    EXPECT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_EQ(counters()["writes"], 1);
}

}  // namespace
}  // namespace flexform::e2e
