#include "engine/model/billing.h"

namespace flexform {

std::optional<std::int64_t> parse_micros(std::string_view text) {
    if (text.empty() || text.size() > 24) {
        return std::nullopt;
    }
    std::int64_t whole = 0;
    std::int64_t fraction = 0;
    int decimals = 0;
    bool dot = false;
    bool digits = false;
    for (const char c : text) {
        if (c == '.' && !dot) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        digits = true;
        if (dot) {
            if (++decimals > 6) {
                return std::nullopt;
            }
            fraction = fraction * 10 + (c - '0');
        } else {
            whole = whole * 10 + (c - '0');
            if (whole > 1'000'000'000) {  // a billion per point is a typo, and keeps every product in range
                return std::nullopt;
            }
        }
    }
    if (!digits || text.back() == '.' || text.front() == '.') {
        return std::nullopt;
    }
    for (int i = decimals; i < 6; ++i) {
        fraction *= 10;
    }
    return whole * k_micros + fraction;
}

std::string format_micros(std::int64_t micros) {
    const bool negative = micros < 0;
    const std::int64_t value = negative ? -micros : micros;
    std::string fraction = std::to_string(value % k_micros);
    fraction.insert(0, 6 - fraction.size(), '0');
    while (fraction.size() > 2 && fraction.back() == '0') {
        fraction.pop_back();
    }
    return (negative ? "-" : "") + std::to_string(value / k_micros) + "." + fraction;
}

std::string format_cents(std::int64_t cents) {
    const bool negative = cents < 0;
    const std::int64_t value = negative ? -cents : cents;
    const std::int64_t rest = value % 100;
    return (negative ? "-" : "") + std::to_string(value / 100) + "." + (rest < 10 ? "0" : "") + std::to_string(rest);
}

namespace {

// 12'500'000 -> "12.5", 25'000'000 -> "25".
std::string format_percent(std::int64_t micros) {
    std::string text = format_micros(micros);
    while (text.back() == '0') {
        text.pop_back();
    }
    if (text.back() == '.') {
        text.pop_back();
    }
    return text;
}

__extension__ typedef __int128 Wide;  // GCC and Clang both have it; no product of two int64 overflows it

// a * b / divisor, rounded half up, for non-negative operands.
std::int64_t scaled(std::int64_t a, std::int64_t b, std::int64_t divisor) {
    const Wide product = static_cast<Wide>(a) * b;
    return static_cast<std::int64_t>((product + divisor / 2) / divisor);
}

}  // namespace

std::int64_t marked_up(std::int64_t price_micros, std::int64_t markup_micros) {
    return scaled(price_micros, 100 * k_micros + markup_micros, 100 * k_micros);
}

std::int64_t amount_cents(std::int64_t centipoints, std::int64_t price_micros) {
    // (centipoints / 100) points x (micros / 1e6) per point = centipoints x micros / 1e8 currency, / 1e6 in cents.
    if (centipoints < 0) {
        return -scaled(-centipoints, price_micros, k_micros);
    }
    return scaled(centipoints, price_micros, k_micros);
}

std::optional<UnitPrice> unit_price(const std::optional<BillingTerms>& terms,
                                    const std::optional<ProgramPrice>& program) {
    if (!terms) {
        return std::nullopt;
    }
    if (terms->price_micros) {
        return UnitPrice{*terms->price_micros,
                         !terms->currency.empty() ? terms->currency : (program ? program->currency : ""),
                         "customer price"};
    }
    if (terms->markup_micros && program) {
        return UnitPrice{marked_up(program->price_micros, *terms->markup_micros), program->currency,
                         "program price " + format_micros(program->price_micros) + " + " +
                             format_percent(*terms->markup_micros) + "%"};
    }
    return std::nullopt;
}

}  // namespace flexform
