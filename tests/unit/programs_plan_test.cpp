// plan across the programs of one project (spec.programs): a section per program over its own configurations, the
// other programs' live state and the configurations billed elsewhere handed to each, a program the API user cannot
// see refused with flexform.yaml's line, --program and --customer scopes; the renderers' total of the sections; and
// apply across programs: locks by serial, every section checked before any write, a section of another program.
#include "engine/usecases/programs_plan_use_case.h"
#include "engine/usecases/programs_apply_use_case.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <functional>

#include "engine/model/programs.h"
#include "engine/render/apply_result.h"
#include "engine/render/plan_notes.h"
#include "engine/render/render.h"
#include "engine/render/reports.h"
#include "engine/render/show_renderer.h"
#include "engine/usecases/show_use_case.h"
#include "tests/unit/use_case_fixtures.h"
#include "tests/unit/use_case_ports.h"

namespace flexform::testing {
namespace {

const char* k_postpaid = "ELAVMS0000004711";
const char* k_prepaid = "ELAVMR0000004712";

const char* k_project = R"(apiVersion: flexform/v1
kind: Project
spec:
  programs:
    - name: postpaid
      serialNumber: ELAVMS0000004711
      default: true
      yearlyCommitment: 50000
    - name: prepaid
      serialNumber: ELAVMR0000004712
)";

const char* k_acme_in_both = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 100}
spec:
  configs:
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT40F, service_pkg: FGHWUTP}
      serials: [FGT40FTK20000100]
    - name: acme-vm
      program: prepaid
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: UTP}
      vms: {count: 1}
)";

const char* k_beta_prepaid = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: beta, accountId: 200}
spec:
  program: prepaid
  configs:
    - name: beta-fgt
      product: FGT_HW
      parameters: {device_model: FGT40F, service_pkg: FGHWUTP}
      serials: [FGT40FTK20000200]
)";

// Two programs, each its own FakeProvider (as each has its own connection), both seen by the API user.
struct TwoPrograms {
    DesiredState desired = desired_files(
        {{"flexform.yaml", k_project}, {"customers/acme.yaml", k_acme_in_both}, {"customers/beta.yaml", k_beta_prepaid}});
    FakeProvider postpaid;
    FakeProvider prepaid;
    std::vector<std::string> selected;  // the serials selected, in order

    TwoPrograms() {
        const std::vector<ProgramInfo> visible = {{k_postpaid, 1, std::nullopt, std::nullopt, false},
                                                  {k_prepaid, 1, std::nullopt, std::nullopt, true}};
        postpaid.programs = visible;
        prepaid.programs = visible;
    }

    ProgramsPlanRequest request() {
        ProgramsPlanRequest out;
        out.plan.desired = &desired;
        out.plan.manifest_paths = {"customers"};
        out.plan.project_file = "flexform.yaml";
        out.plan.parallelism = 1;
        out.programs = desired.project.programs;
        out.select = [this](const ProgramSettings& program) {
            selected.push_back(program.serial);
            ProgramAccess access;
            access.provider = program.serial == k_prepaid ? &prepaid : &postpaid;
            return access;
        };
        return out;
    }
};

std::vector<std::string> addresses(const Plan& plan) {
    std::vector<std::string> out;
    for (const auto& c : plan.changes) {
        out.push_back(c.address + " " + std::string(to_string(c.action)));
    }
    return out;
}

