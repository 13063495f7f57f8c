// OfferIndex says which offer each declared configuration takes, for reports by offer over live state (status,
// consumption, dashboard), where a configuration is known by its account and name.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace flexform {

struct DesiredState;

struct OfferIndex {
    std::map<std::pair<std::int64_t, std::string>, std::string> offer_of_config;  // (account, config name) -> offer
    std::map<std::string, std::string> labels;                                    // offer -> label

    bool empty() const { return labels.empty(); }
    // The offer of a configuration, or null when it is written in full or not declared.
    const std::string* offer_of(std::int64_t account, const std::string& config) const {
        const auto it = offer_of_config.find({account, config});
        return it == offer_of_config.end() ? nullptr : &it->second;
    }
};

OfferIndex index_offers(const DesiredState& desired);

}  // namespace flexform
