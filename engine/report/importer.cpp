#include "engine/report/importer.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "engine/model/unsafe_text.h"

namespace flexform {

namespace {

bool running(const LiveEntitlement& e) {
    return is_running(e.status);
}

// One YAML scalar, written by yaml-cpp's emitter so it reads back as exactly `text`: plain only for the simple names
// people write (letters, digits, - _ . /, not a YAML keyword), double-quoted with escapes otherwise. Names from
// FortiFlex are anyone's input: `Null`, `-`, `# x`, leading spaces, quotes and line breaks all stay one string.
std::string scalar(const std::string& text) {
    static const std::set<std::string> k_keywords = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"};
    std::string lower;
    for (const char c : text) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const bool plain = !text.empty() && std::isalnum(static_cast<unsigned char>(text.front())) &&
                       std::all_of(text.begin(), text.end(),
                                   [](char c) {
                                       return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                                              c == '.' || c == '/';
                                   }) &&
                       !k_keywords.count(lower);
    YAML::Emitter out;
    if (plain) {
        out << text;
    } else {
        // Escaped beyond ASCII when the text holds controls or bidi overrides, so the file reads as it parses.
        if (find_unsafe(text)) {
            out << YAML::EscapeNonAscii;
        }
        out << YAML::DoubleQuoted << text;
    }
    return out.c_str();
}

// A live value inside a YAML comment: one line, escaped, bounded.
std::string comment_text(const std::string& text) {
    return quoted_excerpt(text, 80);
}

std::string parameters_flow(const ProductType& product, const ParameterSet& set) {
    std::string out;
    for (const auto& p : product.parameters) {
        const auto it = set.values.find(p.id);
        if (p.read_only || it == set.values.end()) {
            continue;
        }
        std::string value;
        if (p.type == ParameterType::multi) {
            if (it->second.empty()) {
                continue;  // empty lists are the default
            }
            value = "[";
            for (std::size_t i = 0; i < it->second.size(); ++i) {
                value += (i ? ", " : "") + scalar(it->second[i]);
            }
            value += "]";
        } else {
            if (!p.required && p.default_value && it->second.front() == *p.default_value) {
                continue;  // defaults stay implicit, as a person would write it
            }
            value = scalar(it->second.front());
        }
        out += (out.empty() ? "" : ", ") + scalar(p.key) + ": " + value;
    }
    return "{" + out + "}";
}

}  // namespace

std::string default_customer_name(std::int64_t account_id) {
    return "account-" + std::to_string(account_id);
}

std::optional<std::string> gitignore_with_local_state(const std::string& gitignore) {
    std::istringstream lines(gitignore);
    for (std::string line; std::getline(lines, line);) {
        if (line == ".flexform" || line == ".flexform/" || line == "/.flexform" || line == "/.flexform/") {
            return std::nullopt;
        }
    }
    std::string out = gitignore;
    if (!out.empty() && out.back() != '\n') {
        out += "\n";
    }
    return out + "# flexform's local state: the apply journal, the sandbox, the consumption database (customers' "
                 "spend)\n.flexform/\n";
}

namespace {

// The entitlements of one configuration, as its form factor declares them.
void write_entitlements(std::ostream& out, const ProductType& product,
                        const std::vector<const LiveEntitlement*>& mine) {
    if (product.form_factor == FormFactor::hardware) {
        if (mine.empty()) {
            out << "      serials: []\n";
            return;
        }
        out << "      serials:\n";
        for (const LiveEntitlement* e : mine) {
            if (e->description.empty()) {
                out << "        - " << scalar(e->serial) << "\n";
            } else {
                out << "        - {serial: " << scalar(e->serial) << ", description: " << scalar(e->description)
                    << "}\n";
            }
        }
    } else if (product.form_factor == FormFactor::vm) {
        std::set<std::string> descriptions;
        for (const LiveEntitlement* e : mine) {
            descriptions.insert(e->description);
        }
        out << "      vms: {count: " << mine.size();
        if (descriptions.size() == 1 && !descriptions.begin()->empty()) {
            out << ", description: " << scalar(*descriptions.begin());
        }
        out << "}\n";
    } else if (!mine.empty()) {
        out << "      cloud: {";
        if (!mine.front()->description.empty()) {
            out << "description: " << scalar(mine.front()->description);
        }
        out << "}\n";
    }
}

// An active customer's stopped entitlements stay out of the declaration (declaring them would reactivate them), but
// not out of sight: a comment names each, so a reader sees the device exists and why it is not declared.
void write_stopped(std::ostream& out, const ProductType& product, const std::vector<const LiveEntitlement*>& stopped) {
    for (const LiveEntitlement* e : stopped) {
        out << "      # " << scalar(e->serial) << " is STOPPED in FortiFlex, so not declared (declaring it "
            << (product.form_factor == FormFactor::vm ? "in the count" : "here") << " would reactivate it)\n";
    }
}

void write_config(std::ostream& out, const LiveConfig& c, const ProductType& product,
                  const std::vector<const LiveEntitlement*>& mine, const std::vector<const LiveEntitlement*>& stopped,
                  const std::optional<Date>& program_end, const std::string* offer) {
    out << "    - name: " << scalar(c.name) << "\n      id: " << c.id;
    if (offer) {
        out << "\n      offer: " << *offer << "\n";
    } else {
        out << "\n      product: " << product.code << "\n      parameters: " << parameters_flow(product, c.parameters)
            << "\n";
    }
    write_entitlements(out, product, mine);
    write_stopped(out, product, stopped);
    std::set<std::string> end_dates;
    for (const LiveEntitlement* e : mine) {
        end_dates.insert(e->end_date ? to_string(*e->end_date) : "");
    }
    // One end date shared by all, other than the program's, is the configuration's.
    if (end_dates.size() == 1 && !end_dates.begin()->empty() && program_end &&
        *end_dates.begin() != to_string(*program_end)) {
        out << "      endDate: " << *end_dates.begin() << "\n";
    }
}

}  // namespace

namespace {

std::vector<const LiveEntitlement*> unexpired(const ImportInput& input) {
    std::vector<const LiveEntitlement*> live;
    for (const auto& e : input.entitlements) {
        if (e.status != EntitlementStatus::expired) {
            live.push_back(&e);
        }
    }
    return live;
}

// A customer whose every entitlement is stopped reads as suspended.
bool reads_as_suspended(const std::vector<const LiveEntitlement*>& live) {
    return !live.empty() && std::all_of(live.begin(), live.end(), [](const LiveEntitlement* e) {
        return e->status == EntitlementStatus::stopped;
    });
}

// The entries of spec.configs, and the notes of what could not be imported.
std::string config_entries(const ImportInput& input, const Catalog& catalog, bool suspended,
                           std::vector<std::string>& skipped) {
    const std::vector<const LiveEntitlement*> live = unexpired(input);
    std::ostringstream configs;
    for (const auto& c : input.configs) {
        const ProductType* product = catalog.find_by_id(c.product_id);
        if (!product) {
            skipped.push_back("configuration " + comment_text(c.name) + " (id " + std::to_string(c.id) +
                              ") has unknown product type " + std::to_string(c.product_id));
            continue;
        }
        if (!c.active) {
            // Declared as it is, so plan and drift agree it is managed and stays disabled.
            configs << "    - name: " << scalar(c.name) << "\n      id: " << c.id
                    << "\n      product: " << product->code
                    << "\n      parameters: " << parameters_flow(*product, c.parameters)
                    << "\n      enabled: false   # DISABLED in FortiFlex; remove this line to enable it\n";
            continue;
        }
        std::vector<const LiveEntitlement*> mine;
        std::vector<const LiveEntitlement*> stopped;
        for (const LiveEntitlement* e : live) {
            if (e->config_id != c.id) {
                continue;
            }
            (suspended || running(*e) ? mine : stopped).push_back(e);
        }
        const auto by_serial = [](const LiveEntitlement* a, const LiveEntitlement* b) { return a->serial < b->serial; };
        std::sort(mine.begin(), mine.end(), by_serial);
        std::sort(stopped.begin(), stopped.end(), by_serial);
        const auto offer = input.offer_of_config.find(c.id);
        write_config(configs, c, *product, mine, stopped, input.program_end,
                     offer == input.offer_of_config.end() ? nullptr : &offer->second);
    }
    return configs.str();
}

}  // namespace

std::string import_manifest(const ImportInput& input, const Catalog& catalog) {
    const bool suspended = reads_as_suspended(unexpired(input));
    std::ostringstream out;
    if (!input.schema_ref.empty()) {
        out << "# yaml-language-server: $schema=" << input.schema_ref << "\n";
    }
    out << "# Imported by `flexform import` from FortiFlex account " << input.account_id << ".\n"
        << "apiVersion: flexform/v1\nkind: Customer\nmetadata:\n  name: " << scalar(input.customer)
        << "\n  accountId: " << input.account_id << "\nspec:\n  state: " << (suspended ? "suspended" : "active")
        << "\n";
    std::vector<std::string> skipped;
    const std::string body = config_entries(input, catalog, suspended, skipped);
    for (const auto& note : skipped) {
        out << "  # not imported: " << note << "\n";
    }
    if (body.empty()) {
        out << "  configs: []\n";
    } else {
        out << "  configs:\n" << body;
    }
    return out.str();
}

std::string import_config_entries(const ImportInput& input, const Catalog& catalog) {
    std::vector<std::string> skipped;
    std::string body = config_entries(input, catalog, reads_as_suspended(unexpired(input)), skipped);
    for (const auto& note : skipped) {
        body += "    # not imported: " + note + "\n";
    }
    return body;
}

namespace {

// "FGT_HW" with FGT60F and FGHWUTP: "fgt-hw-fgt60f-fghwutp", a valid offer name of at most 63 characters.
std::string offer_name(const ProductType& product, const ParameterSet& parameters) {
    std::string words = product.code;
    for (const auto& p : product.parameters) {
        const auto it = parameters.values.find(p.id);
        if (p.read_only || it == parameters.values.end() ||
            (p.type != ParameterType::multi && !p.required && p.default_value && it->second.size() == 1 &&
             it->second.front() == *p.default_value)) {
            continue;  // what goes without saying stays out of the name, as out of the manifest
        }
        for (const auto& v : it->second) {
            words += "-" + v;
        }
    }
    std::string name;
    for (const char c : words) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool keep = std::isalnum(static_cast<unsigned char>(lower)) != 0;
        if (keep) {
            name += lower;
        } else if (!name.empty() && name.back() != '-') {
            name += '-';
        }
    }
    name = name.substr(0, 60);
    while (!name.empty() && name.back() == '-') {
        name.pop_back();
    }
    return name;
}

}  // namespace

