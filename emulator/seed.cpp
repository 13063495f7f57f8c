// Seed documents: an organization, programs, API users, configurations and entitlements, in YAML or JSON.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>

#include "emulator/billing.h"
#include "emulator/emulator.h"
#include "emulator/passwords.h"

namespace flexform::emulator {

namespace {

// YAML aliases share nodes; expanding them into JSON copies them, so a few hundred bytes of aliases of aliases
// (a "billion laughs") would become billions of values. `budget` bounds the values written.
json yaml_to_json(const YAML::Node& node, std::size_t& budget) {
    if (budget == 0) {
        throw std::length_error("the seed expands to more than " + std::to_string(k_max_seed_values) +
                                " values (aliases of aliases?)");
    }
    --budget;
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            json out = json::object();
            for (const auto& entry : node) {
                out[entry.first.as<std::string>()] = yaml_to_json(entry.second, budget);
            }
            return out;
        }
        case YAML::NodeType::Sequence: {
            json out = json::array();
            for (const auto& item : node) {
                out.push_back(yaml_to_json(item, budget));
            }
            return out;
        }
        case YAML::NodeType::Scalar: {
            const std::string& text = node.Scalar();
            if (node.Tag() == "!") {
                return text;  // quoted: always a string
            }
            if (const auto number = parse_integer(text)) {
                return *number;
            }
            if (text == "true" || text == "false") {
                return text == "true";
            }
            if (text == "null" || text == "~") {
                return nullptr;
            }
            return text;
        }
        default:
            return nullptr;
    }
}

// Counts the values a YAML text expands to, from the parser's events alone (nothing is built): an alias adds the
// size its anchor had. A bomb is refused in microseconds instead of after building millions of values.
class ExpansionCounter : public YAML::EventHandler {
public:
    explicit ExpansionCounter(std::size_t limit) : m_limit(limit) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor, 1); }
    void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
        const auto it = m_anchor_sizes.find(anchor);
        add(it != m_anchor_sizes.end() ? it->second : 1);
    }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string&) override {
        leaf(anchor, 1);
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
        open(anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Open {
        YAML::anchor_t anchor;
        std::size_t total_at_start;  // a node's size is what the total grew by while it was open
    };

    void add(std::size_t n) {
        m_total += n;
        if (m_total > m_limit) {
            throw std::length_error("the seed expands to more than " + std::to_string(m_limit) +
                                    " values (aliases of aliases?)");
        }
    }
    void leaf(YAML::anchor_t anchor, std::size_t n) {
        if (anchor != YAML::NullAnchor) {
            m_anchor_sizes[anchor] = n;
        }
        add(n);
    }
    void open(YAML::anchor_t anchor) {
        m_open.push_back({anchor, m_total});
        add(1);
    }
    void close() {
        if (m_open.empty()) {
            return;
        }
        const Open frame = m_open.back();
        m_open.pop_back();
        if (frame.anchor != YAML::NullAnchor) {
            m_anchor_sizes[frame.anchor] = m_total - frame.total_at_start;
        }
    }

    std::size_t m_limit;
    std::size_t m_total = 0;
    std::vector<Open> m_open;
    std::map<YAML::anchor_t, std::size_t> m_anchor_sizes;
};

void refuse_expansion_beyond(const std::string& text, std::size_t limit) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    ExpansionCounter counter(limit);
    while (parser.HandleNextDocument(counter)) {
    }
}

// The member `key` of `j` when present, else an empty array or object (avoids temporaries GCC 12 misreads).
const json& member(const json& j, const char* key, bool object = false) {
    static const json k_array = json::array();
    static const json k_object = json::object();
    const auto it = j.find(key);
    return it != j.end() ? *it : (object ? k_object : k_array);
}

std::int64_t as_int(const json& j) {
    if (j.is_number_integer()) {
        return j.get<std::int64_t>();
    }
    if (j.is_string()) {
        if (const auto v = parse_integer(j.get<std::string>())) {
            return *v;
        }
    }
    throw std::runtime_error("seed: expected an integer, got " + j.dump());
}