TEST(ProgramsPlan, EachProgramPlansOnlyTheConfigurationsItBills) {
    TwoPrograms t;
    const ProgramsPlanOutcome out = plan_programs(FixedClock{}, t.request(), builtin_catalog());
    ASSERT_EQ(out.sections.size(), 2u);
    EXPECT_EQ(out.sections[0].program.name, "postpaid");
    EXPECT_EQ(out.sections[0].outcome.plan.program_serial, k_postpaid);
    EXPECT_EQ(addresses(out.sections[0].outcome.plan),
              (std::vector<std::string>{"acme/acme-fgt create_config", "acme/acme-fgt create_entitlements"}));
    EXPECT_EQ(out.sections[1].outcome.plan.program_serial, k_prepaid);
    EXPECT_EQ(addresses(out.sections[1].outcome.plan),
              (std::vector<std::string>{"acme/acme-vm create_config", "acme/acme-vm create_entitlements",
                                        "beta/beta-fgt create_config", "beta/beta-fgt create_entitlements"}));
    // Postpaid carries its commitment; prepaid has none.
    EXPECT_EQ(out.sections[0].outcome.plan.cost.yearly_commitment, 50000.0);
    EXPECT_FALSE(out.sections[1].outcome.plan.cost.yearly_commitment);
    EXPECT_TRUE(t.postpaid.calls.empty());  // a plan never writes
    EXPECT_TRUE(t.prepaid.calls.empty());
}

TEST(ProgramsPlan, EveryProgramIsReadBeforeAnyIsPlanned) {
    TwoPrograms t;
    plan_programs(FixedClock{}, t.request(), builtin_catalog());
    // programs/list on the first; a read of each; then each planned.
    EXPECT_EQ(t.selected, (std::vector<std::string>{k_postpaid, k_postpaid, k_prepaid, k_postpaid, k_prepaid}));
}

TEST(ProgramsPlan, ConfigurationsBilledElsewhereNameTheirProgram) {
    TwoPrograms t;
    const auto& programs = t.desired.project.programs;
    const std::vector<DeclaredElsewhere> for_postpaid = declared_elsewhere(t.desired, programs, programs[0]);
    ASSERT_EQ(for_postpaid.size(), 2u);
    EXPECT_EQ(for_postpaid[0].account_id, 100);
    EXPECT_EQ(for_postpaid[0].config_name, "acme-vm");
    EXPECT_EQ(for_postpaid[0].program_serial, k_prepaid);
    EXPECT_EQ(for_postpaid[0].program_name, "prepaid");
    EXPECT_EQ(for_postpaid[1].config_name, "beta-fgt");
    const std::vector<DeclaredElsewhere> for_prepaid = declared_elsewhere(t.desired, programs, programs[1]);
    ASSERT_EQ(for_prepaid.size(), 1u);
    EXPECT_EQ(for_prepaid[0].config_name, "acme-fgt");
    EXPECT_EQ(for_prepaid[0].program_serial, k_postpaid);
}

TEST(ProgramsPlan, AProgramTheApiUserCannotSeeIsRefusedWithItsLine) {
    TwoPrograms t;
    t.postpaid.programs = {{k_postpaid, 1, std::nullopt, std::nullopt, false}};
    try {
        plan_programs(FixedClock{}, t.request(), builtin_catalog());
        FAIL() << "planned a program the API user cannot see";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(),
                     "flexform.yaml:9: program prepaid (ELAVMR0000004712) is not a program this API user can see; "
                     "programs/list gives ELAVMS0000004711");
    }
    EXPECT_EQ(t.selected, std::vector<std::string>{k_postpaid});  // nothing read beyond programs/list
}

TEST(ProgramsPlan, ProgramScopePlansOnlyThatProgram) {
    TwoPrograms t;
    ProgramsPlanRequest request = t.request();
    request.in_scope = {k_prepaid};
    const ProgramsPlanOutcome out = plan_programs(FixedClock{}, request, builtin_catalog());
    ASSERT_EQ(out.sections.size(), 1u);
    EXPECT_EQ(out.sections[0].program.name, "prepaid");
    EXPECT_EQ(out.sections[0].outcome.plan.changes.size(), 4u);
}

