// The README's main job: plan, apply and plan again of examples/customers against the embedded emulator.
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/support/process.h"

namespace flexform::e2e {
namespace {

namespace fs = std::filesystem;

TEST(Sandbox, ExamplesPlanApplyAndConverge) {
    const fs::path dir = fs::temp_directory_path() / ("flexform-sandbox-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(fs::path(FLEXFORM_SOURCE_DIR) / "examples", dir / "examples", fs::copy_options::recursive);
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), FLEXFORM_BINARY);
        return flexform::testing::run_process(args, {{"NO_COLOR", "1"}, {"FORTIFLEX_ACCESS_PASSWORD", ""}}, "", dir.string());
    };
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
    fs::remove_all(dir);
}

}  // namespace
}  // namespace flexform::e2e
