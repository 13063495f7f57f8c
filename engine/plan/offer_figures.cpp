#include "engine/plan/offer_figures.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace flexform {

namespace {

// What a configuration change does to its parameters, value by value: (parameter, value, added?). Two changes with
// the same one are the same change of the offer, whatever each customer's overrides hold besides.
using ParameterDiff = std::set<std::tuple<int, std::string, bool>>;

ParameterDiff diff_of(const ParameterSet& before, const ParameterSet& after) {
    ParameterDiff out;
    const auto one_side = [&](const ParameterSet& from, const ParameterSet& to, bool added) {
        for (const auto& [id, values] : from.values) {
            const auto other = to.values.find(id);
            for (const auto& v : values) {
                if (other == to.values.end() ||
                    std::find(other->second.begin(), other->second.end(), v) == other->second.end()) {
                    out.insert({id, v, added});
                }
            }
        }
    };
    one_side(before, after, false);
    one_side(after, before, true);
    return out;
}

}  // namespace

std::vector<OfferFigures> offer_figures(const Plan& plan) {
    std::vector<OfferFigures> out;
    std::map<std::tuple<std::string, int, ParameterDiff>, std::size_t> group_of;
    std::vector<std::set<std::int64_t>> accounts;
    for (std::size_t i = 0; i < plan.changes.size(); ++i) {
        const Change& c = plan.changes[i];
        if (c.offer.empty() || c.action != ActionKind::update_config || !c.before.parameters || !c.after.parameters ||
            *c.before.parameters == *c.after.parameters) {
            continue;
        }
        const auto key = std::make_tuple(c.offer, c.product_id, diff_of(*c.before.parameters, *c.after.parameters));
        auto [it, inserted] = group_of.emplace(key, out.size());
        if (inserted) {
            OfferFigures f;
            f.offer = c.offer;
            f.product_id = c.product_id;
            f.before = *c.before.parameters;
            f.after = *c.after.parameters;
            out.push_back(std::move(f));
            accounts.emplace_back();
        }
        OfferFigures& f = out[it->second];
        ++f.configurations;
        f.devices += c.reprice.entitlements;
        f.delta_per_day += c.points.delta();
        f.changes.push_back(i);
        accounts[it->second].insert(c.account_id);
    }
    for (std::size_t g = 0; g < out.size(); ++g) {
        out[g].accounts = static_cast<int>(accounts[g].size());
    }
    return out;
}

}  // namespace flexform
