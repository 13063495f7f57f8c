// Several programs in one repository, end to end against the emulator over HTTP: a postpaid and a prepaid program,
// customers in both (acme with a configuration in each), one plan with both sections whose figures are each a
// one-program plan's and add up to the total, an apply of the saved plan, a re-plan with no changes; locks taken by
// serial (an apply waiting for one program's lock holds no other); and two applies of both programs at once, from
// project files listing the programs in opposite orders, that never deadlock.
#include <fcntl.h>
#include <sys/file.h>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

const char* k_prepaid = "ELAVMR0000000778";

std::string project(bool prepaid_first) {
    const std::string postpaid =
        "    - {name: postpaid, serialNumber: ELAVMS0000000777, default: true, yearlyCommitment: 50000}\n";
    const std::string prepaid = "    - {name: prepaid, serialNumber: ELAVMR0000000778}\n";
    return "apiVersion: flexform/v1\nkind: Project\nspec:\n  parallelism: 4\n  requestsPerMinute: 0\n"
           "  requestsPerHour: 0\n  programs:\n" +
           (prepaid_first ? prepaid + postpaid : postpaid + prepaid);
}

std::string fgt(const std::string& name, const std::string& serial, const std::string& program = "") {
    return "    - {name: " + name + (program.empty() ? "" : ", program: " + program) +
           ", product: FGT_HW, parameters: {device_model: FGT60F, service_pkg: FGHWUTP}, serials: [" + serial + "]}\n";
}

std::string customer(const std::string& name, int account, const std::string& configs,
                     const std::string& program = "") {
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: " + name +
           ", accountId: " + std::to_string(account) + "}\nspec:\n" +
           (program.empty() ? "" : "  program: " + program + "\n") + "  configs:\n" + configs;
}

class SeveralPrograms : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        post("/__emulator/seed", {{"programs",
                                   {{{"serialNumber", k_prepaid},
                                     {"startDate", "2025-01-01"},
                                     {"endDate", "2027-12-31"},
                                     {"points", 100000}}}}});
        write("flexform.yaml", project(false));
        write("customers/acme.yaml", customer("acme", 700001,
                                              fgt("acme-fgt", "FGT60FTK40000001") +
                                                  fgt("acme-prepaid-fgt", "FGT60FTK40000002", "prepaid")));
        write("customers/beta.yaml", customer("beta", 700002, fgt("beta-fgt", "FGT60FTK40000003"), "prepaid"));
    }

    json plan_json(std::vector<std::string> args = {}) {
        args.insert(args.begin(), {"plan", "customers", "--format", "json"});
        const auto run = flexform(args);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        return json::parse(run.out);
    }
};

