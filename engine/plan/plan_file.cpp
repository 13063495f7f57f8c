#include "engine/plan/plan_file.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "engine/model/parameters_json.h"
#include "engine/plan/digest.h"
#include "engine/plan/offer_figures.h"

namespace flexform {

using nlohmann::json;

namespace {

// "[json.exception.out_of_range.403] key 'changes' not found" -> "key 'changes' not found": the reader needs the key.
std::string without_library_tag(const std::string& message) {
    const auto tag_end = message.rfind('[', 0) == 0 ? message.find("] ") : std::string::npos;
    return tag_end == std::string::npos ? message : message.substr(tag_end + 2);
}

template <typename T>
std::optional<T> optional_field(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return std::nullopt;
    }
    return it->get<T>();
}

Snapshot snapshot_from(const json& j, const ProductType* product, ChangeKind kind) {
    Snapshot s;
    if (!j.is_object()) {
        throw PlanFileError("a snapshot must be an object");
    }
    s.name = optional_field<std::string>(j, "name");
    if (j.contains("parameters")) {
        if (!product) {
            throw PlanFileError("parameters of an unknown product type");
        }
        try {
            s.parameters = parameters_from_keyed_json(*product, j.at("parameters"));
        } catch (const std::invalid_argument& e) {
            throw PlanFileError(e.what());
        }
    }
    if (const auto status = optional_field<std::string>(j, "status")) {
        if (kind == ChangeKind::config) {
            s.config_status = parse_config_status(*status);
            if (!s.config_status) {
                throw PlanFileError("unknown configuration status \"" + *status + "\"");
            }
        } else {
            s.status = parse_entitlement_status(*status);
        }
    }
    s.account_id = optional_field<std::int64_t>(j, "account_id");
    s.config = optional_field<std::string>(j, "config");
    s.serials = optional_field<std::vector<std::string>>(j, "serials");
    s.descriptions = optional_field<std::map<std::string, std::string>>(j, "descriptions");
    s.count = optional_field<int>(j, "count");
    s.description = optional_field<std::string>(j, "description");
    s.folder_path = optional_field<std::string>(j, "folder_path");
    s.skip_pending = optional_field<bool>(j, "skip_pending");
    if (const auto end = optional_field<std::string>(j, "end_date")) {
        s.end_date = parse_date(*end);
        if (!s.end_date) {
            throw PlanFileError("end_date \"" + *end + "\" is not a date");
        }
    }
    return s;
}

Change change_from(const json& j, const Catalog& catalog) {
    Change c;
    c.address = j.at("address").get<std::string>();
    const std::string kind = j.at("kind").get<std::string>();
    const auto change_kind = parse_change_kind(kind);
    if (!change_kind) {
        throw PlanFileError("unknown change kind \"" + kind + "\"");
    }
    c.kind = *change_kind;
    const auto action = parse_action(j.at("action").get<std::string>());
    if (!action) {
        throw PlanFileError("unknown action " + j.at("action").dump());
    }
    c.action = *action;
    const json& reason = j.at("reason");
    const auto code = parse_reason_code(reason.at("code").get<std::string>());
    if (!code) {
        throw PlanFileError("unknown reason code " + reason.at("code").dump());
    }
    c.reason.code = *code;
    c.reason.from_count = reason.value("from_count", 0);
    c.reason.to_count = reason.value("to_count", 0);
    c.reason.from = reason.value("from", "");
    c.customer = j.at("customer").get<std::string>();
    c.account_id = j.at("account_id").get<std::int64_t>();
    c.config_name = j.at("config_name").get<std::string>();
    c.config_id = optional_field<std::int64_t>(j, "config_id");
    c.product_id = j.at("product_type_id").get<int>();
    c.serial = optional_field<std::string>(j, "serial_number");
    c.target_config_id = optional_field<std::int64_t>(j, "target_config_id");
    const ProductType* product = catalog.find_by_id(c.product_id);
    c.before = snapshot_from(j.at("before"), product, c.kind);
    c.after = snapshot_from(j.at("after"), product, c.kind);
    c.points.before = j.at("points_per_day").at("before").get<double>();
    c.points.after = j.at("points_per_day").at("after").get<double>();
    if (const auto it = j.find("reprice"); it != j.end()) {
        c.reprice.entitlements = it->at("entitlements").get<int>();
        c.reprice.per_device_before = it->at("per_device_before").get<double>();
        c.reprice.per_device_after = it->at("per_device_after").get<double>();
    }
    c.metered = j.value("metered", false);
    c.becomes_billable = j.value("becomes_billable", 0);
    c.offer = j.value("offer", "");
    if (const auto it = j.find("waiting_to_settle"); it != j.end()) {
        c.waiting = SettleWait{it->at("until").get<std::string>(), it->at("sent_at").get<std::string>()};
    }
    if (const auto it = j.find("swap"); it != j.end()) {
        c.swap = Swap{it->at("replaces").get<std::string>(), it->at("entitle").get<bool>(), it->at("stop").get<bool>(),
                      it->at("decommission").get<bool>()};
    }
    return c;
}

PlanDiagnostic diagnostic_from(const json& d) {
    PlanDiagnostic out;
    out.severity = parse_severity(d.at("severity").get<std::string>()).value_or(Severity::warning);
    const auto code = parse_diagnostic_code(d.at("code").get<std::string>());
    if (!code) {
        throw PlanFileError("unknown diagnostic code " + d.at("code").dump());
    }
    out.code = *code;
    out.address = d.at("address").get<std::string>();
    out.message = d.at("message").get<std::string>();
    if (d.contains("file")) {
        out.source = SourcePos{d.at("file").get<std::string>(), d.value("line", 0), d.value("column", 0)};
    }
    return out;
}

void read_cost(const json& cost, Plan& plan, const Catalog& catalog) {
    plan.cost.per_day_before = cost.at("per_day_before").get<double>();
    plan.cost.per_day_after = cost.at("per_day_after").get<double>();
    plan.cost.other_accounts_per_day = cost.value("other_accounts_per_day", 0.0);
    plan.cost.totals_complete = cost.value("totals_complete", true);
    if (const auto never_used = cost.find("never_used"); never_used != cost.end()) {
        plan.cost.never_used_before = never_used->value("before", 0);
        plan.cost.never_used_per_day_before = never_used->value("per_day_before", 0.0);
        plan.cost.never_used_after = never_used->value("after", 0);
        plan.cost.never_used_per_day_after = never_used->value("per_day_after", 0.0);
    }
    for (const auto& c : cost.at("by_customer")) {
        plan.cost.by_customer.push_back({c.at("customer").get<std::string>(), c.at("account_id").get<std::int64_t>(),
                                         c.at("per_day_before").get<double>(), c.at("per_day_after").get<double>()});
    }
    plan.cost.prepaid_balance = optional_field<std::int64_t>(cost, "prepaid_balance");
    plan.cost.yearly_commitment = optional_field<double>(cost, "yearly_commitment");
    for (const auto& p : cost.value("price_changes", json::array())) {
        PriceChange change;
        change.product_id = p.at("product_type_id").get<int>();
        if (const ProductType* product = catalog.find_by_id(change.product_id)) {
            change.parameters = parameters_from_keyed_json(*product, p.at("parameters"));
        }
        change.current = p.at("current").get<double>();
        change.latest = p.at("latest").get<double>();
        change.effective = parse_date(p.at("effective").get<std::string>()).value_or(Date{});
        plan.cost.price_changes.push_back(change);
    }
}

PolicyFigures figures_from(const json& j) {
    PolicyFigures f;
    f.before = j.at("before").get<double>();
    f.added = j.at("added").get<double>();
    f.base = j.at("base").get<double>();
    f.worsens = j.at("worsens").get<bool>();
    f.unbounded = j.at("unbounded").get<bool>();
    if (const auto missing = optional_field<std::string>(j, "missing")) {
        f.missing = parse_missing_figure(*missing);
        if (!f.missing) {
            throw PlanFileError("unknown missing figure \"" + *missing + "\"");
        }
    }
    return f;
}

// The unit and detail are words for people, phrased again from the rule and its figures; a file without figures
// (written before they were kept) keeps its detail as written.
PolicyResult policy_from(const json& j) {
    PolicyResult p;
    const auto rule = parse_policy_rule(j.at("rule").get<std::string>());
    if (!rule) {
        throw PlanFileError("unknown policy rule " + j.at("rule").dump());
    }
    p.rule = *rule;
    p.subject = j.at("subject").get<std::string>();
    const auto status = parse_policy_status(j.at("status").get<std::string>());
    if (!status) {
        throw PlanFileError("unknown policy status \"" + j.at("status").get<std::string>() + "\"");
    }
    p.status = *status;
    p.action = parse_enforcement(j.at("action").get<std::string>()).value_or(Enforcement::block);
    p.limit = j.at("limit").get<double>();
    if (!j.at("value").is_null()) {
        p.value = j.at("value").get<double>();
    }
    if (const auto it = j.find("figures"); it != j.end()) {
        p.figures = figures_from(*it);
    } else {
        p.phrased_detail = j.value("detail", "");
    }
    if (j.contains("waiver") && !j["waiver"].is_null()) {
        Waiver w;
        w.rule = p.rule;
        w.reason = j["waiver"].at("reason").get<std::string>();
        w.expires = parse_date(j["waiver"].at("expires").get<std::string>()).value_or(Date{});
        w.whole_budget = j["waiver"].value("rule", "") == "budget";
        p.waiver = w;
    }
    return p;
}

double cents(double value) {
    return std::round(value * 100.0) / 100.0;
}

std::string text_of(const json& value) {
    return value.dump();
}

std::string stated_at(const json& j, const char* key) {
    const auto it = j.find(key);
    return it == j.end() ? std::string("(absent)") : it->dump();
}

// The paths derived_figures gives, read from the file as written.
StatedFigures stated_from(const json& j) {
    StatedFigures out;
    out["applyable"] = stated_at(j, "applyable");
    out["summary"] = stated_at(j, "summary");
    const json& cost = j.at("cost");
    for (const char* key : {"delta_per_day", "delta_per_month", "delta_per_year", "month_days", "runway_days_before",
                            "runway_days_after", "annual_run_rate_after", "commitment_share_after",
                            "becomes_billable"}) {
        out[std::string("cost.") + key] = stated_at(cost, key);
    }
    const json& by_customer = cost.at("by_customer");
    for (std::size_t i = 0; i < by_customer.size(); ++i) {
        const std::string at = "cost.by_customer[" + std::to_string(i) + "].";
        for (const char* key : {"changes", "delta_per_day", "delta_per_month"}) {
            out[at + key] = stated_at(by_customer[i], key);
        }
    }
    if (const auto offers = j.find("offers"); offers != j.end() && offers->is_array()) {
        for (std::size_t i = 0; i < offers->size(); ++i) {
            const std::string at = "offers[" + std::to_string(i) + "].";
            for (const char* key : {"offer", "configurations", "accounts", "devices", "delta_per_day", "changes"}) {
                out[at + key] = stated_at((*offers)[i], key);
            }
        }
    }
    const json& changes = j.at("changes");
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const std::string at = "changes[" + std::to_string(i) + "].";
        out[at + "product"] = stated_at(changes[i], "product");
        out[at + "points_per_day.delta"] = stated_at(changes[i].at("points_per_day"), "delta");
        if (const auto it = changes[i].find("reprice"); it != changes[i].end()) {
            out[at + "reprice.per_device_delta"] = stated_at(*it, "per_device_delta");
            out[at + "reprice.per_device_delta_percent"] = stated_at(*it, "per_device_delta_percent");
        }
    }
    return out;
}