// YYYY-MM-DD, or a day relative to `today` ("today", "today-480", "today+30"), so a seed can stay current.
Date as_date(const json& j, const Date& today) {
    if (j.is_string()) {
        const std::string text = j.get<std::string>();
        if (text.rfind("today", 0) == 0) {
            const std::string offset = text.substr(5);
            if (offset.empty()) {
                return today;
            }
            const auto days = (offset[0] == '+' || offset[0] == '-') ? parse_integer(offset.substr(1)) : std::nullopt;
            if (days && *days <= 100000) {
                return add_days(today, offset[0] == '-' ? -*days : *days);
            }
        } else if (const auto date = parse_date(text)) {
            return *date;
        }
    }
    throw std::runtime_error("seed: expected a date (YYYY-MM-DD or today-N), got " + j.dump());
}

const ProductType& product_named(const Catalog& catalog, const json& j) {
    const ProductType* product =
        j.is_string() ? catalog.find_by_code(j.get<std::string>()) : catalog.find_by_id(static_cast<int>(as_int(j)));
    if (!product) {
        throw std::runtime_error("seed: unknown product " + j.dump());
    }
    return *product;
}

// Parameters by key (the manifest form) or as the API's [{id, value}] list.
ParameterSet seed_parameters(const ProductType& product, const json& j) {
    ParameterSet raw;
    if (j.is_array()) {
        for (const auto& p : j) {
            raw.values[static_cast<int>(as_int(p.at("id")))].push_back(
                p.at("value").is_string() ? p.at("value").get<std::string>() : p.at("value").dump());
        }
        return normalize(product, raw);
    }
    for (const auto& [key, value] : j.items()) {
        const Parameter* parameter = product.find_parameter(std::string_view{key});
        if (!parameter) {
            throw std::runtime_error("seed: unknown parameter " + key + " for " + product.code);
        }
        auto& values = raw.values[parameter->id];
        if (value.is_array()) {
            for (const auto& v : value) {
                values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
            }
        } else {
            values.push_back(value.is_string() ? value.get<std::string>() : value.dump());
        }
        if (!parameter->read_only) {
            for (const auto& v : values) {
                if (parameter->type == ParameterType::multi && v == "NONE") {
                    continue;
                }
                if (check_value(*parameter, v)) {
                    throw std::runtime_error("seed: " + product.code + " parameter " + key + " value " + v +
                                             " is not allowed (" + describe_allowed(*parameter) + ")");
                }
            }
        }
    }
    return normalize(product, raw);
}

}  // namespace

json parse_seed_text(const std::string& text) {
    if (text.size() > k_max_seed_bytes) {
        throw std::length_error("the seed is " + std::to_string(text.size()) + " bytes, more than the " +
                                std::to_string(k_max_seed_bytes) + "-byte limit");
    }
    const std::size_t start = text.find_first_not_of(" \t\r\n");
    if (start != std::string::npos && text[start] == '{') {
        return json::parse(text);
    }
    std::size_t budget = k_max_seed_values;
    try {
        refuse_expansion_beyond(text, budget);
        return yaml_to_json(YAML::Load(text), budget);
    } catch (const YAML::Exception& e) {
        throw std::invalid_argument("the seed is not valid YAML: " + e.msg);
    }
}

