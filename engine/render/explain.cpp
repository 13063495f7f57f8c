#include "engine/render/explain.h"

namespace flexform {

namespace {

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

std::string values_text(const Parameter& p, const std::vector<std::string>& values) {
    if (p.type == ParameterType::multi) {
        return "[" + join(values) + "]";
    }
    return values.empty() ? "" : values.front();
}

std::string account_text(std::int64_t account) {
    return "account " + std::to_string(account);
}

std::string details_phrase(const Change& c) {
    std::vector<std::string> parts;
    if (c.after.description && c.before.description != c.after.description) {
        parts.push_back("description " + quoted(c.before.description.value_or("")) + " -> " +
                        quoted(*c.after.description));
    }
    if (c.after.end_date && c.before.end_date != c.after.end_date) {
        parts.push_back("end date " + (c.before.end_date ? to_string(*c.before.end_date) : std::string("none")) +
                        " -> " + to_string(*c.after.end_date));
    }
    return parts.empty() ? "details differ" : join(parts, "; ");
}

std::string config_phrase(const Change& c, const Catalog& catalog) {
    std::vector<std::string> parts;
    if (c.before.name && c.after.name && *c.before.name != *c.after.name) {
        parts.push_back("name " + *c.before.name + " -> " + *c.after.name);
    }
    const ProductType* product = catalog.find_by_id(c.product_id);
    if (product && c.before.parameters && c.after.parameters && !(*c.before.parameters == *c.after.parameters)) {
        parts.push_back(describe_change(*product, *c.before.parameters, *c.after.parameters));
    }
    return parts.empty() ? "configuration differs" : join(parts, "; ");
}

}  // namespace

std::string product_code(int product_id, const Catalog& catalog) {
    const ProductType* product = catalog.find_by_id(product_id);
    return product ? product->code : "product " + std::to_string(product_id);
}

std::string format_parameters(int product_id, const ParameterSet& parameters, const Catalog& catalog) {
    const ProductType* product = catalog.find_by_id(product_id);
    if (!product) {
        return canonical_key(parameters);
    }
    std::vector<std::string> parts;
    for (const auto& p : product->parameters) {
        const auto it = parameters.values.find(p.id);
        if (it != parameters.values.end()) {
            parts.push_back(p.key + ": " + values_text(p, it->second));
        }
    }
    return "{" + join(parts) + "}";  // as a manifest writes them, so a reader can paste them back
}

namespace {

// Identical configurations of one name: the entitlements move to the one kept, then the empty one is disabled.
std::string duplicate_phrase(const Change& c) {
    const std::string kept = c.target_config_id ? std::to_string(*c.target_config_id) : "?";
    const std::string duplicate = c.config_id ? std::to_string(*c.config_id) : "?";
    if (c.action == ActionKind::disable_config) {
        return "config " + duplicate + " is a duplicate of config " + kept + "; disabled once empty";
    }
    return "under config " + duplicate + ", a duplicate of config " + kept + "; moves to " + kept;
}

}  // namespace

std::string swap_steps(const Change& c) {
    if (!c.swap || !c.serial) {
        return "";
    }
    const Swap& s = *c.swap;
    std::vector<std::string> steps;
    if (s.entitle) {
        steps.push_back("entitle " + *c.serial);
    }
    if (s.stop) {
        steps.push_back("stop " + s.replaced);
    }
    if (s.remove) {
        steps.push_back("remove " + s.replaced + " from FortiFlex (decommission)");
    }
    return join(steps, ", then ");
}

namespace {

std::string swap_phrase(const Change& c) {
    return c.swap ? "replaces " + c.swap->replaced + ": " + swap_steps(c) : "replaces another unit";
}

}  // namespace

std::string explain_reason(const Change& c, const Catalog& catalog) {
    const Reason& r = c.reason;
    const std::string counts = "VM count " + std::to_string(r.from_count) + " -> " + std::to_string(r.to_count);
    switch (r.code) {
        case ReasonCode::config_absent:
            return "configuration not in FortiFlex yet";
        case ReasonCode::config_differs:
            return config_phrase(c, catalog);
        case ReasonCode::config_disabled:
            return "configuration is DISABLED in FortiFlex";
        case ReasonCode::config_unmanaged:
            return "configuration not in the manifest (--prune)";
        case ReasonCode::config_declared_disabled:
            return "declared disabled (enabled: false)";
        case ReasonCode::serials_not_entitled:
            return c.after.count.value_or(0) == 1 ? "serial not entitled yet" : "serials not entitled yet";
        case ReasonCode::cloud_not_entitled:
            return "cloud service not entitled yet";
        case ReasonCode::vm_count_raised:
            if (c.action == ActionKind::reactivate) {
                return counts + ": reuse a STOPPED entitlement";
            }
            return counts + (c.after.skip_pending.value_or(false)
                                 ? " (skipPending: charged from creation)"
                                 : " (PENDING until each token is used; charged from activation)");
        case ReasonCode::vm_count_lowered:
            return counts;
        case ReasonCode::serial_not_declared:
            return "serial not declared in the manifest";
        case ReasonCode::cloud_not_declared:
            return "no cloud entitlement declared";
        case ReasonCode::customer_suspended:
            return "customer suspended";
        case ReasonCode::stopped_but_declared:
            return "entitlement STOPPED, customer active";
        case ReasonCode::declared_under_other_config:
            return "declared under " + quoted(c.after.config.value_or(c.config_name)) + ", entitled under " +
                   quoted(r.from);
        case ReasonCode::details_differ:
            return details_phrase(c);
        case ReasonCode::declared_in_other_account:
            return "declared under " + c.customer + "/" + c.config_name + " (" + account_text(c.account_id) +
                   "), entitled under " + r.from +
                   (c.before.account_id ? " (" + account_text(*c.before.account_id) + ")" : std::string());
        case ReasonCode::duplicate_config:
            return duplicate_phrase(c);
        case ReasonCode::serial_replaced:
            return swap_phrase(c);
        case ReasonCode::token_on_stop:
            return "stopped, and the config asks for a fresh token on stop (regenerateTokenOnStop)";
        case ReasonCode::token_requested:
            return "new licence token requested";
        case ReasonCode::moved_from_program:
            return "moved from program " + r.from;
        case ReasonCode::moved_to_program:
            return "moved to program " + r.from;
    }
    return "unknown reason";
}

std::string billing_note(const Change& c) {
    if (c.becomes_billable <= 0) {
        return "";
    }
    const std::string n = std::to_string(c.becomes_billable);
    return c.becomes_billable == 1
               ? "1 entitlement whose token was never used (PENDING, free) becomes ACTIVE and is charged from today"
               : n + " entitlements whose tokens were never used (PENDING, free) become ACTIVE and are charged from "
                     "today";
}

std::vector<FieldRow> field_rows(const Change& c, const Catalog& catalog) {
    std::vector<FieldRow> rows;
    const Snapshot& b = c.before;
    const Snapshot& a = c.after;
    const auto row = [&rows](const std::string& field, const std::optional<std::string>& before,
                             const std::string& after) {
        if (!before || *before != after) {
            rows.push_back({field, before, after});
        }
    };
    if (a.name && (c.action == ActionKind::create_config || (b.name && *b.name != *a.name))) {
        row("name", b.name, *a.name);
    }
    if (c.action == ActionKind::create_config) {
        rows.push_back({"product", std::nullopt, product_code(c.product_id, catalog)});
    }
    if (a.parameters) {
        const ProductType* product = catalog.find_by_id(c.product_id);
        if (product) {
            for (const auto& p : product->parameters) {
                const auto after_it = a.parameters->values.find(p.id);
                if (after_it == a.parameters->values.end()) {
                    continue;
                }
                std::optional<std::string> before;
                if (b.parameters) {
                    const auto before_it = b.parameters->values.find(p.id);
                    before =
                        before_it == b.parameters->values.end() ? std::string() : values_text(p, before_it->second);
                }
                row(p.key, before, values_text(p, after_it->second));
            }
        }
    }
    if (a.config_status) {
        row("status",
            b.config_status ? std::optional<std::string>(std::string(to_string(*b.config_status))) : std::nullopt,
            std::string(to_string(*a.config_status)));
    }
    if (a.status) {
        row("status", b.status ? std::optional<std::string>(std::string(to_string(*b.status))) : std::nullopt,
            std::string(to_string(*a.status)));
    }
    if (a.account_id) {
        row("account", b.account_id ? std::optional<std::string>(std::to_string(*b.account_id)) : std::nullopt,
            std::to_string(*a.account_id));
    }
    if (a.config) {
        row("config", b.config, *a.config);
    }
    if (a.serials) {  // a swap shows the unit it replaces before
        rows.push_back({"serials", b.serials ? std::optional<std::string>(join(*b.serials)) : std::nullopt,
                        join(*a.serials)});
    }
    if (a.descriptions) {
        for (const auto& [serial, description] : *a.descriptions) {
            rows.push_back({"description of " + serial, std::nullopt, quoted(description)});
        }
    }
    if (a.count && !a.serials) {
        rows.push_back({"count", std::nullopt, std::to_string(*a.count)});
    }
    if (a.description) {
        row("description", b.description ? std::optional<std::string>(quoted(*b.description)) : std::nullopt,
            quoted(*a.description));
    }
    if (a.folder_path) {
        rows.push_back({"folder", std::nullopt, *a.folder_path});
    }
    if (a.skip_pending && *a.skip_pending) {
        rows.push_back({"skipPending", std::nullopt, "true"});
    }
    if (a.end_date) {
        row("end date", b.end_date ? std::optional<std::string>(to_string(*b.end_date)) : std::nullopt,
            to_string(*a.end_date));
    }
    return rows;
}

}  // namespace flexform