json parse_plan_json(const std::string& text) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw PlanFileError(std::string("not a plan file (invalid JSON: ") + e.what() + ")");
    }
}

// What the signature covers: the document without it, keys sorted, no whitespace.
std::string canonical_content(json document) {
    document.erase("signature");
    return document.dump();
}

constexpr const char* k_signature_algorithm = "HMAC-SHA-256";

}  // namespace

std::string_view to_string(MissingFigure missing) {
    switch (missing) {
        case MissingFigure::yearly_commitment:
            return "yearly_commitment";
        case MissingFigure::prepaid_balance:
            return "prepaid_balance";
        case MissingFigure::program_totals:
            return "program_totals";
    }
    return "";
}

std::optional<MissingFigure> parse_missing_figure(std::string_view text) {
    for (const auto missing :
         {MissingFigure::yearly_commitment, MissingFigure::prepaid_balance, MissingFigure::program_totals}) {
        if (to_string(missing) == text) {
            return missing;
        }
    }
    return std::nullopt;
}

StatedFigures derived_figures(const Plan& plan, const Catalog& catalog) {
    StatedFigures out;
    out["applyable"] = text_of(plan.applyable());
    json summary = json::object();
    for (const auto& [action, count] : plan.summary()) {
        summary[std::string(to_string(action))] = count;
    }
    out["summary"] = text_of(summary);
    const Cost& cost = plan.cost;
    out["cost.delta_per_day"] = text_of(cents(cost.delta_per_day()));
    out["cost.delta_per_month"] = text_of(cents(cost.delta_per_month()));
    out["cost.delta_per_year"] = text_of(cents(cost.delta_per_year()));
    out["cost.month_days"] = text_of(30);
    const auto runway = [&cost](double per_day) {
        const auto days = cost.totals_complete ? cost.runway_days(per_day) : std::nullopt;
        return days ? json(cents(*days)) : json(nullptr);
    };
    out["cost.runway_days_before"] = text_of(runway(cost.per_day_before));
    out["cost.runway_days_after"] = text_of(runway(cost.per_day_after));
    const double annual = cost.per_day_after * 365.0;
    out["cost.annual_run_rate_after"] = text_of(cents(annual));
    out["cost.commitment_share_after"] =
        text_of(cost.yearly_commitment && *cost.yearly_commitment > 0
                    ? json(cents(annual / *cost.yearly_commitment * 100.0) / 100.0)
                    : json(nullptr));
    int becomes_billable = 0;
    std::map<std::string, int> changes_of;
    for (const auto& c : plan.changes) {
        becomes_billable += c.becomes_billable;
        ++changes_of[c.customer];
    }
    out["cost.becomes_billable"] = text_of(becomes_billable);
    for (std::size_t i = 0; i < cost.by_customer.size(); ++i) {
        const CustomerCost& c = cost.by_customer[i];
        const std::string at = "cost.by_customer[" + std::to_string(i) + "].";
        out[at + "changes"] = text_of(changes_of[c.customer]);
        out[at + "delta_per_day"] = text_of(cents(c.delta_per_day()));
        out[at + "delta_per_month"] = text_of(cents(c.delta_per_day() * 30.0));
    }
    const std::vector<OfferFigures> offers = offer_figures(plan);
    for (std::size_t i = 0; i < offers.size(); ++i) {
        const OfferFigures& o = offers[i];
        const std::string at = "offers[" + std::to_string(i) + "].";
        json addresses = json::array();
        for (const std::size_t k : o.changes) {
            addresses.push_back(plan.changes[k].address);
        }
        out[at + "offer"] = text_of(o.offer);
        out[at + "configurations"] = text_of(o.configurations);
        out[at + "accounts"] = text_of(o.accounts);
        out[at + "devices"] = text_of(o.devices);
        out[at + "delta_per_day"] = text_of(cents(o.delta_per_day));
        out[at + "changes"] = text_of(addresses);
    }
    for (std::size_t i = 0; i < plan.changes.size(); ++i) {
        const Change& c = plan.changes[i];
        const std::string at = "changes[" + std::to_string(i) + "].";
        const ProductType* product = catalog.find_by_id(c.product_id);
        out[at + "product"] = text_of(product ? json(product->code) : json(nullptr));
        out[at + "points_per_day.delta"] = text_of(cents(c.points.delta()));
        if (c.action == ActionKind::update_config || c.action == ActionKind::create_config ||
            c.action == ActionKind::create_entitlements) {
            const Reprice& r = c.reprice;
            const double delta = r.per_device_after - r.per_device_before;
            out[at + "reprice.per_device_delta"] = text_of(cents(delta));
            out[at + "reprice.per_device_delta_percent"] =
                text_of(r.per_device_before > 0 ? json(cents(delta / r.per_device_before * 100.0)) : json(nullptr));
        }
    }
    return out;
}

