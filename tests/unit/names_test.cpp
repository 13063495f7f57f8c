// Each enum's one name table: every value has a name that reads back as that value, and unknown names are rejected.
#include "engine/model/names.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "engine/apply/applier.h"
#include "engine/catalog/catalog.h"
#include "engine/model/policy.h"
#include "engine/model/severity.h"
#include "engine/model/status.h"
#include "engine/plan/plan.h"
#include "engine/plan/policies.h"
#include "engine/report/consumption.h"
#include "engine/report/drift.h"

namespace flexform::testing {
namespace {

// Every value 0..last: named (distinctly), and its name parses back to it; a name nobody uses parses to nothing.
template <typename Enum, typename Parse>
void expect_round_trip(Enum last, Parse parse) {
    std::set<std::string> names;
    for (int i = 0; i <= static_cast<int>(last); ++i) {
        const auto value = static_cast<Enum>(i);
        const std::string name(to_string(value));
        EXPECT_FALSE(name.empty()) << "value " << i;
        EXPECT_TRUE(names.insert(name).second) << "\"" << name << "\" names two values";
        const auto back = parse(name);
        ASSERT_TRUE(back.has_value()) << name;
        EXPECT_EQ(*back, value) << name;
    }
    EXPECT_FALSE(parse("no-such-name").has_value());
    EXPECT_FALSE(parse("").has_value());
}

TEST(NameTables, EveryPlanNameReadsBack) {
    expect_round_trip(ActionKind::stop, parse_action);
    expect_round_trip(ActionKind::regenerate_token, parse_action);
    expect_round_trip(ChangeKind::entitlement, parse_change_kind);
    expect_round_trip(ReasonCode::declared_in_other_account, parse_reason_code);
    expect_round_trip(ReasonCode::duplicate_config, parse_reason_code);
    expect_round_trip(ReasonCode::token_requested, parse_reason_code);
    expect_round_trip(ReasonCode::moved_to_program, parse_reason_code);
    expect_round_trip(DiagnosticCode::account_unreadable, parse_diagnostic_code);
    expect_round_trip(DiagnosticCode::end_after_program, parse_diagnostic_code);
    expect_round_trip(DiagnosticCode::moving_to_program, parse_diagnostic_code);
    EXPECT_EQ(all_actions().size(), static_cast<std::size_t>(ActionKind::regenerate_token) + 1);
}

TEST(NameTables, EveryPolicyAndDriftNameReadsBack) {
    expect_round_trip(PolicyStatus::not_evaluated, parse_policy_status);
    expect_round_trip(PolicyRule::min_runway_days, parse_policy_rule);
    expect_round_trip(Enforcement::block, parse_enforcement);
    expect_round_trip(DriftKind::notice, parse_drift_kind);
    EXPECT_EQ(to_string(PolicyRule::min_runway_days), "minRunwayDays");
    EXPECT_EQ(to_string(PolicyRule::budget_per_day), "budget.perDay");
}

TEST(NameTables, EveryStatusNameReadsBack) {
    expect_round_trip(ConfigStatus::disabled, parse_config_status);
    expect_round_trip(Severity::warning, parse_severity);
    expect_round_trip(OutcomeStatus::not_attempted, parse_outcome_status);
    expect_round_trip(FailureKind::circuit_open, parse_failure_kind);
    expect_round_trip(ReportGrouping::day, [](const std::string& text) { return parse_grouping(text); });
    // The API's statuses: a word FortiFlex may add later is `other`, and `other` is never written as a known word.
    for (const auto s : {EntitlementStatus::pending, EntitlementStatus::active, EntitlementStatus::stopped,
                         EntitlementStatus::expired}) {
        EXPECT_EQ(parse_entitlement_status(to_string(s)), s);
    }
    EXPECT_EQ(parse_entitlement_status("GRACE_PERIOD"), EntitlementStatus::other);
    EXPECT_EQ(to_string(EntitlementStatus::other), "OTHER");
    for (const auto t : {TokenStatus::none, TokenStatus::not_used, TokenStatus::used}) {
        EXPECT_EQ(parse_token_status(to_string(t)), t);
    }
    EXPECT_EQ(parse_token_status("SOMETHING"), TokenStatus::none);
}

TEST(NameTables, CatalogNamesAreTheApiSpelling) {
    EXPECT_EQ(to_string(FormFactor::hardware), "hardware");
    EXPECT_EQ(to_string(ParameterType::single), "SINGLEVALUE");
    EXPECT_EQ(to_string(ParameterType::read_only), "READONLY");
}

enum class Colour { red, green, blue };
constexpr NameTable<Colour, 2> k_partial = {{{Colour::red, "red"}, {Colour::blue, "blue"}}};
constexpr NameTable<Colour, 3> k_twice = {{{Colour::red, "red"}, {Colour::blue, "blue"}, {Colour::red, "rouge"}}};
constexpr NameTable<Colour, 3> k_full = {{{Colour::blue, "blue"}, {Colour::red, "red"}, {Colour::green, "green"}}};

TEST(NameTables, AMissingRowIsCaughtAndNeverReadPast) {
    static_assert(!names_every_value(k_partial, 3));
    static_assert(!names_every_value(k_twice, 3));
    static_assert(names_every_value(k_full, 3));  // rows in any order
    EXPECT_EQ(name_in(k_partial, Colour::green, "?"), "?");
    EXPECT_EQ(name_in(k_partial, Colour::blue), "blue");
    EXPECT_EQ(value_in(k_partial, "blue"), Colour::blue);
    EXPECT_FALSE(value_in(k_partial, "green").has_value());
}

}  // namespace
}  // namespace flexform::testing
