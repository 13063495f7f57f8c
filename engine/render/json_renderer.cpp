// The plan as versioned JSON (schemas/plan.schema.json, format_version 2): what `plan --format json` prints and
// `plan --out` saves. Changes are written one at a time, so a plan of 10,000 customers never exists as one JSON
// tree in memory.
#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/model/parameters_json.h"
#include "engine/plan/digest.h"
#include "engine/plan/plan_file.h"
#include "engine/render/explain.h"
#include "engine/render/policy_words.h"
#include "engine/render/render.h"

namespace flexform {

using ojson = nlohmann::ordered_json;

namespace {

double round2(double value) {
    return std::round(value * 100.0) / 100.0;
}

template <typename T>
ojson optional_json(const std::optional<T>& value) {
    return value ? ojson(*value) : ojson(nullptr);
}

ojson snapshot_json(const Snapshot& s, const ProductType* product) {
    ojson out = ojson::object();
    if (s.name) {
        out["name"] = *s.name;
    }
    if (s.parameters) {
        out["parameters"] = product ? parameters_to_keyed_json(*product, *s.parameters) : ojson::object();
    }
    if (s.config_status) {
        out["status"] = std::string(to_string(*s.config_status));
    }
    if (s.status) {
        out["status"] = std::string(to_string(*s.status));
    }
    if (s.account_id) {
        out["account_id"] = *s.account_id;
    }
    if (s.config) {
        out["config"] = *s.config;
    }
    if (s.serials) {
        out["serials"] = *s.serials;
    }
    if (s.descriptions) {
        out["descriptions"] = *s.descriptions;
    }
    if (s.count) {
        out["count"] = *s.count;
    }
    if (s.description) {
        out["description"] = *s.description;
    }
    if (s.folder_path) {
        out["folder_path"] = *s.folder_path;
    }
    if (s.skip_pending) {
        out["skip_pending"] = *s.skip_pending;
    }
    if (s.end_date) {
        out["end_date"] = to_string(*s.end_date);
    }
    return out;
}

ojson reason_json(const Change& c, const Catalog& catalog) {
    ojson out = {{"code", std::string(to_string(c.reason.code))}};
    if (c.reason.code == ReasonCode::vm_count_raised || c.reason.code == ReasonCode::vm_count_lowered) {
        out["from_count"] = c.reason.from_count;
        out["to_count"] = c.reason.to_count;
    }
    if (!c.reason.from.empty()) {
        out["from"] = c.reason.from;
    }
    out["message"] = explain_reason(c, catalog);
    return out;
}

ojson change_json(const Change& c, const Catalog& catalog) {
    const ProductType* product = catalog.find_by_id(c.product_id);
    ojson out = {
        {"address", c.address},
        {"kind", std::string(to_string(c.kind))},
        {"action", std::string(to_string(c.action))},
        {"reason", reason_json(c, catalog)},
        {"customer", c.customer},
        {"account_id", c.account_id},
        {"config_name", c.config_name},
        {"config_id", optional_json(c.config_id)},
        {"product", product ? ojson(product->code) : ojson(nullptr)},
        {"product_type_id", c.product_id},
        {"serial_number", optional_json(c.serial)},
        {"target_config_id", optional_json(c.target_config_id)},
        {"before", snapshot_json(c.before, product)},
        {"after", snapshot_json(c.after, product)},
        {"points_per_day",
         {{"before", round2(c.points.before)}, {"after", round2(c.points.after)}, {"delta", round2(c.points.delta())}}},
        {"metered", c.metered},
        {"becomes_billable", c.becomes_billable}};
    if (!c.offer.empty()) {
        out["offer"] = c.offer;
    }
    if (c.action == ActionKind::update_config || c.action == ActionKind::create_config ||
        c.action == ActionKind::create_entitlements) {
        const Reprice& r = c.reprice;
        const double per_device_delta = r.per_device_after - r.per_device_before;
        out["reprice"] = {
            {"entitlements", r.entitlements},
            {"per_device_before", round2(r.per_device_before)},
            {"per_device_after", round2(r.per_device_after)},
            {"per_device_delta", round2(per_device_delta)},
            {"per_device_delta_percent",
             r.per_device_before > 0 ? ojson(round2(per_device_delta / r.per_device_before * 100.0)) : ojson(nullptr)}};
    }
    if (const std::string note = billing_note(c); !note.empty()) {
        out["billing_note"] = note;
    }
    if (c.swap) {
        out["swap"] = {{"replaces", c.swap->replaced},
                       {"entitle", c.swap->entitle},
                       {"stop", c.swap->stop},
                       {"decommission", c.swap->remove}};
    }
    if (c.waiting) {
        out["waiting_to_settle"] = {
            {"until", c.waiting->until}, {"sent_at", c.waiting->sent_at}, {"message", explain_waiting(*c.waiting)}};
    }
    return out;
}

ojson cost_json(const Plan& plan, const PlanSummary& s, const Catalog& catalog) {
    ojson by_customer = ojson::array();
    for (const auto& c : s.customers) {
        by_customer.push_back({{"customer", c.customer},
                               {"account_id", c.account_id},
                               {"changes", c.changes},
                               {"per_day_before", round2(c.per_day_before)},
                               {"per_day_after", round2(c.per_day_after)},
                               {"delta_per_day", round2(c.delta_per_day)},
                               {"delta_per_month", round2(c.delta_per_month)}});
    }
    ojson price_changes = ojson::array();
    for (const auto& p : plan.cost.price_changes) {
        const ProductType* product = catalog.find_by_id(p.product_id);
        price_changes.push_back({{"product", product ? ojson(product->code) : ojson(nullptr)},
                                 {"product_type_id", p.product_id},
                                 {"parameters", product ? parameters_to_keyed_json(*product, p.parameters) : ojson()},
                                 {"current", p.current},
                                 {"latest", p.latest},
                                 {"effective", to_string(p.effective)}});
    }
    return {{"per_day_before", round2(s.per_day_before)},
            {"per_day_after", round2(s.per_day_after)},
            {"delta_per_day", round2(s.delta_per_day)},
            {"delta_per_month", round2(s.delta_per_month)},
            {"delta_per_year", round2(s.delta_per_year)},
            {"month_days", 30},
            {"totals_complete", s.totals_complete},
            {"totals_of", s.totals_complete ? "program" : "changed_customers"},
            {"other_accounts_per_day", round2(s.other_accounts_per_day)},
            {"by_customer", by_customer},
            {"prepaid_balance", optional_json(s.prepaid_balance)},
            {"runway_days_before", s.runway_days_before ? ojson(round2(*s.runway_days_before)) : ojson(nullptr)},
            {"runway_days_after", s.runway_days_after ? ojson(round2(*s.runway_days_after)) : ojson(nullptr)},
            {"yearly_commitment", optional_json(s.yearly_commitment)},
            {"annual_run_rate_after", round2(s.annual_run_rate_after)},
            {"commitment_share_after",
             s.commitment_share_after ? ojson(round2(*s.commitment_share_after * 100.0) / 100.0) : ojson(nullptr)},
            {"becomes_billable", s.becomes_billable},
            {"never_used",
             {{"before", s.never_used_before},
              {"per_day_before", round2(s.never_used_per_day_before)},
              {"after", s.never_used_after},
              {"per_day_after", round2(s.never_used_per_day_after)}}},
            {"price_changes", price_changes}};
}

ojson offers_json(const Plan& plan, const PlanSummary& s, const Catalog& catalog) {
    ojson out = ojson::array();
    for (const auto& offer : s.offers) {
        ojson changes = ojson::array();
        for (const std::size_t i : offer.changes) {
            changes.push_back(plan.changes[i].address);
        }
        const ProductType* product = catalog.find_by_id(offer.product_id);
        out.push_back({{"offer", offer.offer},
                       {"product", product ? ojson(product->code) : ojson(nullptr)},
                       {"before", product ? parameters_to_keyed_json(*product, offer.before) : ojson(nullptr)},
                       {"after", product ? parameters_to_keyed_json(*product, offer.after) : ojson(nullptr)},
                       {"configurations", offer.configurations},
                       {"accounts", offer.accounts},
                       {"devices", offer.devices},
                       {"delta_per_day", round2(offer.delta_per_day)},
                       {"changes", changes}});
    }
    return out;
}

ojson policies_json(const Plan& plan) {
    ojson out = ojson::array();
    for (const auto& p : plan.policies) {
        ojson item = {{"rule", std::string(to_string(p.rule))},
                      {"subject", p.subject},
                      {"status", std::string(to_string(p.status))},
                      {"action", std::string(to_string(p.action))},
                      {"limit", p.limit},
                      {"value", p.value ? ojson(*p.value) : ojson(nullptr)},
                      {"unit", std::string(policy_unit(p.rule))},
                      {"detail", policy_detail(p)},
                      {"figures",
                       {{"before", p.figures.before},
                        {"added", p.figures.added},
                        {"base", p.figures.base},
                        {"worsens", p.figures.worsens},
                        {"unbounded", p.figures.unbounded},
                        {"missing", p.figures.missing ? ojson(std::string(to_string(*p.figures.missing)))
                                                      : ojson(nullptr)}}}};
        // `rule` as written in the manifest: "budget" waives perDay and perMonth alike.
        item["waiver"] = p.waiver ? ojson{{"rule", p.waiver->whole_budget ? std::string("budget")
                                                                          : std::string(to_string(p.rule))},
                                          {"reason", p.waiver->reason},
                                          {"expires", to_string(p.waiver->expires)}}
                                  : ojson(nullptr);
        out.push_back(std::move(item));
    }
    return out;
}

ojson diagnostic_json(const PlanDiagnostic& d) {
    ojson item = {{"severity", std::string(to_string(d.severity))},
                  {"code", std::string(to_string(d.code))},
                  {"address", d.address},
                  {"message", d.message}};
    if (d.source && !d.source->file.empty()) {
        item["file"] = d.source->file;
        item["line"] = d.source->line;
        item["column"] = d.source->column;
    }
    return item;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Each customer an error leaves out, with the errors that do; `blocked` when only `protect` does.
ojson left_out_json(const Plan& plan) {
    ojson out = ojson::array();
    const std::vector<std::string> blocked = plan.blocked_customers();
    for (const auto& customer : plan.left_out()) {
        ojson errors = ojson::array();
        for (const auto& d : plan.diagnostics) {
            if (d.severity == Severity::error && customer_of(d) == customer) {
                errors.push_back(diagnostic_json(d));
            }
        }
        out.push_back(
            {{"customer", customer}, {"blocked", contains(blocked, customer)}, {"diagnostics", std::move(errors)}});
    }
    return out;
}

// What blocks, as data: each blocking cost rule with its figures (the whole plan waits), then each `protect` refusal
// of a customer it alone leaves out (the others apply).
ojson blocking_json(const Plan& plan) {
    ojson out = ojson::array();
    for (const auto& p : plan.policies) {
        if (p.status == PolicyStatus::block) {
            out.push_back({{"kind", "policy"},
                           {"rule", std::string(to_string(p.rule))},
                           {"subject", p.subject},
                           {"limit", p.limit},
                           {"value", p.value ? ojson(*p.value) : ojson(nullptr)},
                           {"unit", std::string(policy_unit(p.rule))},
                           {"detail", policy_detail(p)}});
        }
    }
    const std::vector<std::string> blocked = plan.blocked_customers();
    for (const auto& d : plan.diagnostics) {
        if (d.code == DiagnosticCode::protected_customer && contains(blocked, customer_of(d))) {
            out.push_back(
                {{"kind", "protect"}, {"customer", customer_of(d)}, {"address", d.address}, {"message", d.message}});
        }
    }
    return out;
}

ojson diagnostics_json(const Plan& plan) {
    ojson out = ojson::array();
    for (const auto& d : plan.diagnostics) {
        out.push_back(diagnostic_json(d));
    }
    return out;
}

// Pretty-prints `value` as if it sat `depth` levels deep in the document.
void append_indented(std::string& out, const ojson& value, int depth) {
    const std::string text = value.dump(2);
    const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    out += pad;
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out += pad;
        }
    }
}

}  // namespace

