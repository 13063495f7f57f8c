// The README's main job: plan, apply and plan again of examples/customers against the embedded emulator.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <unistd.h>

#include "tests/support/process.h"

namespace flexform::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Each sandbox test works in its own copy of examples/, so each has its own .flexform/ (sandbox state, lock, store).
fs::path copy_of_examples(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("flexform-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(fs::path(FLEXFORM_SOURCE_DIR) / "examples", dir / "examples", fs::copy_options::recursive);
    return dir;
}

std::map<std::string, std::string> sandbox_env(std::map<std::string, std::string> extra = {}) {
    extra.emplace("NO_COLOR", "1");
    extra.emplace("FORTIFLEX_ACCESS_PASSWORD", "");
    return extra;
}

flexform::testing::RunResult flexform_in(const fs::path& dir, std::vector<std::string> args,
                                         const std::map<std::string, std::string>& env = sandbox_env()) {
    args.insert(args.begin(), FLEXFORM_BINARY);
    return flexform::testing::run_process(args, env, "", dir.string());
}

TEST(Sandbox, ExamplesPlanApplyAndConverge) {
    const fs::path dir = copy_of_examples("sandbox");
    const auto run = [&](std::vector<std::string> args) { return flexform_in(dir, std::move(args)); };
    const auto plan = run({"plan", "examples/customers", "--sandbox", "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 2) << plan.out << plan.err;
    EXPECT_NE(plan.out.find("~ globex/globex-branch-vm  update_config"), std::string::npos) << plan.out;
    EXPECT_NE(plan.out.find("- initech/initech-fgt-40f/FGT40FTK22004401  stop"), std::string::npos);
    EXPECT_NE(plan.out.find("^ hooli-cafe/hooli-fwf-40f/FWF40FTK23001002  reactivate"), std::string::npos);
    EXPECT_NE(plan.out.find("Program: "), std::string::npos);
    const auto apply = run({"apply", "examples/customers", "--sandbox", "--auto-approve"});
    EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto again = run({"plan", "examples/customers", "--sandbox", "--detailed-exitcode"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_NE(again.out.find("No changes."), std::string::npos);
    const auto drift = run({"drift", "examples/customers", "--sandbox"});
    EXPECT_EQ(drift.exit_code, 0) << drift.out;
    // The demo organization's prepaid program: balance and runway instead of a commitment.
    const auto prepaid = run({"program", "--sandbox", "--program", "ELAVMR0000004712", "--format", "json"});
    EXPECT_EQ(prepaid.exit_code, 0) << prepaid.err;
    EXPECT_NE(prepaid.out.find("\"type\": \"prepaid\""), std::string::npos) << prepaid.out;
    EXPECT_NE(prepaid.out.find("\"balance\": 100000"), std::string::npos) << prepaid.out;
    const auto text = run({"program", "--sandbox", "--program", "ELAVMR0000004712"});
    EXPECT_NE(text.out.find("Balance: 100,000 points"), std::string::npos) << text.out;
    // One clock: pull and report agree on the days, and the demo's history (anchored to today) fills them.
    const auto pull = run({"consumption", "pull", "--sandbox", "--days", "7"});
    ASSERT_EQ(pull.exit_code, 0) << pull.out << pull.err;
    const auto report = run({"consumption", "report", "--sandbox", "--days", "7", "--format", "json", "examples"});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    EXPECT_NE(report.out.find("\"covered_days\": 7"), std::string::npos) << report.out;
    EXPECT_EQ(report.out.find("\"total\": 0.0,"), std::string::npos) << report.out;
    const auto table = run({"consumption", "report", "--sandbox", "--days", "7", "examples"});
    EXPECT_NE(table.out.find("TOTAL (7 of 7 days)"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("acme-corp"), std::string::npos) << table.out;
    const auto live = run({"consumption", "report", "--sandbox", "--live", "--days", "7", "--format", "json"});
    ASSERT_EQ(live.exit_code, 0) << live.err;
    const auto total_of = [](const std::string& json_text) {
        const auto at = json_text.find("\"total\": ");
        return std::stod(json_text.substr(at + 9));
    };
    EXPECT_GT(total_of(report.out), 0.0);
    EXPECT_DOUBLE_EQ(total_of(live.out), total_of(report.out));
    fs::remove_all(dir);
}

TEST(Sandbox, ADeviceMovesBetweenCustomersAsOneTransfer) {
    const fs::path dir = copy_of_examples("transfer");
    const auto run = [&](std::vector<std::string> args) { return flexform_in(dir, std::move(args)); };
    ASSERT_EQ(run({"apply", "examples/customers", "--sandbox", "--auto-approve"}).exit_code, 0);
    // FGT60FTK21001236 leaves acme-corp's manifest for a new configuration in globex's.
    const auto edit = [&](const std::string& file, const std::string& from, const std::string& to) {
        std::ifstream in(dir / file);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
        std::ofstream(dir / file) << text;
    };
    edit("examples/customers/acme-corp.yaml", ", FGT60FTK21001236]", "]");
    edit("examples/customers/globex.yaml", "  configs:\n",
         "  configs:\n    - name: globex-fgt-60f\n      product: FGT_HW\n      parameters: {device_model: FGT60F, "
         "service_pkg: FGHWUTP, addons: [FGHWFAZC]}\n      serials: [FGT60FTK21001236]\n");
    const auto plan = run({"plan", "examples/customers", "--sandbox", "--format", "json", "--out", "move.json"});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const json j = json::parse(plan.out);
    std::vector<std::string> actions;
    for (const auto& c : j["changes"]) {
        actions.push_back(c["action"].get<std::string>() + " " + c["address"].get<std::string>());
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"create_config globex/globex-fgt-60f",
                                                 "transfer globex/globex-fgt-60f/FGT60FTK21001236"}))
        << plan.out;
    const json& transfer = j["changes"][1];
    EXPECT_EQ(transfer["reason"]["code"], "declared_in_other_account");
    EXPECT_EQ(transfer["reason"]["from"], "acme-corp/acme-fgt-60f-utp");
    EXPECT_EQ(transfer["before"]["account_id"], 2345678);
    const auto markdown = run({"show", "move.json", "--format", "markdown"});
    EXPECT_NE(markdown.out.find("transfer"), std::string::npos) << markdown.out;
    EXPECT_NE(markdown.out.find("FGT60FTK21001236"), std::string::npos) << markdown.out;
    EXPECT_NE(markdown.out.find("acme-corp/acme-fgt-60f-utp"), std::string::npos) << markdown.out;
    const auto text = run({"show", "move.json"});
    EXPECT_NE(text.out.find("> globex/globex-fgt-60f/FGT60FTK21001236  transfer"), std::string::npos) << text.out;
    // Applied exactly as planned, then nothing is left to do on either side.
    const auto apply = run({"apply", "move.json", "--sandbox"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto again = run({"plan", "examples/customers", "--sandbox", "--detailed-exitcode"});
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    EXPECT_NE(again.out.find("No changes."), std::string::npos) << again.out;
    fs::remove_all(dir);
}

// The sandbox is a world of its own: its lock and its consumption store live beside its state, so two sandboxes on
// one machine (two checkouts, two CI jobs) never block each other, and a sandbox never writes the real store.
TEST(Sandbox, KeepsItsLockAndItsStoreBesideItsState) {
    const fs::path dir = copy_of_examples("sandbox-own");
    fs::create_directories(dir / "tmp");
    const std::string production_db = (dir / "production.db").string();
    const auto env = sandbox_env({{"TMPDIR", (dir / "tmp").string()},
                                  {"FLEXFORM_DB", production_db},
                                  {"FLEXFORM_LOCK_DIR", (dir / "host-locks").string()}});
    const auto run = [&](std::vector<std::string> args) { return flexform_in(dir, std::move(args), env); };
    const auto hold = [](const fs::path& file) {
        const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        EXPECT_GE(fd, 0) << file;
        EXPECT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0) << file;
        return fd;
    };
    // The sandbox takes no lock of this host's real programs: nothing in the host's lock directory.
    const auto apply = run({"apply", "examples/customers", "--sandbox", "--auto-approve"});
    EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    EXPECT_FALSE(fs::exists(dir / "host-locks"));
    // A writer of this sandbox holds its lock (beside its state): the next apply of the same sandbox is refused.
    fs::path sandbox_lock;
    for (const auto& e : fs::directory_iterator(dir / ".flexform" / "sandbox")) {
        if (e.path().filename().string().rfind("flexform-ELAVMS0000004711-", 0) == 0) {
            sandbox_lock = e.path();
        }
    }
    ASSERT_FALSE(sandbox_lock.empty());
    const int same_sandbox = hold(sandbox_lock);
    const auto second = run({"apply", "examples/customers", "--sandbox", "--auto-approve"});
    EXPECT_EQ(second.exit_code, 1) << second.out;
    EXPECT_NE(second.err.find("program ELAVMS0000004711 is locked"), std::string::npos) << second.err;
    ::close(same_sandbox);
    // FLEXFORM_DB names the real store: the sandbox's pull goes to its own.
    const auto pull = run({"consumption", "pull", "--sandbox", "--days", "2"});
    EXPECT_EQ(pull.exit_code, 0) << pull.err;
    EXPECT_FALSE(fs::exists(production_db));
    EXPECT_TRUE(fs::exists(dir / ".flexform" / "sandbox" / "consumption.db"));
    fs::remove_all(dir);
}

// The emulator answers from memory, so one sandbox command holds the sandbox's state at a time: a second command in
// the same directory waits for it instead of reading a stale copy and writing over the first one's objects.
TEST(Sandbox, ASecondCommandWaitsForTheOneHoldingTheSandbox) {
    const fs::path dir = copy_of_examples("sandbox-wait");
    fs::create_directories(dir / ".flexform" / "sandbox");
    const fs::path owner = dir / ".flexform" / "sandbox" / "emulator.db.lock";
    const int fd = ::open(owner.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const std::string holder = "pid 1, the test";
    ASSERT_EQ(::pwrite(fd, holder.data(), holder.size(), 0), static_cast<ssize_t>(holder.size()));
    const std::string err_file = (dir / "plan.err").string();
    flexform::testing::BackgroundProcess plan({FLEXFORM_BINARY, "plan", "examples/customers", "--sandbox"},
                                              sandbox_env(), dir.string(), err_file);
    const auto err_text = [&] {
        std::ifstream in(err_file);
        return std::string((std::istreambuf_iterator<char>(in)), {});
    };
    for (int i = 0; i < 300 && err_text().find("waiting") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_NE(err_text().find("sandbox: .flexform/sandbox/ is in use by pid 1, the test; waiting for it (up to 60 s)"),
              std::string::npos)
        << err_text();
    EXPECT_FALSE(fs::exists(dir / ".flexform" / "sandbox" / "emulator.db"));  // nothing read or written meanwhile
    ::close(fd);
    EXPECT_EQ(plan.wait(), 0) << err_text();
    EXPECT_NE(plan.read_rest().find("Plan: "), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace flexform::e2e

namespace flexform::e2e {
namespace {

TEST(Validate, SummarisesValidManifestsAndReportsBrokenOnes) {
    const auto run = [](std::vector<std::string> args) {
        args.insert(args.begin(), FLEXFORM_BINARY);
        return flexform::testing::run_process(args, {{"FLEXFORM_TODAY", "2026-11-20"}}, "", FLEXFORM_SOURCE_DIR);
    };
    const auto ok = run({"validate", "examples/customers"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_EQ(ok.out, "Valid: 7 customers, 18 configs, 35 entitlements in 7 files\n");
    const auto bad = run({"validate", "tests/fixtures/invalid/06-out-of-range.yaml"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_TRUE(bad.out.empty());
    EXPECT_NE(
        bad.err.find("tests/fixtures/invalid/06-out-of-range.yaml:10:30: spec.configs[0].parameters.cpu_size: 128 is "
                     "above the maximum 96 (allowed: 1-96)"),
        std::string::npos)
        << bad.err;
    EXPECT_NE(bad.err.find("3 errors in 1 file"), std::string::npos) << bad.err;
    const auto json_out = run({"validate", "tests/fixtures/invalid/06-out-of-range.yaml", "--format", "json"});
    EXPECT_EQ(json_out.exit_code, 1);
    EXPECT_NE(json_out.out.find("\"valid\": false"), std::string::npos);
    EXPECT_NE(json_out.out.find("\"line\": 10"), std::string::npos);
    // In CI: annotations on the lines, and a GitLab Code Quality report.
    const auto github = run({"validate", "tests/fixtures/invalid/06-out-of-range.yaml", "--format", "github"});
    EXPECT_EQ(github.exit_code, 1);
    EXPECT_NE(github.out.find("::error file=tests/fixtures/invalid/06-out-of-range.yaml,line=10,col=30,title=flexform "
                              "validate::spec.configs[0].parameters.cpu_size: 128 is above the maximum 96"),
              std::string::npos)
        << github.out;
    const auto gitlab = run({"validate", "tests/fixtures/invalid/06-out-of-range.yaml", "--format", "gitlab"});
    EXPECT_EQ(gitlab.exit_code, 1);
    EXPECT_NE(gitlab.out.find("\"path\": \"tests/fixtures/invalid/06-out-of-range.yaml\""), std::string::npos)
        << gitlab.out;
    EXPECT_NE(gitlab.out.find("\"begin\": 10"), std::string::npos) << gitlab.out;
    EXPECT_NE(gitlab.out.find("\"severity\": \"major\""), std::string::npos) << gitlab.out;
    const auto usage = run({"validate", "--format", "yaml"});
    EXPECT_EQ(usage.exit_code, 1);
}

}  // namespace
}  // namespace flexform::e2e