SignatureCheck check_signature(const std::string& text, const std::string& key) {
    const json document = parse_plan_json(text);
    const auto it = document.is_object() ? document.find("signature") : document.end();
    if (it == document.end() || it->is_null()) {
        return SignatureCheck::unsigned_plan;
    }
    if (key.empty()) {
        return SignatureCheck::no_key;
    }
    if (!it->is_object() || it->value("algorithm", "") != k_signature_algorithm || !it->contains("value") ||
        !it->at("value").is_string()) {
        return SignatureCheck::invalid;
    }
    const std::string expected = hmac_sha256_hex(key, canonical_content(document));
    return same_digest(expected, it->at("value").get<std::string>()) ? SignatureCheck::verified
                                                                      : SignatureCheck::invalid;
}

std::string signed_plan_text(const std::string& text, const std::string& key) {
    const std::string signature = hmac_sha256_hex(key, canonical_content(parse_plan_json(text)));
    // The signature goes last in the document as written: its closing brace becomes the signature's line, then it.
    const auto close = text.rfind('}');
    std::string body = text.substr(0, close);
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) {
        body.pop_back();
    }
    return body + ",\n  \"signature\": {\"algorithm\": \"" + k_signature_algorithm + "\", \"value\": \"" + signature +
           "\"}\n}\n";
}

