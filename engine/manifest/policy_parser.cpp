// spec.budget and spec.overrides of a Customer, spec.policies and spec.overrides of the Project.
#include <cmath>
#include <cstdlib>

#include "engine/manifest/customer_parser.h"
#include "engine/manifest/suggest.h"

namespace flexform {

namespace {

constexpr long long k_max_limit_text = 1'000'000'000'000;
constexpr double k_max_limit = static_cast<double>(k_max_limit_text);

std::optional<double> number(NodeReader& reader, const YAML::Node& map, std::string_view key, const std::string& path) {
    const YAML::Node node = NodeReader::child(map, key);
    const auto text = reader.text(map, key, path, false);
    if (!text) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || value < 0 || value != value) {
        reader.error(node, join_path(path, key), quoted_excerpt(*text) + " is not a number of zero or more");
        return std::nullopt;
    }
    // strtod reads "inf" and "1e400" as infinity: a limit no plan can reach is no limit.
    if (!std::isfinite(value) || value > k_max_limit) {
        reader.error(node, join_path(path, key),
                     quoted_excerpt(*text) + " is too large (at most " + std::to_string(k_max_limit_text) + ")");
        return std::nullopt;
    }
    return value;
}

std::optional<Enforcement> enforcement(NodeReader& reader, const YAML::Node& map, const std::string& path) {
    const auto text = reader.text(map, "action", path, false);
    if (!text) {
        return Enforcement::block;
    }
    if (const auto action = parse_enforcement(*text)) {
        return action;
    }
    reader.error(
        NodeReader::child(map, "action"), join_path(path, "action"),
        quoted_excerpt(*text) + " is not allowed" + did_you_mean(*text, {"warn", "block"}) + " (allowed: warn, block)");
    return std::nullopt;
}

// `name: 100` (blocks) or `name: {limit: 100, action: warn}`.
std::optional<Limit> limit(NodeReader& reader, const YAML::Node& policies, std::string_view key,
                           const std::string& path, std::optional<double> maximum) {
    const YAML::Node node = NodeReader::child(policies, key);
    if (!NodeReader::present(node)) {
        return std::nullopt;
    }
    const std::string field = join_path(path, key);
    Limit out;
    out.pos = reader.pos(node);
    std::optional<double> value;
    if (node.IsMap()) {
        if (!reader.check_map(node, field, {"limit", "action"})) {
            return std::nullopt;
        }
        value = number(reader, node, "limit", field);
        if (!NodeReader::present(NodeReader::child(node, "limit"))) {
            reader.error(node, join_path(field, "limit"), "required key is missing");
        }
        const auto action = enforcement(reader, node, field);
        if (!action) {
            return std::nullopt;
        }
        out.action = *action;
    } else {
        value = number(reader, policies, key, path);
    }
    if (!value) {
        return std::nullopt;
    }
    if (maximum && *value > *maximum) {
        reader.error(node, field, "a share is between 0 and 1 (0.25 is a quarter); got " + std::to_string(*value));
        return std::nullopt;
    }
    out.value = *value;
    return out;
}

std::vector<std::string> names_of(const PolicyRule* begin, const PolicyRule* end) {
    std::vector<std::string> out;
    for (auto it = begin; it != end; ++it) {
        out.emplace_back(to_string(*it));
    }
    return out;
}

}  // namespace

std::optional<Budget> parse_budget(const YAML::Node& spec, NodeReader& reader) {
    const YAML::Node node = NodeReader::child(spec, "budget");
    if (!NodeReader::present(node)) {
        return std::nullopt;
    }
    const std::string path = "spec.budget";
    if (!reader.check_map(node, path, {"perDay", "perMonth", "action"})) {
        return std::nullopt;
    }
    Budget budget;
    budget.pos = reader.pos(node);
    budget.per_day = number(reader, node, "perDay", path);
    budget.per_month = number(reader, node, "perMonth", path);
    const auto action = enforcement(reader, node, path);
    if (!action) {
        return std::nullopt;
    }
    budget.action = *action;
    if (!NodeReader::present(NodeReader::child(node, "perDay")) &&
        !NodeReader::present(NodeReader::child(node, "perMonth"))) {
        reader.error(node, path, "a budget needs perDay or perMonth (points the customer may cost)");
        return std::nullopt;
    }
    return budget;
}

