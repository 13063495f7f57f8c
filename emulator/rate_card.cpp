#include "emulator/rate_card.h"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace flexform::emulator {

using nlohmann::json;

struct RateCard::Impl {
    struct Version {
        Date effective;
        json products;
    };
    std::vector<Version> versions;  // sorted by effective date

    const Version* version_on(const Date& day) const {
        const Version* found = nullptr;
        for (const auto& v : versions) {
            if (v.effective <= day) {
                found = &v;
            }
        }
        return found;
    }
};

namespace {

struct Inputs {
    const ProductType& product;
    const ParameterSet& parameters;
    const std::map<int, std::int64_t>& metered;
};

double numeric_param(const Inputs& in, const std::string& key) {
    const Parameter* parameter = in.product.find_parameter(std::string_view{key});
    if (!parameter) {
        throw std::runtime_error("rate card names unknown parameter " + key + " of " + in.product.code);
    }
    if (parameter->read_only) {
        const auto it = in.metered.find(parameter->id);
        return it == in.metered.end() ? 0.0 : static_cast<double>(it->second);
    }
    const std::string* value = in.parameters.scalar(parameter->id);
    if (!value) {
        return 0.0;
    }
    const auto number = parse_integer(*value);
    // The legacy "unlimited" CPU value would dwarf every price; bill it as the 96-vCPU maximum.
    if (number && parameter->max && *number > *parameter->max) {
        return static_cast<double>(*parameter->max);
    }
    return number ? static_cast<double>(*number) : 0.0;
}

double evaluate(const json& e, const Inputs& in) {
    if (e.is_number()) {
        return e.get<double>();
    }
    if (!e.is_object()) {
        throw std::runtime_error("rate card: bad expression");
    }
    if (e.contains("param")) {
        return numeric_param(in, e["param"].get<std::string>());
    }
    if (e.contains("lookup")) {
        const std::string key = e["lookup"].get<std::string>();
        const Parameter* parameter = in.product.find_parameter(std::string_view{key});
        if (!parameter) {
            throw std::runtime_error("rate card names unknown parameter " + key + " of " + in.product.code);
        }
        const double fallback = e.value("default", 0.0);
        const json& table = e.at("table");
        const auto it = in.parameters.values.find(parameter->id);
        if (it == in.parameters.values.end()) {
            return parameter->type == ParameterType::multi ? 0.0 : fallback;
        }
        double total = 0.0;
        for (const auto& value : it->second) {
            total += table.contains(value) ? table[value].get<double>() : fallback;
        }
        return total;
    }
    if (e.contains("sum")) {
        double total = 0.0;
        for (const auto& term : e["sum"]) {
            total += evaluate(term, in);
        }
        return total;
    }
    if (e.contains("product")) {
        double total = 1.0;
        for (const auto& factor : e["product"]) {
            total *= evaluate(factor, in);
        }
        return total;
    }
    if (e.contains("one_plus")) {
        return 1.0 + evaluate(e["one_plus"], in);
    }
    if (e.contains("band")) {
        const double value = numeric_param(in, e["band"].get<std::string>());
        const json* chosen = nullptr;
        for (const auto& range : e.at("ranges")) {
            if (value >= range.at("min").get<double>()) {
                chosen = &range.at("value");
            }
        }
        return chosen ? evaluate(*chosen, in) : 0.0;
    }
    throw std::runtime_error("rate card: unknown expression " + e.dump());
}

Centipoints round_half_up(double points) {
    // The epsilon absorbs binary noise such as 29.17499999 for an exact 29.175.
    return static_cast<Centipoints>(std::floor(points * 100.0 + 0.5 + 1e-7));
}

}  // namespace

RateCard::RateCard() : m_impl(std::make_unique<Impl>()) {}
RateCard::~RateCard() = default;
RateCard::RateCard(RateCard&&) noexcept = default;
RateCard& RateCard::operator=(RateCard&&) noexcept = default;

RateCard RateCard::from_json(std::string_view json_text) {
    RateCard card;
    const json doc = json::parse(json_text);
    for (const auto& v : doc.at("versions")) {
        const auto effective = parse_date(v.at("effective").get<std::string>());
        if (!effective) {
            throw std::runtime_error("rate card: bad effective date");
        }
        card.m_impl->versions.push_back({*effective, v.at("products")});
    }
    std::sort(card.m_impl->versions.begin(), card.m_impl->versions.end(),
              [](const Impl::Version& a, const Impl::Version& b) { return a.effective < b.effective; });
    if (card.m_impl->versions.empty()) {
        throw std::runtime_error("rate card: no versions");
    }
    return card;
}

const RateCard& RateCard::builtin() {
    static const RateCard card = from_json(builtin_rate_card_json());
    return card;
}

Centipoints RateCard::per_unit(const ProductType& product, const ParameterSet& parameters,
                               const std::map<int, std::int64_t>& metered, const Date& day, double discount) const {
    const Impl::Version* version = m_impl->version_on(day);
    if (!version || !version->products.contains(product.code)) {
        return 0;
    }
    const Inputs in{product, parameters, metered};
    return round_half_up(evaluate(version->products[product.code], in) * discount);
}

Quote RateCard::quote(const ProductType& product, const ParameterSet& parameters,
                      const std::map<int, std::int64_t>& metered, const Date& today, double discount) const {
    Quote q;
    q.current = per_unit(product, parameters, metered, today, discount);
    const Impl::Version* next = nullptr;
    for (const auto& v : m_impl->versions) {
        if (today < v.effective) {
            next = &v;
        }
    }
    if (next) {
        q.latest = per_unit(product, parameters, metered, next->effective, discount);
        q.latest_effective = next->effective;
    }
    return q;
}

}  // namespace flexform::emulator
