#include "engine/plan/plan_compare.h"

#include <algorithm>
#include <type_traits>

#include <cmath>
#include <cstdio>
#include <map>

namespace flexform {

namespace {

double cents(double value) {
    return std::round(value * 100.0) / 100.0;
}

// Points are compared as the plan file stores them, to the cent.
Change comparable(Change c) {
    c.waiting.reset();  // whether a create still settles is decided when it is applied, not when it was reviewed
    c.points = {cents(c.points.before), cents(c.points.after)};
    c.reprice.per_device_before = cents(c.reprice.per_device_before);
    c.reprice.per_device_after = cents(c.reprice.per_device_after);
    return c;
}

std::string identity(const Change& c) {
    return std::string(to_string(c.action)) + " " + c.address;
}

std::vector<std::string> snapshot_differences(const Snapshot& a, const Snapshot& b) {
    std::vector<std::string> out;
    const auto check = [&out](bool same, const char* field) {
        if (!same) {
            out.push_back(field);
        }
    };
    check(a.name == b.name, "name");
    check(a.parameters == b.parameters, "parameters");
    check(a.config_status == b.config_status && a.status == b.status, "status");
    check(a.serials == b.serials, "serials");
    check(a.descriptions == b.descriptions, "descriptions");
    check(a.count == b.count, "count");
    check(a.description == b.description, "description");
    check(a.folder_path == b.folder_path, "folder_path");
    check(a.skip_pending == b.skip_pending, "skip_pending");
    check(a.end_date == b.end_date, "end_date");
    check(a.config == b.config, "config");
    check(a.account_id == b.account_id, "account_id");
    return out;
}

std::string describe_difference(const Change& saved, const Change& fresh) {
    std::vector<std::string> fields;
    const auto check = [&fields](bool same, const std::string& field) {
        if (!same) {
            fields.push_back(field);
        }
    };
    check(saved.kind == fresh.kind, "kind");
    check(saved.reason == fresh.reason, "reason");
    check(saved.customer == fresh.customer && saved.account_id == fresh.account_id, "customer/account");
    check(saved.config_name == fresh.config_name, "config_name");
    check(saved.config_id == fresh.config_id, "config_id");
    check(saved.product_id == fresh.product_id, "product");
    check(saved.serial == fresh.serial, "serial_number");
    check(saved.target_config_id == fresh.target_config_id, "target_config_id");
    for (const auto& f : snapshot_differences(saved.before, fresh.before)) {
        fields.push_back("before." + f);
    }
    for (const auto& f : snapshot_differences(saved.after, fresh.after)) {
        fields.push_back("after." + f);
    }
    if (!(saved.points == fresh.points)) {
        char text[128];
        std::snprintf(text, sizeof text, "points_per_day (saved %.2f -> %.2f, now %.2f -> %.2f)", saved.points.before,
                      saved.points.after, fresh.points.before, fresh.points.after);
        fields.push_back(text);
    }
    check(saved.reprice == fresh.reprice, "reprice");
    check(saved.metered == fresh.metered, "metered");
    check(saved.becomes_billable == fresh.becomes_billable, "becomes_billable");
    check(saved.swap == fresh.swap, "swap");
    check(saved.offer == fresh.offer, "offer");
    std::string out;
    for (const auto& f : fields) {
        out += (out.empty() ? "" : ", ") + f;
    }
    return identity(saved) + ": " + out + " differ from what flexform would plan now";
}

std::string figure(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

template <typename T>
std::string optional_figure(const std::optional<T>& value) {
    if (!value) {
        return "none";
    }
    if constexpr (std::is_floating_point_v<T>) {
        return figure(*value);
    } else {
        return std::to_string(*value);
    }
}

// Appends "what: saved X, now Y" when they differ.
void check_figure(std::vector<std::string>& out, const std::string& what, const std::string& saved,
                  const std::string& now) {
    if (saved != now) {
        out.push_back(what + ": saved " + saved + ", now " + now);
    }
}

void compare_cost(const Cost& saved, const Cost& fresh, std::vector<std::string>& out) {
    check_figure(out, "cost.per_day_before", figure(cents(saved.per_day_before)), figure(cents(fresh.per_day_before)));
    check_figure(out, "cost.per_day_after", figure(cents(saved.per_day_after)), figure(cents(fresh.per_day_after)));
    check_figure(out, "cost.other_accounts_per_day", figure(cents(saved.other_accounts_per_day)),
                 figure(cents(fresh.other_accounts_per_day)));
    check_figure(out, "cost.totals_complete", saved.totals_complete ? "true" : "false",
                 fresh.totals_complete ? "true" : "false");
    check_figure(out, "cost.prepaid_balance", optional_figure(saved.prepaid_balance),
                 optional_figure(fresh.prepaid_balance));
    check_figure(out, "cost.yearly_commitment", optional_figure(saved.yearly_commitment),
                 optional_figure(fresh.yearly_commitment));
    check_figure(out, "cost.by_customer (customers)", std::to_string(saved.by_customer.size()),
                 std::to_string(fresh.by_customer.size()));
    for (std::size_t i = 0; i < std::min(saved.by_customer.size(), fresh.by_customer.size()); ++i) {
        const CustomerCost& a = saved.by_customer[i];
        const CustomerCost& b = fresh.by_customer[i];
        const std::string at = "cost.by_customer[" + std::to_string(i) + "]";
        check_figure(out, at + ".customer", a.customer + " (" + std::to_string(a.account_id) + ")",
                     b.customer + " (" + std::to_string(b.account_id) + ")");
        check_figure(out, at + " " + a.customer + ".per_day_before", figure(cents(a.per_day_before)),
                     figure(cents(b.per_day_before)));
        check_figure(out, at + " " + a.customer + ".per_day_after", figure(cents(a.per_day_after)),
                     figure(cents(b.per_day_after)));
    }
    check_figure(out, "cost.price_changes (count)", std::to_string(saved.price_changes.size()),
                 std::to_string(fresh.price_changes.size()));
    for (std::size_t i = 0; i < std::min(saved.price_changes.size(), fresh.price_changes.size()); ++i) {
        const PriceChange& a = saved.price_changes[i];
        const PriceChange& b = fresh.price_changes[i];
        if (a.product_id != b.product_id || !(a.parameters == b.parameters) || a.current != b.current ||
            a.latest != b.latest || !(a.effective == b.effective)) {
            out.push_back("cost.price_changes[" + std::to_string(i) + "] differ from what flexform would plan now");
        }
    }
}

std::string policy_name(const PolicyResult& p) {
    return std::string(to_string(p.rule)) + " of " + p.subject;
}

void compare_policies(const std::vector<PolicyResult>& saved, const std::vector<PolicyResult>& fresh,
                      std::vector<std::string>& out) {
    check_figure(out, "policies (count)", std::to_string(saved.size()), std::to_string(fresh.size()));
    for (std::size_t i = 0; i < std::min(saved.size(), fresh.size()); ++i) {
        const PolicyResult& a = saved[i];
        const PolicyResult& b = fresh[i];
        std::vector<std::string> fields;
        const auto check = [&fields](bool same, const char* field) {
            if (!same) {
                fields.push_back(field);
            }
        };
        check(a.rule == b.rule, "rule");
        check(a.subject == b.subject, "subject");
        check(a.status == b.status, "status");
        check(a.action == b.action, "action");
        check(a.limit == b.limit, "limit");
        check(a.value == b.value, "value");
        check(a.figures.before == b.figures.before, "figures.before");
        check(a.figures.added == b.figures.added, "figures.added");
        check(a.figures.base == b.figures.base, "figures.base");
        check(a.figures.worsens == b.figures.worsens, "figures.worsens");
        check(a.figures.unbounded == b.figures.unbounded, "figures.unbounded");
        check(a.figures.missing == b.figures.missing, "figures.missing");
        check(a.waiver.has_value() == b.waiver.has_value() &&
                  (!a.waiver || (a.waiver->reason == b.waiver->reason && a.waiver->expires == b.waiver->expires &&
                                 a.waiver->whole_budget == b.waiver->whole_budget)),
              "waiver");
        if (!fields.empty()) {
            std::string list;
            for (const auto& f : fields) {
                list += (list.empty() ? "" : ", ") + f;
            }
            out.push_back("policies[" + std::to_string(i) + "] (" + policy_name(a) + "): " + list +
                          " differ from what flexform would evaluate now");
        }
    }
}

void compare_diagnostics(const std::vector<PlanDiagnostic>& saved, const std::vector<PlanDiagnostic>& fresh,
                         std::vector<std::string>& out) {
    check_figure(out, "diagnostics (count)", std::to_string(saved.size()), std::to_string(fresh.size()));
    for (std::size_t i = 0; i < std::min(saved.size(), fresh.size()); ++i) {
        const PlanDiagnostic& a = saved[i];
        const PlanDiagnostic& b = fresh[i];
        std::vector<std::string> fields;
        const auto check = [&fields](bool same, const char* field) {
            if (!same) {
                fields.push_back(field);
            }
        };
        check(a.severity == b.severity, "severity");
        check(a.code == b.code, "code");
        check(a.address == b.address, "address");
        check(a.message == b.message, "message");
        check(a.source == b.source, "file/line/column");
        if (!fields.empty()) {
            std::string list;
            for (const auto& f : fields) {
                list += (list.empty() ? "" : ", ") + f;
            }
            out.push_back("diagnostics[" + std::to_string(i) + "] (" + std::string(to_string(a.code)) + " " +
                          a.address + "): " + list + " differ from what flexform would find now");
        }
    }
}

std::string joined(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items) {
        out += (out.size() > 1 ? ", " : "") + item;
    }
    return out + "]";
}

std::string joined(const std::vector<std::int64_t>& items) {
    std::vector<std::string> texts;
    for (const auto item : items) {
        texts.push_back(std::to_string(item));
    }
    return joined(texts);
}

// The same changes in another order: the first place they part, named.
void compare_order(const std::vector<Change>& saved, const std::vector<Change>& fresh, std::vector<std::string>& out) {
    for (std::size_t i = 0; i < std::min(saved.size(), fresh.size()); ++i) {
        if (identity(saved[i]) != identity(fresh[i])) {
            out.push_back("the saved plan's changes are in another order than flexform would apply them: change " +
                          std::to_string(i + 1) + " is `" + identity(saved[i]) + "` in the saved plan, `" +
                          identity(fresh[i]) + "` now");
            return;
        }
    }
}

// Names every difference into `out`; true when the changes themselves differ.
bool compare_into(const Plan& saved, const Plan& fresh, std::vector<std::string>& out) {
    if (saved.program_serial != fresh.program_serial) {
        out.push_back("the saved plan is for program " + saved.program_serial + ", not " + fresh.program_serial);
    }
    if (saved.flexform_version != fresh.flexform_version) {
        out.push_back("the saved plan was made by flexform " + saved.flexform_version + ", this is flexform " +
                      fresh.flexform_version + "; plan and apply with one version");
    }
    if (saved.created_at > fresh.created_at) {
        out.push_back("created_at: the saved plan says it was made at " + saved.created_at + ", after now (" +
                      fresh.created_at + ")");
    }
    const std::size_t before_changes = out.size();
    std::map<std::string, std::vector<Change>> saved_by_id;
    std::map<std::string, std::vector<Change>> fresh_by_id;
    for (const auto& c : saved.changes) {
        saved_by_id[identity(c)].push_back(comparable(c));
    }
    for (const auto& c : fresh.changes) {
        fresh_by_id[identity(c)].push_back(comparable(c));
    }
    for (const auto& [id, changes] : saved_by_id) {
        const auto it = fresh_by_id.find(id);
        const std::size_t now = it == fresh_by_id.end() ? 0 : it->second.size();
        if (now == 0) {
            out.push_back("the saved plan has `" + id + "`, which flexform would not do now");
            continue;
        }
        if (changes.size() != now) {
            out.push_back("`" + id + "` appears " + std::to_string(changes.size()) + " times in the saved plan, " +
                          std::to_string(now) + " now");
            continue;
        }
        for (std::size_t i = 0; i < changes.size(); ++i) {
            if (!(changes[i] == it->second[i])) {
                out.push_back(describe_difference(changes[i], it->second[i]));
            }
        }
    }
    for (const auto& [id, changes] : fresh_by_id) {
        if (!saved_by_id.count(id)) {
            out.push_back("flexform would now also `" + id + "`, which the saved plan does not have");
        }
    }
    if (out.size() == before_changes) {
        compare_order(saved.changes, fresh.changes, out);
    }
    const bool changes_differ = out.size() != before_changes;
    check_figure(out, "scope.customers", joined(saved.scope.customers), joined(fresh.scope.customers));
    check_figure(out, "scope.prune", saved.scope.prune ? "true" : "false", fresh.scope.prune ? "true" : "false");
    check_figure(out, "scope.changed_since", saved.scope.changed_since.empty() ? "none" : saved.scope.changed_since,
                 fresh.scope.changed_since.empty() ? "none" : fresh.scope.changed_since);
    check_figure(out, "manifest_digest (the manifests of this working tree are not those planned)",
                 saved.manifest_digest, fresh.manifest_digest);
    check_figure(out, "live_digest (FortiFlex has changed since the plan was made)", saved.live_digest,
                 fresh.live_digest);
    check_figure(out, "accounts", joined(saved.accounts), joined(fresh.accounts));
    compare_cost(saved.cost, fresh.cost, out);
    compare_policies(saved.policies, fresh.policies, out);
    compare_diagnostics(saved.diagnostics, fresh.diagnostics, out);
    return changes_differ;
}

}  // namespace

std::vector<std::string> compare_plans(const Plan& saved, const Plan& fresh) {
    std::vector<std::string> out;
    compare_into(saved, fresh, out);
    return out;
}

std::vector<std::string> compare_saved_plan(const Plan& saved, const StatedFigures& stated, const Plan& fresh,
                                            const Catalog& catalog) {
    std::vector<std::string> out;
    const bool changes_differ = compare_into(saved, fresh, out);
    const StatedFigures now = derived_figures(fresh, catalog);
    for (const auto& [path, value] : stated) {
        if (changes_differ && path.rfind("changes[", 0) == 0) {
            continue;  // named above, change by change
        }
        const auto it = now.find(path);
        check_figure(out, path, value, it == now.end() ? std::string("(absent)") : it->second);
    }
    for (const auto& [path, value] : now) {
        if (!stated.count(path) && !(changes_differ && path.rfind("changes[", 0) == 0)) {
            check_figure(out, path, "(absent)", value);
        }
    }
    return out;
}

}  // namespace flexform