Plan read_plan_text(const std::string& text, const Catalog& catalog) {
    return read_plan_file(text, catalog).plan;
}

std::vector<ProgramPlan> read_plan_sections(const std::string& text, const Catalog& catalog) {
    const json document = json::parse(text, nullptr, false);
    if (!document.is_object() || !document.contains("programs")) {
        return {{"", read_plan_text(text, catalog)}};
    }
    if (!document["programs"].is_array() || document["programs"].empty()) {
        throw PlanFileError("programs is not a list of sections");
    }
    std::vector<ProgramPlan> sections;
    for (const auto& section : document["programs"]) {
        if (!section.is_object() || !section.contains("program_name") || !section["program_name"].is_string()) {
            throw PlanFileError("a section of programs has no program_name");
        }
        sections.push_back({section["program_name"].get<std::string>(), read_plan_text(section.dump(), catalog)});
    }
    return sections;
}

PlanFile read_plan_file(const std::string& text, const Catalog& catalog) {
    const json j = parse_plan_json(text);
    if (!j.is_object() || !j.contains("format_version")) {
        throw PlanFileError("not a plan file (no format_version)");
    }
    try {
        Plan plan;
        plan.format_version = j.at("format_version").get<int>();
        if (plan.format_version < k_plan_format_version) {
            throw PlanFileError("plan format_version " + std::to_string(plan.format_version) +
                                " was written by an older flexform; re-plan with `flexform plan --out FILE`");
        }
        if (plan.format_version > k_plan_format_version) {
            throw PlanFileError("plan format_version " + std::to_string(plan.format_version) +
                                " is newer than this flexform understands (" + std::to_string(k_plan_format_version) +
                                "); upgrade flexform or re-plan");
        }
        plan.flexform_version = j.at("flexform_version").get<std::string>();
        plan.created_at = j.at("created_at").get<std::string>();
        plan.program_serial = j.at("program_serial_number").get<std::string>();
        plan.manifest_paths = j.at("manifest_paths").get<std::vector<std::string>>();
        plan.manifest_digest = j.at("manifest_digest").get<std::string>();
        plan.live_digest = j.at("live_digest").get<std::string>();
        const json& scope = j.at("scope");
        plan.scope.customers = scope.at("customers").get<std::vector<std::string>>();
        plan.scope.prune = scope.at("prune").get<bool>();
        plan.scope.changed_since = optional_field<std::string>(scope, "changed_since").value_or("");
        plan.base_ref = optional_field<std::string>(scope, "base").value_or("");
        plan.removed_customers = scope.value("removed_customers", std::vector<std::string>{});
        plan.unapplied_customers = scope.value("merged_not_applied", std::vector<std::string>{});
        plan.accounts = j.at("accounts").get<std::vector<std::int64_t>>();
        for (const auto& c : j.at("changes")) {
            plan.changes.push_back(change_from(c, catalog));
        }
        for (const auto& p : j.value("policies", json::array())) {
            plan.policies.push_back(policy_from(p));
        }
        for (const auto& d : j.at("diagnostics")) {
            plan.diagnostics.push_back(diagnostic_from(d));
        }
        read_cost(j.at("cost"), plan, catalog);
        PlanFile file{std::move(plan), stated_from(j), j.value("plan_digest", "")};
        return file;
    } catch (const json::exception& e) {
        throw PlanFileError("not a valid plan file: " + without_library_tag(e.what()));
    } catch (const std::invalid_argument& e) {
        throw PlanFileError(std::string("not a valid plan file: ") + e.what());
    }
}

}  // namespace flexform