ProgramPolicies parse_policies(const YAML::Node& spec, NodeReader& reader, const std::string& prefix) {
    ProgramPolicies out;
    const YAML::Node node = NodeReader::child(spec, "policies");
    if (!NodeReader::present(node)) {
        return out;
    }
    const std::string path = prefix + ".policies";
    if (!reader.check_map(node, path, names_of(std::begin(k_program_rules), std::end(k_program_rules)))) {
        return out;
    }
    out.max_increase_per_day = limit(reader, node, "maxIncreasePerDay", path, std::nullopt);
    out.max_commitment_share = limit(reader, node, "maxCommitmentShare", path, 1.0);
    out.max_balance_share = limit(reader, node, "maxBalanceShare", path, 1.0);
    out.min_runway_days = limit(reader, node, "minRunwayDays", path, std::nullopt);
    return out;
}

// A customer's `rule: budget` waives both of its budget rules, perDay and perMonth, with one reason and expiry.
constexpr std::string_view k_whole_budget = "budget";

std::vector<Waiver> parse_waivers(const YAML::Node& spec, NodeReader& reader, bool program, const Date& today,
                                  const std::string& prefix) {
    std::vector<Waiver> out;
    const YAML::Node node = NodeReader::child(spec, "overrides");
    if (!NodeReader::present(node)) {
        return out;
    }
    if (!node.IsSequence()) {
        reader.error(node, prefix + ".overrides", "expected a list, got " + describe_node(node));
        return out;
    }
    std::vector<std::string> rules = program ? names_of(std::begin(k_program_rules), std::end(k_program_rules))
                                             : names_of(std::begin(k_customer_rules), std::end(k_customer_rules));
    if (!program) {
        rules.insert(rules.begin(), std::string(k_whole_budget));  // perDay and perMonth alike
    }
    std::size_t index = 0;
    for (const auto& item : node) {
        const std::string path = index_path(prefix + ".overrides", index++);
        if (!reader.check_map(item, path, {"rule", "reason", "expires"})) {
            continue;
        }
        Waiver w;
        w.pos = reader.pos(item);
        const auto rule = reader.text(item, "rule", path, true);
        const auto reason = reader.plain_text(item, "reason", path, true, k_max_description_length);
        const auto expires = reader.text(item, "expires", path, true);
        if (!rule || !reason || !expires) {
            continue;
        }
        if (std::find(rules.begin(), rules.end(), *rule) == rules.end()) {
            std::string allowed;
            for (const auto& r : rules) {
                allowed += (allowed.empty() ? "" : ", ") + r;
            }
            reader.error(NodeReader::child(item, "rule"), join_path(path, "rule"),
                         quoted_excerpt(*rule) + " is not a rule " + (program ? "of flexform.yaml" : "of a customer") +
                             did_you_mean(*rule, rules) + " (rules: " + allowed + ")");
            continue;
        }
        const auto date = parse_date(*expires);
        if (!date || expires->size() != 10) {
            reader.error(NodeReader::child(item, "expires"), join_path(path, "expires"),
                         quoted_excerpt(*expires) + " is not a date (YYYY-MM-DD)");
            continue;
        }
        if (reason->find_first_not_of(" \t") == std::string::npos) {
            reader.error(NodeReader::child(item, "reason"), join_path(path, "reason"), "say why the rule is waived");
            continue;
        }
        if (*date < today) {
            reader.warning(NodeReader::child(item, "expires"), join_path(path, "expires"),
                           "expired on " + *expires + ": " + *rule + " applies again");
        }
        w.reason = *reason;
        w.expires = *date;
        if (*rule == k_whole_budget) {
            w.whole_budget = true;
            for (const PolicyRule r : k_customer_rules) {
                w.rule = r;
                out.push_back(w);
            }
            continue;
        }
        w.rule = *parse_policy_rule(*rule);  // one of `rules`, checked above
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace flexform