std::string plan_digest(const Plan& plan) {
    const Catalog& catalog = builtin_catalog();
    Sha256 digest;
    for (const auto& c : plan.changes) {
        ojson j = change_json(c, catalog);
        j.erase("reason");  // the words may improve between versions; the code and data below stay
        j["reason_code"] = std::string(to_string(c.reason.code));
        digest.update(j.dump() + "\n");
    }
    return digest.hex();
}

void write_json(const Plan& plan, std::ostream& out, const RenderOptions& options) {
    const Catalog& catalog = options.catalog ? *options.catalog : builtin_catalog();
    const PlanSummary summary = summarize(plan);
    ojson summary_counts = ojson::object();
    for (const auto& [action, count] : summary.actions) {
        summary_counts[std::string(to_string(action))] = count;
    }
    const std::string k_placeholder = "@@changes@@";
    ojson document = {
        {"format_version", plan.format_version},
        {"flexform_version", plan.flexform_version},
        {"created_at", plan.created_at},
        {"program_serial_number", plan.program_serial},
        {"plan_digest", plan_digest(plan)},
        {"manifest_paths", plan.manifest_paths},
        {"manifest_digest", plan.manifest_digest},
        {"live_digest", plan.live_digest},
        {"scope",
         {{"customers", plan.scope.customers},
          {"prune", plan.scope.prune},
          {"changed_since", plan.scope.changed_since.empty() ? ojson(nullptr) : ojson(plan.scope.changed_since)},
          {"base", plan.base_ref.empty() ? ojson(nullptr) : ojson(plan.base_ref)},
          {"removed_customers", plan.removed_customers},
          {"merged_not_applied", plan.unapplied_customers}}},
        {"accounts", plan.accounts},
        {"applyable", plan.applyable()},
        {"blocking", blocking_json(plan)},
        {"left_out", left_out_json(plan)},
        {"summary", summary_counts},
        {"changes", k_placeholder},
        {"cost", cost_json(plan, summary, catalog)},
        {"policies", policies_json(plan)},
        {"diagnostics", diagnostics_json(plan)},
    };
    if (!options.program_name.empty()) {
        document["program_name"] = options.program_name;
    }
    if (!summary.offers.empty()) {
        document["offers"] = offers_json(plan, summary, catalog);
    }
    // The document without its changes, split where they go; each change is then written on its own.
    const std::string frame = document.dump(2);
    const std::string quoted = "\"" + k_placeholder + "\"";
    const auto at = frame.find(quoted);
    out.write(frame.data(), static_cast<std::streamsize>(at));
    if (plan.changes.empty()) {
        out << "[]";
    } else {
        out << "[\n";
        std::string text;
        for (std::size_t i = 0; i < plan.changes.size(); ++i) {
            text.clear();
            append_indented(text, change_json(plan.changes[i], catalog), 2);
            out << text << (i + 1 < plan.changes.size() ? ",\n" : "\n");
        }
        out << "  ]";
    }
    out.write(frame.data() + at + quoted.size(), static_cast<std::streamsize>(frame.size() - at - quoted.size()));
    out << "\n";
}

std::string render_json(const Plan& plan, const RenderOptions& options) {
    std::ostringstream out;
    write_json(plan, out, options);
    return out.str();
}

}  // namespace flexform