TEST(ProgramsPlan, CustomerScopeLeavesOutProgramsThatDoNotBillIt) {
    TwoPrograms t;
    ProgramsPlanRequest request = t.request();
    request.plan.customers = {"beta"};
    const ProgramsPlanOutcome out = plan_programs(FixedClock{}, request, builtin_catalog());
    ASSERT_EQ(out.sections.size(), 1u);
    EXPECT_EQ(out.sections[0].program.name, "prepaid");
    EXPECT_EQ(addresses(out.sections[0].outcome.plan),
              (std::vector<std::string>{"beta/beta-fgt create_config", "beta/beta-fgt create_entitlements"}));
    request.plan.customers = {"nobody"};
    EXPECT_THROW(plan_programs(FixedClock{}, request, builtin_catalog()), RequestError);
}

TEST(ProgramsPlan, ChangedSincePlansEachProgramsChangedCustomersOnly) {
    TwoPrograms t;
    FakeHistory history;
    history.changes.files = {{"customers/beta.yaml", std::nullopt}};  // beta is new; acme did not change
    ProgramsPlanRequest request = t.request();
    request.plan.changed_since = "main";
    request.plan.history = &history;
    const ProgramsPlanOutcome out = plan_programs(FixedClock{}, request, builtin_catalog());
    EXPECT_EQ(history.asked, std::vector<std::string>{"main"});  // asked once for the whole repository
    ASSERT_TRUE(out.change_scope);
    EXPECT_EQ(out.change_scope->changed, std::vector<std::string>{"beta"});
    EXPECT_TRUE(out.change_scope->removed.empty());  // acme's configurations of the other program are not "removed"
    ASSERT_EQ(out.sections.size(), 2u);
    EXPECT_TRUE(out.sections[0].outcome.plan.changes.empty());  // postpaid bills nothing of beta
    EXPECT_EQ(addresses(out.sections[1].outcome.plan),
              (std::vector<std::string>{"beta/beta-fgt create_config", "beta/beta-fgt create_entitlements"}));
    EXPECT_FALSE(out.sections[1].outcome.plan.cost.totals_complete);
}

// Two sections whose figures round up separately: the total adds up what each section shows.
std::vector<ProgramPlan> two_sections() {
    Plan postpaid;
    postpaid.program_serial = k_postpaid;
    postpaid.cost.per_day_before = 10.004;
    postpaid.cost.per_day_after = 12.004;
    postpaid.cost.yearly_commitment = 50000.0;
    Plan prepaid;
    prepaid.program_serial = k_prepaid;
    prepaid.cost.per_day_before = 20.004;
    prepaid.cost.per_day_after = 20.004;
    prepaid.cost.prepaid_balance = 100000;
    return {{"postpaid", postpaid}, {"prepaid", prepaid}};
}

