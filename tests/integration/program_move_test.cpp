// A configuration moved from the postpaid program to the prepaid one, end to end against the emulator over real HTTP:
// each program's plan made from the two programs' live states as the client reads them (PlanOptions other_programs
// and declared_elsewhere set here as the multi-program run sets them), both applied, and the emulator's points
// split between the programs by day.
#include "engine/apply/applier.h"
#include "engine/manifest/manifest.h"
#include "engine/plan/planner.h"
#include "providers/fortiflex/client.h"
#include "providers/fortiflex/transport.h"
#include "tests/integration/emulator_fixture.h"

namespace flexform::emulator::testing {
namespace {

using fortiflex::ClientOptions;
using fortiflex::FortiFlexClient;

// acme's hardware and VM configurations, now billed to the prepaid program: one of the two units is declared.
const char* k_moved = R"(apiVersion: flexform/v1
kind: Customer
metadata: {name: acme, accountId: 900001}
spec:
  configs:
    - name: acme-fgt
      product: FGT_HW
      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}
      serials: [FGT60FTK20000001]
    - name: acme-vm
      product: FGT_VM_Bundle
      parameters: {cpu_size: 2, service_pkg: ENT}
      vms: {count: 1, skipPending: true}
)";

class ProgramMove : public EmulatorFixture {
public:
    void SetUp() override {
        EmulatorFixture::SetUp();
        ClientOptions o;
        o.api_url = m_server->api_url();
        o.auth_url = m_server->auth_url();
        o.username = k_user;
        o.password = k_password;
        o.requests_per_minute = 0;
        o.base_delay = std::chrono::milliseconds(1);
        o.max_delay = std::chrono::milliseconds(50);
        o.reread_settle = std::chrono::milliseconds(0);
        o.catalog = &builtin_catalog();
        m_flex = std::make_unique<FortiFlexClient>(o);
        std::vector<Diagnostic> diagnostics;
        parse_manifest_text("acme.yaml", k_moved, ManifestOptions{&builtin_catalog(), Date{2026, 11, 21}}, m_target,
                            diagnostics);
        EXPECT_TRUE(diagnostics.empty());
        m_source = m_target;
        m_source.customers[0].configs.clear();  // the postpaid program's run keeps acme, with none of these
    }
    void TearDown() override {
        m_flex.reset();
        fortiflex::close_thread_connection();
        EmulatorFixture::TearDown();
    }

    LiveState read(const std::string& program) {
        LiveState live;
        live.program = program;
        live.configs = m_flex->list_configs(program, k_acme);
        live.entitlements[k_acme] = m_flex->list_entitlements(program, k_acme);
        return live;
    }

    Plan plan(const DesiredState& desired, const LiveState& live, PlanOptions options) {
        options.today = Date{2026, 11, 21};
        PriceTable prices;
        for (const auto& [product, parameters] : price_requests(desired, live, options)) {
            prices[price_key(product, parameters)] = m_flex->calc(live.program, product, parameters);
        }
        return make_plan(desired, live, prices, builtin_catalog(), options);
    }

    // Both programs' plans, made from the same reading.
    std::pair<Plan, Plan> plans() {
        const LiveState postpaid = read(k_program);
        const LiveState prepaid = read(k_prepaid);
        PlanOptions into;
        into.other_programs = {&postpaid};
        PlanOptions out_of;
        out_of.other_programs = {&prepaid};
        out_of.declared_elsewhere = {{k_acme, "acme-fgt", k_prepaid, "prepaid"},
                                     {k_acme, "acme-vm", k_prepaid, "prepaid"}};
        return {plan(m_target, prepaid, into), plan(m_source, postpaid, out_of)};
    }

    ApplyResult apply(const Plan& plan) {
        ApplyOptions options;
        options.parallelism = 1;
        return apply_plan(plan, *m_flex, options);
    }

    double points_of(const std::string& program, const std::string& serial) {
        for (const auto& row : m_flex->points(program, k_acme, Date{2026, 11, 1}, Date{2026, 11, 30}, std::nullopt)) {
            if (row.serial == serial) {
                return row.points;
            }
        }
        return 0.0;
    }

    static std::vector<std::string> actions(const Plan& plan) {
        std::vector<std::string> out;
        for (const auto& c : plan.changes) {
            out.push_back(std::string(to_string(c.action)) + " " + c.address);
        }
        return out;
    }

