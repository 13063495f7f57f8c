// RateCard prices a configuration in points per day, from the emulator's rate card data file; tools/calc and the
// daily ledger both use it, so a quote and a charge always agree.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/catalog/catalog.h"
#include "engine/model/date.h"
#include "engine/model/parameters.h"

namespace flexform::emulator {

// Points are kept in integer hundredths ("centipoints"): every FortiFlex figure has two decimals.
using Centipoints = std::int64_t;

struct Quote {
    Centipoints current = 0;  // per unit, under the version in force today
    std::optional<Centipoints> latest;
    std::optional<Date> latest_effective;
};

class RateCard {
public:
    static RateCard from_json(std::string_view json_text);  // throws std::runtime_error
    static const RateCard& builtin();

    RateCard();
    ~RateCard();
    RateCard(RateCard&&) noexcept;
    RateCard& operator=(RateCard&&) noexcept;

    // Per-unit daily points on `day`. `metered` supplies read-only quantities (FortiEDR endpoints...) by id.
    Centipoints per_unit(const ProductType& product, const ParameterSet& parameters,
                         const std::map<int, std::int64_t>& metered, const Date& day, double discount = 1.0) const;
    Quote quote(const ProductType& product, const ParameterSet& parameters, const std::map<int, std::int64_t>& metered,
                const Date& today, double discount = 1.0) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

std::string_view builtin_rate_card_json();

}  // namespace flexform::emulator