namespace {

// Moves the clock (frozen or running) to the seeded day; seeding defines history: billing starts that day.
void seed_clock(State& state, const json& c, std::int64_t real_now) {
    const std::int64_t current = state.clock.at(real_now);
    std::int64_t target = current;
    if (c.contains("today")) {
        target = pacific_midnight_utc_millis(as_date(c["today"], to_pacific(current).date)) +
                 c.value("hour", 10) * 3600000LL;
    }
    state.clock.frozen = c.value("frozen", state.clock.frozen);
    if (state.clock.frozen) {
        state.clock.frozen_millis = target;
    } else {
        state.clock.offset_millis = target - real_now;
    }
    state.open_day = days_since_epoch(to_pacific(target).date);
}

void seed_organization(State& state, const json& org) {
    if (org.contains("rootAccountId")) {
        state.root_account = as_int(org["rootAccountId"]);
    }
    for (const auto& account : member(org, "accounts")) {
        if (account.is_object()) {
            state.accounts[as_int(account.at("id"))] = account.value("name", "");
        } else {
            state.accounts[as_int(account)] = "";
        }
    }
}

void seed_programs(State& state, const json& programs, const Date& today, Dirty& dirty) {
    for (const auto& p : programs) {
        Program program;
        program.serial = p.at("serialNumber").get<std::string>();
        program.account_id = p.contains("accountId") ? as_int(p["accountId"]) : state.root_account;
        program.start = as_date(p.at("startDate"), today);
        program.end = as_date(p.at("endDate"), today);
        program.prepaid = p.value("prepaid", program.serial.rfind("ELAVMR", 0) == 0);
        program.purchased_points = p.contains("points") ? as_int(p["points"]) : 0;
        program.discount = p.value("discount", 1.0);
        state.programs[program.serial] = program;
        dirty.programs.insert(program.serial);
    }
}

void seed_users(State& state, const json& users, Dirty& dirty) {
    for (const auto& u : users) {
        ApiUser user;
        user.username = u.at("username").get<std::string>();
        user.password_hash = hash_password(u.at("password").get<std::string>());
        const json scope = u.contains("scope") ? u["scope"] : json("all");
        user.all_accounts = scope.is_string() && scope.get<std::string>() == "all";
        if (scope.is_array()) {
            for (const auto& a : scope) {
                user.accounts.insert(as_int(a));
            }
        }
        user.read_write = u.value("access", std::string("readwrite")) != "readonly";
        user.home_account = u.contains("homeAccountId") ? as_int(u["homeAccountId"]) : state.root_account;
        state.users[user.username] = user;
        dirty.users.insert(user.username);
    }
}

void seed_configs(State& state, const Catalog& catalog, const json& seed, Dirty& dirty) {
    // Configurations without a programSerialNumber belong to the seed's first program.
    const json& seeded_programs = member(seed, "programs");
    const std::string default_program = !seeded_programs.empty()
                                            ? seeded_programs[0].at("serialNumber").get<std::string>()
                                        : state.programs.empty() ? std::string()
                                                                 : state.programs.begin()->first;
    for (const auto& c : member(seed, "configs")) {
        const ProductType& product = product_named(catalog, c.at("product"));
        Config config;
        config.id = c.contains("id") ? as_int(c["id"]) : state.next_config_id++;
        state.next_config_id = std::max(state.next_config_id, config.id + 1);
        config.name = c.at("name").get<std::string>();
        config.account_id = as_int(c.at("accountId"));
        config.program = c.value("programSerialNumber", default_program);
        config.product_id = product.id;
        config.active = c.value("status", std::string("ACTIVE")) != "DISABLED";
        config.day_enabled = config.active;
        config.parameters = seed_parameters(product, member(c, "parameters", true));
        state.configs[config.id] = config;
        dirty.configs.insert(config.id);
    }
}

const Config& seeded_config(const State& state, const json& e) {
    if (e.contains("configId")) {
        const auto it = state.configs.find(as_int(e["configId"]));
        if (it != state.configs.end()) {
            return it->second;
        }
    } else {
        const std::string name = e.at("config").get<std::string>();
        const std::int64_t account = as_int(e.at("accountId"));
        for (const auto& [id, candidate] : state.configs) {
            if (candidate.name == name && candidate.account_id == account) {
                return candidate;
            }
        }
    }
    throw std::runtime_error("seed: entitlement refers to an unknown configuration: " + e.dump());
}

// A VM's token is derived from its serial, so a reseeded emulator hands out the same tokens.
std::string seeded_token(const std::string& serial) {
    static const char k_hex[] = "0123456789ABCDEF";
    std::string token(20, '0');
    for (std::size_t k = 0; k < token.size(); ++k) {
        token[k] = k_hex[(std::hash<std::string>{}(serial) >> (k % 16)) % 16];
    }
    return token;
}

struct SeedContext {
    State& state;
    const Catalog& catalog;
    const RateCard& rates;
    std::int64_t now;
    Date today;
    int history_days;
    Dirty& dirty;
};

void seed_entitlement(SeedContext& s, const json& e, const Config& config, const ProductType& product,
                      const Program& program, std::string serial) {
    Entitlement ent;
    ent.serial = std::move(serial);
    ent.config_id = config.id;
    ent.account_id = config.account_id;
    ent.program = config.program;
    ent.description = e.value("description", "");
    ent.start_millis = s.now;
    ent.end_date = e.contains("endDate") ? as_date(e["endDate"], s.today) : program.end;
    const std::string default_status = product.form_factor == FormFactor::vm ? "PENDING" : "ACTIVE";
    ent.status = e.value("status", default_status);
    if (product.form_factor == FormFactor::vm) {
        ent.token = seeded_token(ent.serial);
        ent.token_status = e.value("tokenStatus", ent.status == "PENDING" ? std::string("NOTUSED") : "USED");
        ent.folder_path = e.value("folderPath", std::string("My Assets"));
    } else if (product.form_factor == FormFactor::cloud) {
        ent.folder_path = e.value("folderPath", std::string("My Assets"));
    }
    for (const auto& [key, value] : member(e, "metered", true).items()) {
        const Parameter* parameter = product.find_parameter(std::string_view{key});
        if (!parameter) {
            throw std::runtime_error("seed: unknown metered parameter " + key);
        }
        ent.metered[parameter->id] = as_int(value);
    }
    ent.day_billable = ent.status == "ACTIVE";
    ent.day_rate = entitlement_rate(s.state, s.catalog, s.rates, ent, s.today);
    const int days = e.contains("historyDays") ? static_cast<int>(as_int(e["historyDays"])) : s.history_days;
    backfill_history(s.state, s.catalog, s.rates, ent, days);
    s.dirty.entitlements.insert(ent.serial);
    s.state.add_entitlement(std::move(ent));
}

void seed_entitlements(SeedContext& s, const json& entitlements) {
    for (const auto& e : entitlements) {
        const Config& config = seeded_config(s.state, e);
        const ProductType& product = *s.catalog.find_by_id(config.product_id);
        const Program* program = s.state.program(config.program);
        if (!program) {
            throw std::runtime_error("seed: configuration " + config.name + " has no program");
        }
        const int count = e.contains("count") ? static_cast<int>(as_int(e["count"])) : 1;
        for (int i = 0; i < count; ++i) {
            std::string serial = e.contains("serialNumber") && count == 1
                                     ? e["serialNumber"].get<std::string>()
                                     : s.state.generate_serial(product, *program, s.today);
            seed_entitlement(s, e, config, product, *program, std::move(serial));
        }
    }
}

}  // namespace

void apply_seed(State& state, const Catalog& catalog, const RateCard& rates, const json& seed, std::int64_t real_now,
                Dirty& dirty) {
    dirty.meta = true;
    if (seed.contains("clock")) {
        seed_clock(state, seed["clock"], real_now);
    }
    const std::int64_t now = state.clock.at(real_now);
    const Date today = to_pacific(now).date;
    if (state.open_day == 0) {
        state.open_day = days_since_epoch(today);
    }
    if (seed.contains("organization")) {
        seed_organization(state, seed["organization"]);
    }
    seed_programs(state, member(seed, "programs"), today, dirty);
    seed_users(state, member(seed, "apiUsers"), dirty);
    seed_configs(state, catalog, seed, dirty);
    const int history_days = seed.contains("history") ? static_cast<int>(seed["history"].value("days", 0)) : 0;
    SeedContext context{state, catalog, rates, now, today, history_days, dirty};
    seed_entitlements(context, member(seed, "entitlements"));
}

}  // namespace flexform::emulator
