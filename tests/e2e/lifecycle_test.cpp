// The entitlement lifecycle end to end on the real client and the emulator: RMA swaps (billing across the swap day
// from the emulator's ledger, a failure between the two writes, decommission), end dates declared and extended, and
// entitlements ending within the watched window as findings of drift, program and the dashboard.
#include <map>

#include "tests/e2e/e2e_fixture.h"

namespace flexform::e2e {
namespace {

const char* k_old = "FGT60FTK20000001";
const char* k_new = "FGT60FTK20000009";

std::string customer_with(const std::string& serials, const std::string& config_extra = "") {
    return "apiVersion: flexform/v1\nkind: Customer\nmetadata: {name: acme, accountId: 700001}\nspec:\n  configs:\n"
           "    - name: acme-fgt\n      product: FGT_HW\n      parameters: {device_model: FGT60F, service_pkg: FGHWUTP}\n" +
           config_extra + "      serials: " + serials + "\n";
}

const std::string k_swap = std::string("[{serial: ") + k_new + ", replaces: " + k_old + "}]";

class Lifecycle : public E2eFixture {
public:
    void SetUp() override {
        E2eFixture::SetUp();
        write("customers/acme.yaml", customer_with(std::string("[") + k_old + "]"));
        const auto applied = flexform({"apply", "customers", "--auto-approve"});
        ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    }

    void next_day(const std::string& today) {
        post("/__emulator/clock", {{"advanceDays", 1}});
        m_today = today;
    }

    std::map<std::string, std::string> statuses() {
        std::map<std::string, std::string> out;
        for (const auto& e : entitlements_of(700001)) {
            out[e["serialNumber"].get<std::string>()] = e["status"].get<std::string>();
        }
        return out;
    }

    // serial -> points the emulator's ledger charged it on `day`
    std::map<std::string, double> charged_on(const std::string& day) {
        std::map<std::string, double> out;
        const json ledger = post("/__emulator/ledger", {{"from", day}, {"to", day}});  // alive while iterated
        for (const auto& row : ledger["rows"]) {
            out[row["serialNumber"].get<std::string>()] += row["points"].get<double>();
        }
        return out;
    }

    int calls_to(const std::string& endpoint) { return get("/__emulator/counters")["endpoints"].value(endpoint, 0); }
};

TEST_F(Lifecycle, ASwapIsOneChangeBilledTwiceOnlyOnTheSwapDayAndThenPlansNoChanges) {
    next_day("2026-11-21");
    write("customers/acme.yaml", customer_with(k_swap));

    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    ASSERT_EQ(plan["changes"].size(), 1u) << plan.dump(2);
    const json& swap = plan["changes"][0];
    EXPECT_EQ(swap["action"], "swap");
    EXPECT_EQ(swap["address"], std::string("acme/acme-fgt/") + k_new);
    EXPECT_EQ(swap["swap"], (json{{"replaces", k_old}, {"entitle", true}, {"stop", true}, {"decommission", false}}));
    EXPECT_DOUBLE_EQ(swap["points_per_day"]["before"].get<double>(), 2.70);
    EXPECT_DOUBLE_EQ(swap["points_per_day"]["delta"].get<double>(), 0.0);  // like for like
    const auto text = flexform({"plan", "customers"});
    EXPECT_NE(text.out.find(std::string("* acme/acme-fgt/") + k_new + "  swap  +0.00/day"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find(std::string("replaces ") + k_old + ": entitle " + k_new + ", then stop " + k_old),
              std::string::npos)
        << text.out;

    // Drift names the pair once, and not the old unit as undeclared.
    const json drift = json::parse(flexform({"drift", "customers", "--format", "json"}).out);
    ASSERT_EQ(drift["items"].size(), 1u) << drift.dump(2);
    EXPECT_EQ(drift["items"][0]["kind"], "entitlement_replaced");
    EXPECT_EQ(drift["items"][0]["message"], std::string("serial ") + k_new + " replaces " + k_old + " in git, but " +
                                                k_new + " is not entitled and " + k_old + " is still ACTIVE");
    EXPECT_EQ(drift["items"][0]["remedy"], std::string("entitle ") + k_new + ", then stop " + k_old);

    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "STOPPED"}, {k_new, "ACTIVE"}}));

    // The manifest still naming `replaces:` is in sync.
    const auto again = flexform({"plan", "customers", "--detailed-exitcode"});
    EXPECT_EQ(again.exit_code, 0) << again.out;
    EXPECT_NE(again.out.find("No changes"), std::string::npos) << again.out;
    EXPECT_EQ(flexform({"drift", "customers"}).exit_code, 0);

    // The ledger: the old unit alone before, both on the swap day (each ran that day), the new one alone after.
    next_day("2026-11-22");
    next_day("2026-11-23");
    EXPECT_EQ(charged_on("2026-11-20"), (std::map<std::string, double>{{k_old, 2.70}}));
    EXPECT_EQ(charged_on("2026-11-21"), (std::map<std::string, double>{{k_old, 2.70}, {k_new, 2.70}}));
    EXPECT_EQ(charged_on("2026-11-22"), (std::map<std::string, double>{{k_new, 2.70}}));
}

