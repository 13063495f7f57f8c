// Chargeback terms: what a customer pays for a FortiFlex point. Money is integers (millionths of the currency for
// prices, cents for amounts) so an invoice adds up to the cent however many lines it has.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/source_pos.h"

namespace flexform {

inline constexpr std::int64_t k_micros = 1'000'000;

// A customer's terms: a price of its own, or a markup on the program-wide price of flexform.yaml.
struct BillingTerms {
    std::optional<std::int64_t> price_micros;   // per point
    std::optional<std::int64_t> markup_micros;  // percent x 1e6 ("12.5" -> 12'500'000)
    std::string currency;                       // ISO 4217; empty: the project's
    SourcePos pos;                              // spec.billing
};

// The program-wide price (flexform.yaml spec.billing).
struct ProgramPrice {
    std::int64_t price_micros = 0;
    std::string currency;
    SourcePos pos;
};

// "0.125" -> 125000. Plain decimals only (no sign, exponent or more than six decimals); nullopt otherwise.
std::optional<std::int64_t> parse_micros(std::string_view text);
// 125000 -> "0.125", 100000 -> "0.10": at least two decimals, no trailing zeros beyond them.
std::string format_micros(std::int64_t micros);
// 1234 -> "12.34", -5 -> "-0.05".
std::string format_cents(std::int64_t cents);
// A price raised by a markup, rounded half up to the millionth.
std::int64_t marked_up(std::int64_t price_micros, std::int64_t markup_micros);
// What `centipoints` cost at `price_micros` per point, rounded half up to the cent.
std::int64_t amount_cents(std::int64_t centipoints, std::int64_t price_micros);

struct UnitPrice {
    std::int64_t price_micros = 0;
    std::string currency;
    std::string basis;  // "customer price" or "program price 0.10 + 25%"
};

// The price a customer pays per point, or nullopt when it has no terms (or a markup with no program price).
std::optional<UnitPrice> unit_price(const std::optional<BillingTerms>& terms,
                                    const std::optional<ProgramPrice>& program);

}  // namespace flexform
