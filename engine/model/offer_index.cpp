#include "engine/model/offer_index.h"

#include "engine/model/desired.h"

namespace flexform {

OfferIndex index_offers(const DesiredState& desired) {
    OfferIndex index;
    for (const auto& customer : desired.customers) {
        for (const auto& config : customer.configs) {
            if (!config.offer.empty()) {
                index.offer_of_config[{customer.account_id, config.name}] = config.offer;
            }
        }
    }
    for (const auto& offer : desired.offers) {
        index.labels[offer.name] = offer.label;
    }
    return index;
}

}  // namespace flexform