TEST_F(Lifecycle, AStopThatFailsAfterTheNewUnitIsEntitledLeavesAStateTheRerunConvergesFrom) {
    write("customers/acme.yaml", customer_with(k_swap));
    post("/__emulator/faults", {{"endpoint", "entitlements/stop"}, {"kind", "http"}, {"httpStatus", 400}, {"count", 1}});
    const auto failed = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
    // Both entitled, never neither: the old unit ran today and is billed for today whichever way.
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "ACTIVE"}, {k_new, "ACTIVE"}}));

    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    ASSERT_EQ(plan["changes"].size(), 1u) << plan.dump(2);
    EXPECT_EQ(plan["changes"][0]["swap"],
              (json{{"replaces", k_old}, {"entitle", false}, {"stop", true}, {"decommission", false}}));
    EXPECT_DOUBLE_EQ(plan["changes"][0]["points_per_day"]["delta"].get<double>(), -2.70);  // the double billing ends

    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "STOPPED"}, {k_new, "ACTIVE"}}));
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(Lifecycle, ACreateThatFailsNeverStopsTheOldUnit) {
    write("customers/acme.yaml", customer_with(k_swap));
    post("/__emulator/counters/reset", json::object());
    post("/__emulator/faults",
         {{"endpoint", "entitlements/hardware/create"}, {"kind", "http"}, {"httpStatus", 400}, {"count", 1}});
    const auto failed = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "ACTIVE"}}));
    EXPECT_EQ(calls_to("entitlements/stop"), 0);
    const auto rerun = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "STOPPED"}, {k_new, "ACTIVE"}}));
}

TEST_F(Lifecycle, DecommissionRemovesTheOldUnitAfterStoppingIt) {
    write("customers/acme.yaml", customer_with(std::string("[{serial: ") + k_new + ", replaces: " + k_old +
                                               ", decommission: true}]"));
    const auto text = flexform({"plan", "customers"});
    EXPECT_NE(text.out.find(std::string("replaces ") + k_old + ": entitle " + k_new + ", then stop " + k_old +
                            ", then remove " + k_old + " from FortiFlex (decommission)"),
              std::string::npos)
        << text.out;
    post("/__emulator/counters/reset", json::object());
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_EQ(calls_to("entitlements/hardware/remove"), 1);
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "STOPPED"}, {k_new, "ACTIVE"}}));
    for (const auto& e : entitlements_of(700001)) {  // removed: FortiFlex no longer lists it
        EXPECT_EQ(e.value("removed", false), e["serialNumber"] == k_old) << e.dump();
    }
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
    EXPECT_EQ(flexform({"drift", "customers"}).exit_code, 0);
}