TEST_F(SeveralPrograms, OnePlanShowsBothSectionsAppliesThemAndThenHasNothingToDo) {
    const json both = plan_json();
    ASSERT_EQ(both["programs"].size(), 2u);
    EXPECT_EQ(both["programs"][0]["program_name"], "postpaid");
    EXPECT_EQ(both["programs"][1]["program_name"], "prepaid");
    EXPECT_EQ(both["programs"][0]["summary"]["create_config"], 1);  // acme-fgt
    EXPECT_EQ(both["programs"][1]["summary"]["create_config"], 2);  // acme-prepaid-fgt, beta-fgt
    // Each section is the plan of that program alone, and the total adds the sections up.
    double before = 0.0;
    double after = 0.0;
    for (const auto& section : both["programs"]) {
        const json alone = plan_json({"--program", section["program_name"]});
        ASSERT_EQ(alone["programs"].size(), 1u);
        EXPECT_EQ(alone["programs"][0]["cost"], section["cost"]) << section["program_name"];
        EXPECT_EQ(alone["programs"][0]["plan_digest"], section["plan_digest"]) << section["program_name"];
        before += section["cost"]["per_day_before"].get<double>();
        after += section["cost"]["per_day_after"].get<double>();
    }
    EXPECT_NEAR(both["total"]["per_day_before"].get<double>(), before, 1e-9);
    EXPECT_NEAR(both["total"]["per_day_after"].get<double>(), after, 1e-9);
    EXPECT_GT(both["total"]["delta_per_day"].get<double>(), 0.0);
    EXPECT_EQ(both["programs"][1]["cost"]["prepaid_balance"], 100000);
    EXPECT_EQ(both["programs"][0]["cost"]["yearly_commitment"], 50000.0);

    ASSERT_EQ(flexform({"plan", "customers", "--out", "plan.json"}).exit_code, 0);
    const auto applied = flexform({"apply", "plan.json"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_NE(applied.out.find("== program postpaid (ELAVMS0000000777)\nApply complete: 2 actions done."),
              std::string::npos)
        << applied.out;
    EXPECT_NE(applied.out.find("== program prepaid (ELAVMR0000000778)\nApply complete: 4 actions done."),
              std::string::npos)
        << applied.out;

    // Each configuration landed in its own program: a plan of each finds nothing to do, and shows its totals.
    const auto again = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_NE(again.out.find("flexform plan for program prepaid (ELAVMR0000000778)"), std::string::npos);
    EXPECT_NE(again.out.find("Prepaid balance: 100,000 points, about "), std::string::npos) << again.out;
    EXPECT_NE(again.out.find(" of the yearly commitment of 50,000.00\n"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("\nAll programs: "), std::string::npos) << again.out;
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 0) << drift.out;
    EXPECT_NE(drift.out.find("Every program is in sync with git.\n"), std::string::npos) << drift.out;
}

// A configuration moved between programs and back, through the CLI: each apply completes every program in one run
// (the program a configuration leaves is written first, so the target's move does not make its section stale), the
// emptied configuration is disabled by the next run, and moving back into a configuration that still exists
// (DISABLED) moves the unit again instead of creating it (refused "already entitled" on every run before).
TEST_F(SeveralPrograms, AConfigMovedToAnotherProgramAndBackConvergesEachApplyInOneRun) {
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    const auto config_of = [&](const std::string& serial) {  // the configuration holding it, and its state
        const json now = state();
        for (const auto& e : now["entitlements"]) {
            if (e["serialNumber"] == serial) {
                for (const auto& c : now["configs"]) {
                    if (c["id"] == e["configId"]) {
                        return std::make_pair(c["id"].get<std::int64_t>(), c["status"].get<std::string>());
                    }
                }
            }
        }
        return std::make_pair(std::int64_t{0}, std::string("none"));
    };
    const auto [in_prepaid, status] = config_of("FGT60FTK40000003");
    ASSERT_EQ(status, "ACTIVE");
    // beta to postpaid, the program listed first: its section (the target) would be written before prepaid's.
    write("customers/beta.yaml", customer("beta", 700002, fgt("beta-fgt", "FGT60FTK40000003"), "postpaid"));
    const auto move = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(move.exit_code, 0) << move.out << move.err;
    const auto [in_postpaid, moved] = config_of("FGT60FTK40000003");
    EXPECT_NE(in_postpaid, in_prepaid);  // postpaid's new beta-fgt
    EXPECT_EQ(moved, "ACTIVE");
    const auto disable = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(disable.exit_code, 0) << disable.out << disable.err;
    EXPECT_NE(disable.out.find("Apply complete: 1 action done."), std::string::npos) << disable.out;  // the disable
    // And back: prepaid still has beta-fgt, DISABLED.
    write("customers/beta.yaml", customer("beta", 700002, fgt("beta-fgt", "FGT60FTK40000003"), "prepaid"));
    const json back = plan_json();
    EXPECT_EQ(back["programs"][1]["summary"].value("create_entitlements", 0), 0) << back["programs"][1]["summary"];
    EXPECT_EQ(back["programs"][1]["summary"]["update_entitlement"], 1) << back["programs"][1]["summary"];
    const int before = writes();
    const auto again = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_EQ(config_of("FGT60FTK40000003"), std::make_pair(in_prepaid, std::string("ACTIVE")));  // re-enabled
    EXPECT_EQ(writes() - before, 2);  // enable the configuration, move the unit into it
    EXPECT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);  // postpaid's beta-fgt disabled
    const auto settled = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(settled.exit_code, 0) << settled.out;
}

TEST_F(SeveralPrograms, AProgramTheApiUserCannotSeeIsRefusedAtItsLineBeforeAnyWrite) {
    write("flexform.yaml", project(false) + "    - {name: other, serialNumber: ELAVMR0000000999}\n");
    const auto run = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(run.err.find("flexform.yaml:10: program other (ELAVMR0000000999) is not a program this API user can "
                           "see; programs/list gives "),
              std::string::npos)
        << run.err;
    EXPECT_EQ(writes(), 0);
}

TEST_F(SeveralPrograms, ASectionBlockedByItsProgramsPolicyIsNamedAndNothingIsWritten) {
    // Only the prepaid program has a rule, and its section adds two FortiGates (more than 1 point/day).
    std::string text = project(false);
    text.replace(text.find("{name: prepaid, serialNumber: ELAVMR0000000778}"),
                 std::string("{name: prepaid, serialNumber: ELAVMR0000000778}").size(),
                 "{name: prepaid, serialNumber: ELAVMR0000000778, policies: {maxIncreasePerDay: 1}}");
    write("flexform.yaml", text);
    const auto plan = flexform({"plan", "customers"});
    EXPECT_EQ(plan.exit_code, 3) << plan.err;
    EXPECT_NE(plan.err.find("plan of program prepaid (ELAVMR0000000778): blocked, this plan cannot be applied"),
              std::string::npos)
        << plan.err;
    EXPECT_EQ(plan.err.find("plan of program postpaid"), std::string::npos) << plan.err;
    const auto apply = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(apply.exit_code, 3) << apply.err;
    EXPECT_NE(apply.err.find("program prepaid (ELAVMR0000000778): a blocking policy stops the plan"),
              std::string::npos)
        << apply.err;
    EXPECT_EQ(writes(), 0);  // not even postpaid's section, which nothing blocks
}

TEST_F(SeveralPrograms, AnApplyWaitingForTheFirstLockBySerialHoldsNoOther) {
    // A first apply leaves both programs' lock files; then the prepaid program's lock (ELAVMR: first by serial) is
    // held here. flexform.yaml lists postpaid first: an apply taking the locks in that order would hold postpaid's
    // while it waits, and two such applies could each hold the lock the other waits for.
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    write("customers/gamma.yaml", customer("gamma", 700003, fgt("gamma-fgt", "FGT60FTK40000004")));
    const int written = writes();
    fs::path prepaid_lock;
    fs::path postpaid_lock;
    for (const auto& e : fs::directory_iterator(m_dir / "locks")) {
        const std::string name = e.path().filename().string();
        if (e.path().extension() == ".lock" && name.rfind("flexform-ELAVMR0000000778-", 0) == 0) {
            prepaid_lock = e.path();
        } else if (e.path().extension() == ".lock" && name.rfind("flexform-ELAVMS0000000777-", 0) == 0) {
            postpaid_lock = e.path();
        }
    }
    ASSERT_FALSE(prepaid_lock.empty());
    ASSERT_FALSE(postpaid_lock.empty());
    const int fd = ::open(prepaid_lock.c_str(), O_RDONLY);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    flexform::testing::BackgroundProcess waiting(
        {FLEXFORM_BINARY, "apply", "customers", "--auto-approve", "--lock-timeout", "1s",
         "--api-url=" + m_base + "/ES/api/fortiflex/v2/", "--auth-url=" + m_base + "/api/v1/oauth/token/"},
        {{"FORTIFLEX_ACCESS_USERNAME", k_user},
         {"FORTIFLEX_ACCESS_PASSWORD", k_password},
         {"NO_COLOR", "1"},
         {"FLEXFORM_TODAY", m_today},
         {"TMPDIR", m_dir.string()},
         {"FLEXFORM_LOCK_DIR", (m_dir / "locks").string()}},
        m_dir.string(), (m_dir / "waiting.err").string());
    const std::string pid = std::to_string(waiting.pid());
    EXPECT_EQ(waiting.wait(), 1);  // gave up on the prepaid lock after a second
    ::close(fd);
    std::ifstream err(m_dir / "waiting.err");
    const std::string said(std::istreambuf_iterator<char>(err), {});
    EXPECT_NE(said.find("program ELAVMR0000000778 is locked by"), std::string::npos) << said;
    std::ifstream postpaid(postpaid_lock);
    const std::string holder(std::istreambuf_iterator<char>(postpaid), {});
    EXPECT_NE(holder.find("\"pid\":\""), std::string::npos) << holder;       // the first apply's
    EXPECT_EQ(holder.find("\"pid\":\"" + pid + "\""), std::string::npos) << holder;  // never the waiting one's
    EXPECT_EQ(writes(), written);  // the waiting apply wrote nothing
}

TEST_F(SeveralPrograms, TwoAppliesOfBothProgramsNeverDeadlock) {
    // The same customers from two checkouts whose flexform.yaml list the programs in opposite orders: locks taken in
    // the listed order would each hold one the other needs; taken by serial, one waits for the other.
    fs::create_directories(m_dir / "other" / "customers");
    std::ofstream(m_dir / "other" / "flexform.yaml") << project(true);
    fs::copy(m_dir / "customers", m_dir / "other" / "customers", fs::copy_options::recursive);
    const auto start = [&](const fs::path& cwd) {
        std::vector<std::string> args = {FLEXFORM_BINARY, "apply", "customers", "--auto-approve",
                                         "--lock-timeout", "120s",
                                         "--api-url=" + m_base + "/ES/api/fortiflex/v2/",
                                         "--auth-url=" + m_base + "/api/v1/oauth/token/"};
        return std::make_unique<flexform::testing::BackgroundProcess>(
            args,
            std::map<std::string, std::string>{{"FORTIFLEX_ACCESS_USERNAME", k_user},
                                               {"FORTIFLEX_ACCESS_PASSWORD", k_password},
                                               {"NO_COLOR", "1"},
                                               {"FLEXFORM_TODAY", m_today},
                                               {"TMPDIR", m_dir.string()},
                                               {"FLEXFORM_LOCK_DIR", (m_dir / "locks").string()}},
            cwd.string());
    };
    auto first = start(m_dir);
    auto second = start(m_dir / "other");
    EXPECT_EQ(first->wait(), 0);
    EXPECT_EQ(second->wait(), 0);
    // Between them, every configuration was created once: a fresh plan has nothing to do.
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
}

}  // namespace
}  // namespace flexform::e2e
