#include "engine/plan/changes.h"

#include "engine/plan/digest.h"

namespace flexform {

namespace {

// What a configuration takes from an offer (its label and position are for people, not for FortiFlex).
bool same_terms(const Offer& a, const Offer& b) {
    return a.product_id == b.product_id && a.parameters == b.parameters && a.overridable == b.overridable &&
           a.description == b.description && a.folder_path == b.folder_path && a.skip_pending == b.skip_pending;
}

std::set<std::string> changed_offers(const DesiredState& before, const DesiredState& after,
                                     const std::set<std::string>& files) {
    std::set<std::string> out;
    for (const auto& offer : after.offers) {
        const Offer* then = before.find_offer(offer.name);
        if (!then || !same_terms(*then, offer)) {
            out.insert(offer.name);
        }
    }
    for (const auto& offer : before.offers) {
        if (files.count(offer.pos.file) && !after.find_offer(offer.name)) {
            out.insert(offer.name);
        }
    }
    return out;
}

}  // namespace

CustomerChanges customer_changes(const DesiredState& before, const DesiredState& after,
                                 const std::set<std::string>& files) {
    std::set<std::string> candidates;
    std::set<std::string> forced;  // using an offer that changed
    const std::set<std::string> offers = changed_offers(before, after, files);
    for (const auto& c : after.customers) {
        for (const auto& config : c.configs) {
            if (!config.offer.empty() && offers.count(config.offer)) {
                candidates.insert(c.name);
                forced.insert(c.name);
            }
        }
    }
    for (const auto& c : after.customers) {
        if (files.count(c.pos.file)) {
            candidates.insert(c.name);
        }
    }
    for (const auto& c : before.customers) {
        candidates.insert(c.name);
    }
    CustomerChanges out;
    for (const auto& name : candidates) {
        const bool now = after.find_customer(name) != nullptr;
        const bool then = before.find_customer(name) != nullptr;
        if (!now) {
            out.removed.push_back(name);
        } else if (!then || forced.count(name) || manifest_digest(before, {name}) != manifest_digest(after, {name})) {
            out.changed.push_back(name);
        }
    }
    return out;
}

}  // namespace flexform