TEST_F(Lifecycle, ExtendingAContractIsOneDateEditThatReplansEveryEntitlementItCovers) {
    const std::string serials = std::string("[") + k_old + ", FGT60FTK20000002, {serial: FGT60FTK20000003, endDate: " +
                                "2027-03-31}]";
    write("customers/acme.yaml", customer_with(serials, "      endDate: 2027-06-30\n"));
    const json first = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    std::map<std::string, std::string> planned;  // action address -> end date
    for (const auto& c : first["changes"]) {
        planned[c["action"].get<std::string>() + " " + c["address"].get<std::string>()] = c["after"]["end_date"];
    }
    EXPECT_EQ(planned, (std::map<std::string, std::string>{
                           {std::string("update_entitlement acme/acme-fgt/") + k_old, "2027-06-30"},
                           {"create_entitlements acme/acme-fgt", "2027-06-30"},
                           {"create_entitlements acme/acme-fgt/FGT60FTK20000003", "2027-03-31"}}));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);

    write("customers/acme.yaml", customer_with(serials, "      endDate: 2027-09-30\n"));
    const json extended = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    std::set<std::string> updated;
    for (const auto& c : extended["changes"]) {
        EXPECT_EQ(c["action"], "update_entitlement");
        EXPECT_EQ(c["after"]["end_date"], "2027-09-30");
        updated.insert(c["serial_number"].get<std::string>());
    }
    EXPECT_EQ(updated, (std::set<std::string>{k_old, "FGT60FTK20000002"}));  // the serial with its own date stays
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    std::map<std::string, std::string> ends;
    for (const auto& e : entitlements_of(700001)) {
        ends[e["serialNumber"].get<std::string>()] = e["endDate"].get<std::string>().substr(0, 10);
    }
    EXPECT_EQ(ends, (std::map<std::string, std::string>{
                        {k_old, "2027-09-30"}, {"FGT60FTK20000002", "2027-09-30"}, {"FGT60FTK20000003", "2027-03-31"}}));
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(Lifecycle, EntitlementsEndingWithinTheWindowAreFindingsAtItsBoundary) {
    // Today is 2026-11-20: 29, 30 and 31 days ahead.
    write("customers/acme.yaml",
          customer_with(std::string("[{serial: ") + k_old + ", endDate: 2026-12-19}, {serial: FGT60FTK20000002, " +
                        "endDate: 2026-12-20}, {serial: FGT60FTK20000003, endDate: 2026-12-21}]"));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);

    const auto drift = flexform({"drift", "customers", "--format", "json"});
    EXPECT_EQ(drift.exit_code, 2) << drift.out;
    std::map<std::string, int> days_left;
    const json findings = json::parse(drift.out);  // alive while iterated
    for (const auto& item : findings["items"]) {
        EXPECT_EQ(item["kind"], "entitlement_ending");
        days_left[item["address"].get<std::string>()] = item["days_left"].get<int>();
    }
    EXPECT_EQ(days_left, (std::map<std::string, int>{{std::string("acme/acme-fgt/") + k_old, 29},
                                                     {"acme/acme-fgt/FGT60FTK20000002", 30}}));
    const auto text = flexform({"drift", "customers"});
    EXPECT_NE(text.out.find("entitlement FGT60FTK20000002 (acme/acme-fgt) ends in 30 days, on 2026-12-20\n    apply "
                            "would: nothing: extend its endDate in git to keep it running (apply then updates it)"),
              std::string::npos)
        << text.out;
    EXPECT_EQ(json::parse(flexform({"drift", "customers", "--format", "json", "--ending-within", "31"}).out)["items"]
                  .size(),
              3u);
    EXPECT_EQ(flexform({"drift", "customers", "--ending-within", "28"}).exit_code, 0);

    // A day later the 31-day one is at the boundary too.
    next_day("2026-11-21");
    const json program = json::parse(flexform({"program", "customers", "--format", "json"}).out);
    EXPECT_EQ(program["ending"]["within_days"], 30);
    std::map<std::string, int> in_program;
    for (const auto& e : program["ending"]["entitlements"]) {
        EXPECT_EQ(e["customer"], "acme");
        in_program[e["serial_number"].get<std::string>()] = e["days_left"].get<int>();
    }
    EXPECT_EQ(in_program, (std::map<std::string, int>{{k_old, 28}, {"FGT60FTK20000002", 29}, {"FGT60FTK20000003", 30}}));
    const auto program_text = flexform({"program", "customers", "--ending-within", "29"});
    EXPECT_NE(program_text.out.find("entitlement FGT60FTK20000002 (acme/acme-fgt) ends in 29 days, on 2026-12-20"),
              std::string::npos)
        << program_text.out;
    EXPECT_EQ(program_text.out.find("FGT60FTK20000003"), std::string::npos) << program_text.out;

    const auto site = flexform({"dashboard", "--out", (m_dir / "site").string(), "customers"});
    ASSERT_EQ(site.exit_code, 0) << site.err;
    std::ifstream index(m_dir / "site" / "index.html");
    const std::string html((std::istreambuf_iterator<char>(index)), std::istreambuf_iterator<char>());
    EXPECT_NE(html.find("entitlement FGT60FTK20000003 (acme/acme-fgt) ends in 30 days, on 2026-12-21"),
              std::string::npos);
}