std::vector<ImportedOffer> find_offers(const std::vector<LiveConfig>& configs, int min_configs,
                                       const Catalog& catalog) {
    std::map<std::pair<int, std::string>, ImportedOffer> groups;
    for (const auto& c : configs) {
        const ProductType* product = catalog.find_by_id(c.product_id);
        if (!c.active || !product) {
            continue;
        }
        ImportedOffer& offer = groups[{c.product_id, canonical_key(c.parameters)}];
        offer.product_id = c.product_id;
        offer.parameters = c.parameters;
        offer.config_ids.push_back(c.id);
    }
    std::vector<ImportedOffer> out;
    std::map<std::string, int> used;
    for (auto& [key, offer] : groups) {
        if (static_cast<int>(offer.config_ids.size()) < std::max(min_configs, 1)) {
            continue;
        }
        const std::string base = offer_name(*catalog.find_by_id(offer.product_id), offer.parameters);
        const int n = ++used[base];
        offer.name = n == 1 ? base : base + "-" + std::to_string(n);
        out.push_back(std::move(offer));
    }
    std::sort(out.begin(), out.end(), [](const ImportedOffer& a, const ImportedOffer& b) { return a.name < b.name; });
    return out;
}

std::string import_offer(const ImportedOffer& offer, const Catalog& catalog) {
    const ProductType& product = *catalog.find_by_id(offer.product_id);
    std::ostringstream out;
    out << "# yaml-language-server: $schema=../schemas/customer.schema.json\n"
        << "# Written by `flexform import --offers`: " << offer.config_ids.size()
        << " configurations share this product and these parameters.\n"
        << "apiVersion: flexform/v1\nkind: Offer\nmetadata:\n  name: " << offer.name
        << "\nspec:\n  product: " << product.code << "\n  parameters: " << parameters_flow(product, offer.parameters)
        << "\n";
    return out.str();
}

std::vector<LiveConfig> undeclared_configs(const Customer& customer, const std::vector<LiveConfig>& live) {
    std::vector<LiveConfig> out;
    for (const auto& c : live) {
        if (c.account_id != customer.account_id) {
            continue;
        }
        const bool declared =
            std::any_of(customer.configs.begin(), customer.configs.end(),
                        [&](const DesiredConfig& d) { return d.id ? *d.id == c.id : d.name == c.name; });
        if (!declared) {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace flexform
