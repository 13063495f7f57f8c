// The defaults every layer shares, in one place. (FortiFlex's 90-day window is k_points_window_days, day_range.h.)
#pragma once

namespace flexform {

inline constexpr int k_default_parallelism = 8;           // concurrent API calls
inline constexpr int k_default_requests_per_minute = 90;  // under FortiFlex's 100 a minute
inline constexpr int k_default_requests_per_hour = 900;   // under its 1,000 an hour
inline constexpr int k_default_create_errors_per_hour = 8;  // under its 10 failed creates an hour

}  // namespace flexform
