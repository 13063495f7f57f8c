// The plan and drift use cases over the strict FakeProvider: --customer scope, --changed-since scope from a fake
// manifest history, the open journals a plan names, and drift's read-only report.
#include "engine/usecases/plan_use_case.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "engine/usecases/drift_use_case.h"
#include "tests/unit/use_case_fixtures.h"
#include "tests/unit/use_case_ports.h"

namespace flexform::testing {
namespace {

const char* k_program = "ELAVMS0000000001";

PlanRequest request_for(const DesiredState& desired) {
    PlanRequest request;
    request.desired = &desired;
    request.manifest_paths = {"customers"};
    request.project_file = "flexform.yaml";
    request.program = k_program;
    request.parallelism = 1;
    return request;
}

std::vector<std::string> customers_changed(const Plan& plan) {
    std::vector<std::string> out;
    for (const auto& c : plan.changes) {
        if (std::find(out.begin(), out.end(), c.customer) == out.end()) {
            out.push_back(c.customer);
        }
    }
    return out;
}

TEST(PlanUseCase, ACustomerScopePlansOnlyThatCustomer) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    PlanRequest request = request_for(desired);
    request.customers = {"beta"};
    const PlanOutcome out = plan_program(fake, FixedClock{}, request, builtin_catalog());
    EXPECT_EQ(customers_changed(out.plan), std::vector<std::string>{"beta"});
    EXPECT_EQ(out.plan.scope.customers, std::vector<std::string>{"beta"});
    EXPECT_EQ(out.plan.manifest_paths, std::vector<std::string>{"customers"});
    EXPECT_TRUE(fake.calls.empty());  // a plan never writes
    request.customers = {};
    EXPECT_EQ(customers_changed(plan_program(fake, FixedClock{}, request, builtin_catalog()).plan),
              std::vector<std::string>{"beta"});  // acme is in sync either way
}

TEST(PlanUseCase, AnUndeclaredCustomerIsARequestError) {
    FakeProvider fake;
    const DesiredState desired = acme_and_beta();
    PlanRequest request = request_for(desired);
    request.customers = {"nobody"};
    try {
        plan_program(fake, FixedClock{}, request, builtin_catalog());
        FAIL() << "planned an undeclared customer";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "--customer nobody is not declared in the manifests");
    }
}

TEST(PlanUseCase, ChangedSincePlansOnlyTheCustomersWhoseManifestsChanged) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    FakeHistory history;
    history.changes.files = {{"customers/beta.yaml", std::nullopt}};  // a new file
    PlanRequest request = request_for(desired);
    request.changed_since = "main";
    request.history = &history;
    const PlanOutcome out = plan_program(fake, FixedClock{}, request, builtin_catalog());
    EXPECT_EQ(history.asked, std::vector<std::string>{"main"});
    ASSERT_TRUE(out.change_scope);
    EXPECT_EQ(out.change_scope->ref, "main");
    EXPECT_FALSE(out.change_scope->project_changed);
    EXPECT_EQ(out.change_scope->changed, std::vector<std::string>{"beta"});
    EXPECT_TRUE(out.change_scope->removed.empty());
    EXPECT_EQ(customers_changed(out.plan), std::vector<std::string>{"beta"});
    EXPECT_EQ(out.plan.scope.changed_since, "main");
    EXPECT_FALSE(out.plan.cost.totals_complete);  // only the changed accounts were read
}

TEST(PlanUseCase, ChangedSinceNamesARemovedCustomerAndPlansNothingForIt) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    FakeHistory history;
    // gamma's file is gone; acme's was only reformatted.
    history.changes.files = {{"customers/gamma.yaml", std::string(k_gamma)},
                             {"customers/acme.yaml", std::string(k_acme) + "\n# a comment\n"}};
    PlanRequest request = request_for(desired);
    request.changed_since = "main";
    request.history = &history;
    const PlanOutcome out = plan_program(fake, FixedClock{}, request, builtin_catalog());
    ASSERT_TRUE(out.change_scope);
    EXPECT_EQ(out.change_scope->removed, std::vector<std::string>{"gamma"});
    EXPECT_TRUE(out.change_scope->changed.empty());
    EXPECT_TRUE(out.plan.changes.empty());
    EXPECT_EQ(out.requests, 0);
}

