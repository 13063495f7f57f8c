#include "engine/plan/plan_json.h"

#include <openssl/evp.h>

#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/model/parameters_json.h"

namespace flexform {

using nlohmann::json;

namespace {

double round2(double value) {
    return std::round(value * 100.0) / 100.0;
}

template <typename T>
json optional_json(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

json change_json(const Change& c) {
    json request = {{"product_type_id", c.product_id},
                    {"config_name", c.config_name},
                    {"parameters", parameters_to_json(c.parameters)},
                    {"serials", c.serials},
                    {"serial_descriptions", c.serial_descriptions},
                    {"count", c.count},
                    {"description", optional_json(c.description)},
                    {"folder_path", optional_json(c.folder_path)},
                    {"skip_pending", c.skip_pending},
                    {"end_date", c.end_date ? json(to_string(*c.end_date)) : json(nullptr)},
                    {"target_config_id", optional_json(c.target_config_id)},
                    {"target_config_address", c.target_config_address}};
    json cost = {{"before", round2(c.points.before)}, {"after", round2(c.points.after)}};
    json out = {{"address", c.address},
                {"kind", c.entitlement ? "entitlement" : "config"},
                {"action", std::string(to_string(c.action))},
                {"reason", c.reason},
                {"customer", c.customer},
                {"account_id", c.account_id},
                {"config_id", optional_json(c.config_id)},
                {"serial_number", optional_json(c.serial)},
                {"before", c.before},
                {"after", c.after},
                {"points_per_day", cost},
                {"metered", c.metered},
                {"request", request}};
    if (c.action == ActionKind::update_config) {
        const double per_device_delta = c.per_device_after - c.per_device_before;
        out["reprice"] = {
            {"entitlements", c.repriced},
            {"per_device_before", round2(c.per_device_before)},
            {"per_device_after", round2(c.per_device_after)},
            {"per_device_delta", round2(per_device_delta)},
            {"per_device_delta_percent",
             c.per_device_before > 0 ? json(round2(per_device_delta / c.per_device_before * 100.0)) : json(nullptr)}};
    }
    return out;
}

Change change_from(const json& j) {
    Change c;
    c.address = j.at("address").get<std::string>();
    c.entitlement = j.at("kind").get<std::string>() == "entitlement";
    const auto action = parse_action(j.at("action").get<std::string>());
    if (!action) {
        throw std::runtime_error("unknown action " + j.at("action").dump());
    }
    c.action = *action;
    c.reason = j.value("reason", "");
    c.customer = j.at("customer").get<std::string>();
    c.account_id = j.at("account_id").get<std::int64_t>();
    if (!j.at("config_id").is_null()) {
        c.config_id = j.at("config_id").get<std::int64_t>();
    }
    if (!j.at("serial_number").is_null()) {
        c.serial = j.at("serial_number").get<std::string>();
    }
    c.before = j.value("before", std::map<std::string, std::string>{});
    c.after = j.value("after", std::map<std::string, std::string>{});
    c.points.before = j.at("points_per_day").at("before").get<double>();
    c.points.after = j.at("points_per_day").at("after").get<double>();
    c.metered = j.value("metered", false);
    const json& r = j.at("request");
    c.product_id = r.at("product_type_id").get<int>();
    c.config_name = r.at("config_name").get<std::string>();
    c.parameters = parameters_from_json(r.at("parameters"));
    c.serials = r.at("serials").get<std::vector<std::string>>();
    c.serial_descriptions = r.value("serial_descriptions", std::map<std::string, std::string>{});
    c.count = r.at("count").get<int>();
    if (!r.at("description").is_null()) {
        c.description = r.at("description").get<std::string>();
    }
    if (!r.at("folder_path").is_null()) {
        c.folder_path = r.at("folder_path").get<std::string>();
    }
    c.skip_pending = r.at("skip_pending").get<bool>();
    if (!r.at("end_date").is_null()) {
        c.end_date = parse_date(r.at("end_date").get<std::string>());
    }
    if (!r.at("target_config_id").is_null()) {
        c.target_config_id = r.at("target_config_id").get<std::int64_t>();
    }
    c.target_config_address = r.value("target_config_address", "");
    if (j.contains("reprice")) {
        c.repriced = j["reprice"].at("entitlements").get<int>();
        c.per_device_before = j["reprice"].at("per_device_before").get<double>();
        c.per_device_after = j["reprice"].at("per_device_after").get<double>();
    }
    return c;
}

}  // namespace

std::string sha256_hex(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
    static const char k_hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += k_hex[digest[i] >> 4];
        out += k_hex[digest[i] & 15];
    }
    return out;
}

std::string manifest_digest(const DesiredState& desired) {
    json canonical = json::array();
    for (const auto& c : desired.customers) {
        json configs = json::array();
        for (const auto& config : c.configs) {
            json serials = json::array();
            for (const auto& s : config.serials) {
                serials.push_back({s.serial, s.description ? json(*s.description) : json(nullptr)});
            }
            configs.push_back(
                {config.name, config.id ? json(*config.id) : json(nullptr), config.product_id,
                 parameters_to_json(config.parameters), serials,
                 config.vms ? json{config.vms->count, config.vms->description.value_or(""),
                                   config.vms->folder_path.value_or(""), config.vms->skip_pending}
                            : json(nullptr),
                 config.cloud ? json{config.cloud->description.value_or(""), config.cloud->folder_path.value_or("")}
                              : json(nullptr),
                 config.end_date ? json(to_string(*config.end_date)) : json(nullptr)});
        }
        canonical.push_back({c.name, c.account_id, c.suspended, c.protect, configs});
    }
    return sha256_hex(canonical.dump());
}

std::string fingerprints_digest(const std::map<std::string, std::string>& fingerprints) {
    return sha256_hex(json(fingerprints).dump());
}

std::string plan_to_json_text(const Plan& plan) {
    json changes = json::array();
    for (const auto& c : plan.changes) {
        changes.push_back(change_json(c));
    }
    json diagnostics = json::array();
    for (const auto& d : plan.diagnostics) {
        diagnostics.push_back({{"severity", d.severity == Severity::error ? "error" : "warning"},
                               {"address", d.address},
                               {"message", d.message}});
    }
    json by_customer = json::array();
    for (const auto& c : plan.cost.by_customer) {
        by_customer.push_back({{"customer", c.customer},
                               {"account_id", c.account_id},
                               {"per_day_before", round2(c.per_day_before)},
                               {"per_day_after", round2(c.per_day_after)},
                               {"delta_per_day", round2(c.per_day_after - c.per_day_before)},
                               {"delta_per_month", round2((c.per_day_after - c.per_day_before) * 30.0)}});
    }
    const Cost& cost = plan.cost;
    json out = {
        {"format_version", plan.format_version},
        {"flexform_version", plan.flexform_version},
        {"created_at", plan.created_at},
        {"program_serial_number", plan.program_serial},
        {"manifest_digest", plan.manifest_digest},
        {"live_digest", plan.live_digest},
        {"accounts", plan.accounts},
        {"changes", changes},
        {"summary", plan.summary()},
        {"cost",
         {{"per_day_before", round2(cost.per_day_before)},
          {"per_day_after", round2(cost.per_day_after)},
          {"delta_per_day", round2(cost.delta_per_day())},
          {"delta_per_month", round2(cost.delta_per_month())},
          {"delta_per_year", round2(cost.delta_per_year())},
          {"month_days", 30},
          {"by_customer", by_customer},
          {"prepaid_balance", optional_json(cost.prepaid_balance)},
          {"runway_days_before", optional_json(cost.runway_days(cost.per_day_before))},
          {"runway_days_after", optional_json(cost.runway_days(cost.per_day_after))},
          {"yearly_commitment", optional_json(cost.yearly_commitment)},
          {"annual_run_rate_after", round2(cost.per_day_after * 365.0)},
          {"price_changes", cost.price_changes}}},
        {"diagnostics", diagnostics},
        {"applyable", plan.applyable()},
        {"fingerprints", plan.fingerprints},
    };
    return out.dump(2) + "\n";
}

Plan plan_from_json_text(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("not a plan file (invalid JSON: ") + e.what() + ")");
    }
    try {
        Plan plan;
        plan.format_version = j.at("format_version").get<int>();
        if (plan.format_version != k_plan_format_version) {
            throw std::runtime_error("plan format_version " + std::to_string(plan.format_version) +
                                     " is not supported (expected " + std::to_string(k_plan_format_version) + ")");
        }
        plan.flexform_version = j.at("flexform_version").get<std::string>();
        plan.created_at = j.at("created_at").get<std::string>();
        plan.program_serial = j.at("program_serial_number").get<std::string>();
        plan.manifest_digest = j.at("manifest_digest").get<std::string>();
        plan.live_digest = j.at("live_digest").get<std::string>();
        plan.accounts = j.at("accounts").get<std::vector<std::int64_t>>();
        for (const auto& c : j.at("changes")) {
            plan.changes.push_back(change_from(c));
        }
        for (const auto& d : j.at("diagnostics")) {
            plan.diagnostics.push_back({d.at("severity") == "error" ? Severity::error : Severity::warning,
                                        d.at("address").get<std::string>(), d.at("message").get<std::string>()});
        }
        const json& cost = j.at("cost");
        plan.cost.per_day_before = cost.at("per_day_before").get<double>();
        plan.cost.per_day_after = cost.at("per_day_after").get<double>();
        for (const auto& c : cost.at("by_customer")) {
            plan.cost.by_customer.push_back(
                {c.at("customer").get<std::string>(), c.at("account_id").get<std::int64_t>(),
                 c.at("per_day_before").get<double>(), c.at("per_day_after").get<double>()});
        }
        if (!cost.at("prepaid_balance").is_null()) {
            plan.cost.prepaid_balance = cost.at("prepaid_balance").get<std::int64_t>();
        }
        if (!cost.at("yearly_commitment").is_null()) {
            plan.cost.yearly_commitment = cost.at("yearly_commitment").get<double>();
        }
        plan.cost.price_changes = cost.value("price_changes", std::vector<std::string>{});
        plan.fingerprints = j.at("fingerprints").get<std::map<std::string, std::string>>();
        return plan;
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("not a valid plan file: ") + e.what());
    }
}

}  // namespace flexform