TEST(ProgramsRender, TextShowsEachSectionAndTheirTotal) {
    const std::string text = render_text(two_sections(), RenderOptions{});
    EXPECT_NE(text.find("flexform plan for program postpaid (ELAVMS0000004711)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("flexform plan for program prepaid (ELAVMR0000004712)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Annual run-rate after this change"), std::string::npos) << text;  // postpaid
    EXPECT_NE(text.find("Prepaid balance: 100,000 points, about 4,999 days of runway"), std::string::npos) << text;
    EXPECT_NE(text.find("Programs:\n"
                        "  postpaid (ELAVMS0000004711): 10.00 -> 12.00 points/day (+2.00/day)\n"
                        "  prepaid (ELAVMR0000004712): 20.00 -> 20.00 points/day (+0.00/day)\n"
                        "All programs: 30.00 -> 32.00 points/day (+2.00/day), +60.00 per 30-day month, +730.00 per "
                        "year\n"),
              std::string::npos)
        << text;
}

TEST(ProgramsRender, MarkdownShowsEachSectionAndTheirTotal) {
    const std::string text = render_markdown(two_sections(), RenderOptions{});
    EXPECT_EQ(text.rfind("<!-- flexform-plan -->"), 0u) << text;  // one marker, first
    EXPECT_NE(text.find("### flexform plan for program `postpaid` (`ELAVMS0000004711`)"), std::string::npos) << text;
    EXPECT_NE(text.find("### flexform plan for program `prepaid` (`ELAVMR0000004712`)"), std::string::npos) << text;
    // The month and year of the text's "All programs" line, per program and in total.
    EXPECT_NE(text.find("| `postpaid` | `ELAVMS0000004711` | 10.00 | 12.00 | +2.00 | +60.00 | +730.00 |\n"
                        "| `prepaid` | `ELAVMR0000004712` | 20.00 | 20.00 | +0.00 | +0.00 | +0.00 |\n"
                        "| **Total** | | **30.00** | **32.00** | **+2.00** | **+60.00** | **+730.00** |\n"),
              std::string::npos)
        << text;
}

TEST(ProgramsRender, JsonTotalIsTheSumOfTheSections) {
    const nlohmann::json doc = nlohmann::json::parse(render_json(two_sections()));
    ASSERT_EQ(doc["programs"].size(), 2u);
    EXPECT_EQ(doc["programs"][0]["program_name"], "postpaid");
    EXPECT_EQ(doc["programs"][1]["program_serial_number"], k_prepaid);
    double before = 0.0;
    double after = 0.0;
    for (const auto& section : doc["programs"]) {
        before += section["cost"]["per_day_before"].get<double>();
        after += section["cost"]["per_day_after"].get<double>();
    }
    EXPECT_DOUBLE_EQ(doc["total"]["per_day_before"].get<double>(), before);
    EXPECT_DOUBLE_EQ(doc["total"]["per_day_after"].get<double>(), after);
    EXPECT_DOUBLE_EQ(doc["total"]["per_day_before"].get<double>(), 30.0);  // not 30.01, the unrounded sum
    EXPECT_DOUBLE_EQ(doc["total"]["delta_per_day"].get<double>(), 2.0);
    EXPECT_EQ(doc["total"]["by_program"][1]["program_name"], "prepaid");
}

TEST(ProgramsRender, ABlockedSectionIsNamed) {
    std::vector<ProgramPlan> sections = two_sections();
    PolicyResult blocked;
    blocked.status = PolicyStatus::block;
    sections[1].plan.policies.push_back(blocked);
    const std::string note = render_plan_blocked(sections);
    EXPECT_EQ(note.rfind("plan of program prepaid (ELAVMR0000004712): blocked, this plan cannot be applied", 0), 0u)
        << note;
    EXPECT_EQ(note.find("postpaid"), std::string::npos) << note;
}

TEST(ProgramsRender, OneProgramShowsNoTotalOfPrograms) {
    const std::vector<ProgramPlan> one = {two_sections()[1]};
    EXPECT_EQ(render_text(one, RenderOptions{}).find("All programs"), std::string::npos);
    EXPECT_EQ(render_markdown(one, RenderOptions{}).find("Total"), std::string::npos);
}

TEST(ProgramsRender, ShowOfASavedPlanAcrossProgramsShowsEverySectionAndTheTotal) {
    const ShowOutcome outcome = show_saved_plan(render_json(two_sections()), "", builtin_catalog());
    ASSERT_EQ(outcome.sections.size(), 2u);
    EXPECT_EQ(outcome.sections[1].name, "prepaid");
    EXPECT_EQ(outcome.sections[1].plan.program_serial, k_prepaid);
    const std::string text = render_show(outcome, ShowFormat::text, RenderOptions{});
    EXPECT_NE(text.find(", digests postpaid "), std::string::npos) << text;
    EXPECT_NE(text.find("flexform plan for program prepaid (ELAVMR0000004712)"), std::string::npos) << text;
    EXPECT_NE(text.find("All programs: 30.00 -> 32.00 points/day"), std::string::npos) << text;
    const nlohmann::json json = nlohmann::json::parse(render_show(outcome, ShowFormat::json, RenderOptions{}));
    EXPECT_EQ(json["programs"].size(), 2u);
    EXPECT_EQ(json["total"]["per_day_after"], 32.0);
}

std::vector<DriftReport> two_drift_reports() {
    DriftItem item;
    item.address = "acme/acme-vm";
    item.kind = DriftKind::config_missing;
    DriftReport postpaid{k_postpaid, "postpaid", {}, 1};
    DriftReport prepaid{k_prepaid, "prepaid", {item}, 1};
    return {postpaid, prepaid};
}

TEST(ProgramsDrift, EachFindingNamesItsProgram) {
    const std::string text = render_drift_text(two_drift_reports(), builtin_catalog());
    EXPECT_NE(text.find("flexform drift for program postpaid (ELAVMS0000004711) (1 customer checked)\n\nIn sync"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("flexform drift for program prepaid (ELAVMR0000004712)"), std::string::npos) << text;
    EXPECT_NE(text.find("! acme/acme-vm  (program prepaid)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Drift across 2 programs: 1 difference.\n"), std::string::npos) << text;
    const nlohmann::json doc = nlohmann::json::parse(render_drift_json(two_drift_reports(), builtin_catalog()));
    EXPECT_FALSE(doc["in_sync"]);
    EXPECT_EQ(doc["drifted"], 1);
    EXPECT_EQ(doc["programs"][1]["program_name"], "prepaid");
    EXPECT_EQ(doc["programs"][1]["items"][0]["program_name"], "prepaid");
    const std::string markdown = render_drift_markdown(two_drift_reports(), builtin_catalog());
    EXPECT_EQ(markdown.find("<!-- flexform-drift -->", 1), std::string::npos) << markdown;  // one marker
    EXPECT_NE(markdown.find("`acme/acme-vm` (program prepaid) |"), std::string::npos) << markdown;
}

// The text of a saved plan across programs, as `plan --out` writes it, made now.
std::string saved_text(TwoPrograms& t) {
    const ProgramsPlanOutcome planned = plan_programs(FixedClock{}, t.request(), builtin_catalog());
    std::vector<ProgramPlan> sections;
    for (const auto& section : planned.sections) {
        sections.push_back({section.program.name, section.outcome.plan});
    }
    return render_json(sections);
}

SavedPrograms read_saved(const std::string& text) {
    SavedPlanSource source;
    source.name = "plan.json";
    source.text = text;
    source.exists = [](const std::string&) { return true; };
    source.inside_tree = [](const std::string&) { return true; };
    return read_saved_programs(source, builtin_catalog());
}

ProgramsApplyRequest apply_request(TwoPrograms& t) {
    ProgramsApplyRequest request;
    request.plan = t.request();
    request.each.me = {"ci-1", "ci", "1", "apply", "2026-11-20T18:00:00Z"};
    request.each.execution.parallelism = 1;
    request.each.plan_digest = [](const Plan& plan) { return plan_digest(plan); };
    return request;
}

TEST(ProgramsApply, LocksAreTakenBySerialBeforeAnyReadAndEachProgramIsApplied) {
    TwoPrograms t;
    RecordingLocks locks;
    MemoryJournals journals;
    std::vector<std::string> approved;
    const ProgramsApplyOutcome out =
        apply_programs(locks, journals, FixedClock{}, apply_request(t), builtin_catalog(),
                       [&](const std::vector<ProgramPlan>& sections) {
                           for (const auto& s : sections) {
                               approved.push_back(s.name);
                           }
                           EXPECT_TRUE(t.postpaid.calls.empty() && t.prepaid.calls.empty());  // asked before writes
                           return true;
                       });
    // flexform.yaml lists postpaid (ELAVMS...) first; the locks go by serial, prepaid's (ELAVMR...) first.
    EXPECT_EQ(locks.acquired, (std::vector<std::string>{k_prepaid, k_postpaid}));
    EXPECT_EQ(approved, (std::vector<std::string>{"postpaid", "prepaid"}));  // asked once, with every section
    ASSERT_EQ(out.sections.size(), 2u);
    EXPECT_FALSE(out.refused);
    EXPECT_EQ(out.sections[0].outcome.verdict, ApplyVerdict::applied);
    EXPECT_EQ(out.sections[1].outcome.verdict, ApplyVerdict::applied);
    EXPECT_EQ(t.postpaid.calls.front(), "create_config acme-fgt");  // each program on its own connection
    EXPECT_EQ(t.prepaid.calls.front(), "create_config acme-vm");
    EXPECT_EQ(journals.texts.size(), 2u);  // a journal per program
    EXPECT_EQ(journals.texts.begin()->first.rfind("journal-ELAVMR0000004712-", 0), 0u);
}

TEST(ProgramsApply, ASavedPlanWithATamperedSectionIsRefusedWithoutAWrite) {
    TwoPrograms t;
    nlohmann::json document = nlohmann::json::parse(saved_text(t));
    document["programs"][1]["changes"][1]["after"]["count"] = 3;  // prepaid's VMs: 1 reviewed, 3 in the file
    ProgramsApplyRequest request = apply_request(t);
    request.saved = read_saved(document.dump());
    RecordingLocks locks;
    MemoryJournals journals;
    const ProgramsApplyOutcome out = apply_programs(locks, journals, FixedClock{}, request, builtin_catalog(), {});
    EXPECT_TRUE(out.refused);
    ASSERT_EQ(out.sections.size(), 2u);
    EXPECT_EQ(out.sections[0].outcome.verdict, ApplyVerdict::no_changes);  // postpaid's section is as reviewed
    EXPECT_EQ(out.sections[1].outcome.verdict, ApplyVerdict::refused_stale);
    EXPECT_FALSE(out.sections[1].outcome.differences.empty());
    EXPECT_TRUE(t.postpaid.calls.empty());  // nothing written in either program
    EXPECT_TRUE(t.prepaid.calls.empty());
    EXPECT_TRUE(journals.texts.empty());
}

TEST(ProgramsApply, AnUntamperedSavedPlanIsAppliedWithItsDigestInEachJournal) {
    TwoPrograms t;
    ProgramsApplyRequest request = apply_request(t);
    request.saved = read_saved(saved_text(t));
    RecordingLocks locks;
    MemoryJournals journals;
    const ProgramsApplyOutcome out = apply_programs(locks, journals, FixedClock{}, request, builtin_catalog(), {});
    ASSERT_FALSE(out.refused);
    EXPECT_EQ(out.sections[1].outcome.verdict, ApplyVerdict::applied);
    for (const auto& [id, text] : journals.texts) {
        EXPECT_NE(text.find("saved_plan_digest"), std::string::npos) << id;
    }
}

TEST(ProgramsApply, ASavedPlanOfOneCustomerAppliesItInEveryProgramThatBillsIt) {
    TwoPrograms t;
    ProgramsPlanRequest planning = t.request();
    planning.plan.customers = {"acme"};
    const ProgramsPlanOutcome planned = plan_programs(FixedClock{}, planning, builtin_catalog());
    std::vector<ProgramPlan> sections;
    for (const auto& section : planned.sections) {
        sections.push_back({section.program.name, section.outcome.plan});
    }
    ProgramsApplyRequest request = apply_request(t);
    request.saved = read_saved(render_json(sections));
    RecordingLocks locks;
    MemoryJournals journals;
    const ProgramsApplyOutcome out = apply_programs(locks, journals, FixedClock{}, request, builtin_catalog(), {});
    ASSERT_FALSE(out.refused);
    ASSERT_EQ(out.sections.size(), 2u);
    EXPECT_EQ(out.sections[1].outcome.verdict, ApplyVerdict::applied);
    EXPECT_EQ(t.postpaid.calls.front(), "create_config acme-fgt");
    EXPECT_EQ(t.prepaid.calls.front(), "create_config acme-vm");
    for (const auto& call : t.prepaid.calls) {
        EXPECT_EQ(call.find("beta"), std::string::npos) << call;  // beta is not in the reviewed scope
    }
}

TEST(ProgramsApply, ABlockedSectionNamesItsProgramAsPlanDoes) {
    ProgramsApplyOutcome out;
    out.refused = true;
    ProgramApply blocked;
    blocked.program.name = "prepaid";
    blocked.program.serial = k_prepaid;
    blocked.outcome.verdict = ApplyVerdict::refused_errors;
    blocked.outcome.plan = two_sections()[1].plan;
    out.sections.push_back(blocked);
    const ApplyReport report = render_apply_result(out, RenderOptions{});
    EXPECT_EQ(report.result.rfind("== program prepaid (ELAVMR0000004712)\n"
                                  "flexform plan for program prepaid (ELAVMR0000004712)\n",
                                  0),
              0u)
        << report.result;
}

TEST(ProgramsApply, ATotalThatIsNotTheSumOfTheSectionsIsRefused) {
    TwoPrograms t;
    const nlohmann::json saved = nlohmann::json::parse(saved_text(t));
    EXPECT_NO_THROW(read_saved(saved.dump()));
    // Every figure of the total, not only the two rates (found by an attacker: a tampered delta applied).
    const std::vector<std::pair<std::string, std::function<void(nlohmann::json&)>>> tampers = {
        {"per_day_after", [](nlohmann::json& total) { total["per_day_after"] = 1.0; }},
        {"delta_per_day", [](nlohmann::json& total) { total["delta_per_day"] = -100.0; }},
        {"delta_per_month", [](nlohmann::json& total) { total["delta_per_month"] = 1.0; }},
        {"delta_per_year", [](nlohmann::json& total) { total["delta_per_year"] = 1.0; }},
    };
    for (const auto& [key, tamper] : tampers) {
        nlohmann::json document = saved;
        tamper(document["total"]);
        try {
            read_saved(document.dump());
            ADD_FAILURE() << "read a total " << key << " that does not add up";
        } catch (const PlanFileError& e) {
            EXPECT_EQ(std::string(e.what()),
                      "plan.json states a total " + key + " that is not what its programs' sections add up to");
        }
    }
    nlohmann::json document = saved;
    document["total"]["totals_complete"] = !document["total"]["totals_complete"].get<bool>();
    EXPECT_THROW(read_saved(document.dump()), PlanFileError);
    document = saved;
    document["total"]["by_program"][0]["delta_per_day"] = 7.0;
    EXPECT_THROW(read_saved(document.dump()), PlanFileError);
    document = saved;
    document["total"]["by_program"].erase(1);
    EXPECT_THROW(read_saved(document.dump()), PlanFileError);
}

TEST(ProgramsApply, ASectionCannotBeAppliedAsAnotherProgramsOrOutsideTheScope) {
    TwoPrograms t;
    nlohmann::json document = nlohmann::json::parse(saved_text(t));
    document["programs"][0]["program_name"] = "prepaid";  // postpaid's serial under prepaid's name
    document["total"]["by_program"][0]["program_name"] = "prepaid";  // the total says the same
    ProgramsApplyRequest request = apply_request(t);
    request.saved = read_saved(document.dump());
    RecordingLocks locks;
    MemoryJournals journals;
    EXPECT_THROW(apply_programs(locks, journals, FixedClock{}, request, builtin_catalog(), {}), RequestError);
    // A plan of both programs applied with --program prepaid.
    request = apply_request(t);
    request.saved = read_saved(saved_text(t));
    request.plan.in_scope = {k_prepaid};
    try {
        apply_programs(locks, journals, FixedClock{}, request, builtin_catalog(), {});
        FAIL() << "applied a section --program leaves out";
    } catch (const RequestError& e) {
        EXPECT_STREQ(e.what(), "the saved plan holds a section of program ELAVMS0000004711, which --program leaves "
                               "out: it cannot be applied here");
    }
    EXPECT_TRUE(locks.acquired.empty());  // refused before any lock or read
    EXPECT_TRUE(t.postpaid.calls.empty() && t.prepaid.calls.empty());
}

}  // namespace
}  // namespace flexform::testing
