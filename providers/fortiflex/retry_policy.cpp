#include "providers/fortiflex/retry_policy.h"

#include <algorithm>

#include "engine/catalog/catalog.h"

namespace flexform::fortiflex {

NextStep next_step(Safety safety, AttemptClass result, int attempt, int max_attempts) {
    const bool more = attempt < max_attempts;
    switch (result) {
        case AttemptClass::ok:
            return NextStep::done;
        case AttemptClass::invalid_token:
            return more ? NextStep::login_again : NextStep::fail;
        case AttemptClass::rate_limited:
        case AttemptClass::not_sent:
            return more ? NextStep::retry : NextStep::fail;
        case AttemptClass::refused:
        case AttemptClass::tls:
            return NextStep::fail;
        case AttemptClass::server_error:
        case AttemptClass::bad_response:
        case AttemptClass::lost_after_send:
        case AttemptClass::timed_out_after_send:
        case AttemptClass::abandoned:
            if (safety == Safety::create) {
                return NextStep::outcome_unknown;
            }
            if (result == AttemptClass::abandoned) {
                return safety == Safety::read ? NextStep::fail : NextStep::outcome_unknown;
            }
            if (result == AttemptClass::bad_response && safety == Safety::read) {
                return NextStep::fail;  // a read that keeps answering nonsense will not improve
            }
            return more ? NextStep::retry : (safety == Safety::read ? NextStep::fail : NextStep::outcome_unknown);
    }
    return NextStep::fail;
}

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max, std::function<double()> random_unit)
    : m_base(base), m_max(max), m_random(std::move(random_unit)) {}

std::chrono::milliseconds Backoff::delay(int attempt, const std::string& retry_after) const {
    if (const auto seconds = parse_integer(retry_after); seconds && *seconds >= 0) {
        return std::min(std::chrono::milliseconds(*seconds * 1000), m_max);
    }
    const double exponential =
        static_cast<double>(m_base.count()) * static_cast<double>(1LL << std::min(attempt - 1, 20));
    const double capped = std::min(exponential, static_cast<double>(m_max.count()));
    // Jitter between half and all of the delay spreads concurrent retries apart.
    const double unit = m_random ? m_random() : 0.5;
    return std::chrono::milliseconds(static_cast<long long>(capped * (0.5 + 0.5 * unit)));
}

}  // namespace flexform::fortiflex