    std::unique_ptr<FortiFlexClient> m_flex;
    DesiredState m_target;
    DesiredState m_source;
};

TEST_F(ProgramMove, HardwareMovesVmsAreRecreatedAndEachProgramBillsItsOwnDays) {
    const std::string old_vm =
        ok("entitlements/vm/create", {{"configId", 101}, {"skipPending", true}}, "entitlements")[0]["serialNumber"]
            .get<std::string>();
    advance_days(1);  // 2026-11-20: both billed by the postpaid program

    const auto [target, source] = plans();
    EXPECT_EQ(actions(target), (std::vector<std::string>{
                                   "create_config acme/acme-fgt", "update_entitlement acme/acme-fgt/FGT60FTK20000001",
                                   "create_config acme/acme-vm", "create_entitlements acme/acme-vm"}));
    EXPECT_EQ(actions(source),
              (std::vector<std::string>{"stop acme/acme-vm/" + old_vm, "disable_config acme/acme-vm"}));
    // What leaves the postpaid program enters the prepaid one: the unit moves, the VM stops here and starts there.
    const double unit = target.changes[1].points.after;
    const double vm = source.changes[0].points.before;
    EXPECT_DOUBLE_EQ(unit, 2.70);
    EXPECT_GT(vm, 0.0);
    EXPECT_NEAR(target.cost.delta_per_day(), unit + vm, 1e-9);
    EXPECT_NEAR(source.cost.delta_per_day(), -(unit + vm), 1e-9);

    EXPECT_EQ(apply(target).count(OutcomeStatus::done), 4);
    EXPECT_EQ(apply(source).count(OutcomeStatus::done), 2);
    std::vector<std::string> prepaid_serials;
    for (const auto& e : m_flex->list_entitlements(k_prepaid, k_acme)) {
        prepaid_serials.push_back(e.serial);
    }
    ASSERT_EQ(prepaid_serials.size(), 2u);
    EXPECT_EQ(prepaid_serials[0], "FGT60FTK20000001");
    EXPECT_NE(prepaid_serials[1].find("ELTM"), std::string::npos) << prepaid_serials[1];  // a prepaid VM serial

    advance_days(1);  // 2026-11-21, the day of the move: billed by the prepaid program
    EXPECT_DOUBLE_EQ(points_of(k_program, "FGT60FTK20000001"), 2.70);
    EXPECT_DOUBLE_EQ(points_of(k_prepaid, "FGT60FTK20000001"), 2.70);
    EXPECT_NEAR(points_of(k_program, old_vm), 2 * vm, 0.005);  // charged the day it was stopped too
    EXPECT_NEAR(points_of(k_prepaid, prepaid_serials[1]), vm, 0.005);

    // The next run: the prepaid side is in sync, the emptied postpaid configuration is disabled.
    const auto [target_again, source_again] = plans();
    EXPECT_TRUE(target_again.changes.empty()) << actions(target_again).front();
    EXPECT_EQ(actions(source_again), (std::vector<std::string>{"disable_config acme/acme-fgt"}));
    EXPECT_EQ(apply(source_again).count(OutcomeStatus::done), 1);
}

TEST_F(ProgramMove, AMoveWhoseAnswerIsLostIsSentAgainAndLandsOnce) {
    hook("faults", {{"endpoint", "entitlements/update"}, {"kind", "drop_after"}});
    const auto [target, source] = plans();
    ASSERT_EQ(actions(target)[1], "update_entitlement acme/acme-fgt/FGT60FTK20000001");
    const ApplyResult result = apply(target);
    EXPECT_EQ(result.count(OutcomeStatus::done), 4);
    // entitlements/update is idempotent: the second send finds the unit under the new configuration already.
    EXPECT_EQ(result.outcomes[1].attempts.size(), 2u);
    int listed = 0;
    for (const auto& e : m_flex->list_entitlements(k_prepaid, k_acme)) {
        listed += e.serial == "FGT60FTK20000001" ? 1 : 0;
    }
    EXPECT_EQ(listed, 1);
    for (const auto& e : m_flex->list_entitlements(k_program, k_acme)) {
        EXPECT_NE(e.serial, "FGT60FTK20000001");
    }
}

}  // namespace
}  // namespace flexform::emulator::testing