TEST(PlanUseCase, AChangedProjectFilePlansEveryCustomer) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    fake.entitlements.erase("FGT60FTK20000002");  // acme differs too
    const DesiredState desired = acme_and_beta();
    FakeHistory history;
    history.changes.project_changed = true;
    PlanRequest request = request_for(desired);
    request.changed_since = "main";
    request.history = &history;
    const PlanOutcome out = plan_program(fake, FixedClock{}, request, builtin_catalog());
    ASSERT_TRUE(out.change_scope);
    EXPECT_TRUE(out.change_scope->project_changed);
    EXPECT_EQ(out.change_scope->project_file, "flexform.yaml");
    EXPECT_EQ(customers_changed(out.plan), (std::vector<std::string>{"acme", "beta"}));
    EXPECT_EQ(out.plan.scope.changed_since, "");  // a full plan: the program totals are true
    EXPECT_TRUE(out.plan.cost.totals_complete);
}

TEST(PlanUseCase, ChangedSinceAndACustomerExcludeEachOther) {
    FakeProvider fake;
    const DesiredState desired = acme_and_beta();
    FakeHistory history;
    PlanRequest request = request_for(desired);
    request.changed_since = "main";
    request.history = &history;
    request.customers = {"acme"};
    try {
        plan_program(fake, FixedClock{}, request, builtin_catalog());
        FAIL() << "planned with both";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "--changed-since and --customer exclude each other: the change decides the customers");
    }
    EXPECT_TRUE(history.asked.empty());
}

TEST(PlanUseCase, NamesOpenJournalsAsRunningOrInterrupted) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    const DesiredState desired = acme_and_beta();
    MemoryJournals journals;
    journals.texts["j1"] = interrupted_journal(k_program, "acme/fgt", "4711");
    journals.texts["j2"] = interrupted_journal(k_program, "beta/fgt", "4712");
    journals.running_pids = {"4712"};
    PlanRequest request = request_for(desired);
    request.journals = &journals;
    const PlanOutcome out = plan_program(fake, FixedClock{}, request, builtin_catalog());
    ASSERT_EQ(out.open_journals.size(), 2u);
    EXPECT_EQ(out.open_journals[0].id, "j1");
    EXPECT_EQ(out.open_journals[0].run, JournalRun::interrupted);
    EXPECT_EQ(out.open_journals[0].started_at, "2026-11-19T10:00:00Z");
    ASSERT_EQ(out.open_journals[0].unresolved.size(), 1u);
    EXPECT_EQ(out.open_journals[0].unresolved[0].address, "acme/fgt");
    EXPECT_EQ(out.open_journals[1].run, JournalRun::running);
    EXPECT_EQ(out.open_journals[1].pid, "4712");
    request.journals = nullptr;
    EXPECT_TRUE(plan_program(fake, FixedClock{}, request, builtin_catalog()).open_journals.empty());
}

TEST(DriftUseCase, NamesWhatDiffersInScopeAndNeverWrites) {
    FakeProvider fake;
    load_acme_in_sync(fake);
    set_status(fake.entitlements.at("FGT60FTK20000002"), "STOPPED");  // stopped in the portal
    const DesiredState desired = acme_and_beta();
    DriftRequest request;
    request.plan = request_for(desired);
    request.plan.customers = {"acme"};
    const DriftOutcome out = check_drift(fake, FixedClock{}, request, builtin_catalog());
    EXPECT_FALSE(out.report.in_sync());
    ASSERT_FALSE(out.report.items.empty());
    for (const auto& item : out.report.items) {
        EXPECT_EQ(item.address.rfind("acme/", 0), 0u) << item.address;  // beta is out of scope
    }
    EXPECT_TRUE(fake.calls.empty());
    request.ignore = {"acme/*"};
    EXPECT_TRUE(check_drift(fake, FixedClock{}, request, builtin_catalog()).report.in_sync());
}

}  // namespace
}  // namespace flexform::testing