TEST_F(Lifecycle, ASwapBackOntoTheStoppedOldUnitConvergesInOneApply) {
    write("customers/acme.yaml", customer_with(k_swap));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    write("customers/acme.yaml", customer_with(std::string("[{serial: ") + k_old + ", replaces: " + k_new + "}]"));
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    EXPECT_EQ(statuses(), (std::map<std::string, std::string>{{k_old, "ACTIVE"}, {k_new, "STOPPED"}}));
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(Lifecycle, AReplacedUnitOfAnotherAccountIsRefusedByThePlanAtItsLine) {
    const json other =
        post("/__emulator/portal/configs/create",
             {{"programSerialNumber", k_program},
              {"accountId", 700002},
              {"name", "other-fgt"},
              {"productTypeId", 101},
              {"parameters", json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWUTP"}}})}});
    const std::int64_t other_config = other["configs"]["id"].get<std::int64_t>();
    post("/__emulator/portal/entitlements/hardware/create",
         {{"configId", other_config}, {"serialNumbers", {"FGT60FTK20000077"}}, {"endDate", "2027-06-01"}});
    write("customers/acme.yaml",
          customer_with(std::string("[") + k_old + ", {serial: " + k_new + ", replaces: FGT60FTK20000077}]"));
    post("/__emulator/counters/reset", json::object());
    const auto planned = flexform({"apply", "customers", "--auto-approve"});
    EXPECT_EQ(planned.exit_code, 1) << planned.out << planned.err;
    EXPECT_NE((planned.out + planned.err).find("(customers/acme.yaml:9)"), std::string::npos)
        << planned.out << planned.err;
    EXPECT_NE((planned.out + planned.err)
                  .find(std::string(k_new) + " replaces FGT60FTK20000077, which is entitled in account 700002, not in "
                                             "account 700001 of customer acme"),
              std::string::npos)
        << planned.out << planned.err;
    EXPECT_EQ(writes(), 0);
}

// A removed unit is in no list, and FortiFlex never entitles it again: declared again (plainly, or as a swap back),
// the plan refuses it at its line before any write, instead of a create that fails at every apply.
TEST_F(Lifecycle, DeclaringADecommissionedUnitAgainIsAnErrorAtItsLineWithNoWrites) {
    write("customers/acme.yaml", customer_with(std::string("[{serial: ") + k_new + ", replaces: " + k_old +
                                               ", decommission: true}]"));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    const std::string refusal = std::string("acme/acme-fgt/") + k_old + ": serial " + k_old +
                                " was decommissioned: flexform removed it from FortiFlex at ";
    const std::string advice =
        ", and FortiFlex never entitles a removed unit again; take it out of the manifest (customers/acme.yaml:9)";
    for (const std::string& serials : {std::string("[") + k_new + ", " + k_old + "]",
                                       std::string("[{serial: ") + k_old + ", replaces: " + k_new + "}]"}) {
        write("customers/acme.yaml", customer_with(serials));
        post("/__emulator/counters/reset", json::object());
        const auto planned = flexform({"plan", "customers"});
        EXPECT_EQ(planned.exit_code, 1) << serials << "\n" << planned.out << planned.err;
        EXPECT_NE(planned.out.find(refusal), std::string::npos) << planned.out;
        EXPECT_NE(planned.out.find(advice), std::string::npos) << planned.out;
        const auto applied = flexform({"apply", "customers", "--auto-approve"});
        EXPECT_EQ(applied.exit_code, 1) << applied.out << applied.err;
        EXPECT_EQ(writes(), 0) << applied.out;
        EXPECT_EQ(calls_to("entitlements/hardware/create"), 0);  // no refused create spends the allowance
    }
    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    ASSERT_EQ(plan["diagnostics"].size(), 1u) << plan.dump(2);
    EXPECT_EQ(plan["diagnostics"][0]["code"], "serial_decommissioned");
}

TEST_F(Lifecycle, AnEndDateDeclaredWhileSuspendedIsNoDriftAndIsAppliedWithTheReactivation) {
    const auto suspended = [](std::string yaml) {
        return yaml.replace(yaml.find("spec:\n"), 6, "spec:\n  state: suspended\n");
    };
    const std::string serials = std::string("[") + k_old + "]";
    write("customers/acme.yaml", suspended(customer_with(serials)));
    ASSERT_EQ(flexform({"apply", "customers", "--auto-approve"}).exit_code, 0);
    write("customers/acme.yaml", suspended(customer_with(serials, "      endDate: 2027-05-01\n")));
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 0) << drift.out;

    write("customers/acme.yaml", customer_with(serials, "      endDate: 2027-05-01\n"));
    const json plan = json::parse(flexform({"plan", "customers", "--format", "json"}).out);
    ASSERT_EQ(plan["changes"].size(), 1u) << plan.dump(2);
    EXPECT_EQ(plan["changes"][0]["action"], "reactivate");
    const auto applied = flexform({"apply", "customers", "--auto-approve"});
    ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;
    const auto live = entitlements_of(700001);
    ASSERT_EQ(live.size(), 1u);
    EXPECT_EQ(live[0]["status"], "ACTIVE");
    EXPECT_EQ(live[0]["endDate"].get<std::string>().substr(0, 10), "2027-05-01");
    EXPECT_EQ(flexform({"plan", "customers", "--detailed-exitcode"}).exit_code, 0);
}

TEST_F(Lifecycle, AnUnmanagedConfigDisabledByPruneIsNoLongerDrift) {
    const json created =
        post("/__emulator/portal/configs/create",
             {{"programSerialNumber", k_program},
              {"accountId", 700001},
              {"name", "acme-unmanaged"},
              {"productTypeId", 101},
              {"parameters", json::array({{{"id", 27}, {"value", "FGT60F"}}, {{"id", 28}, {"value", "FGHWENT"}}})}});
    post("/__emulator/portal/entitlements/hardware/create",
         {{"configId", created["configs"]["id"]}, {"serialNumbers", {"FGT60FTK20000077"}}, {"endDate", "2027-06-01"}});
    EXPECT_EQ(flexform({"drift", "customers"}).exit_code, 2);
    const auto pruned = flexform({"apply", "customers", "--prune", "--auto-approve"});
    ASSERT_EQ(pruned.exit_code, 0) << pruned.out << pruned.err;
    const auto drift = flexform({"drift", "customers"});
    EXPECT_EQ(drift.exit_code, 0) << drift.out;
    EXPECT_EQ(flexform({"plan", "customers", "--prune", "--detailed-exitcode"}).exit_code, 0);
}

}  // namespace
}  // namespace flexform::e2e
