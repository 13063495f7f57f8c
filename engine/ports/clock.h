// Clock is the port for time: the Pacific day FortiFlex bills by (the sandbox emulator's day in --sandbox, so every
// command agrees), UTC timestamps for records, and a monotonic clock for durations.
#pragma once

#include <string>

#include "engine/model/date.h"

namespace flexform {

class Clock {
public:
    virtual ~Clock() = default;
    virtual Date today() const = 0;                 // the service's Pacific date
    virtual std::string utc_timestamp() const = 0;  // "2026-11-20T18:00:01Z"
    virtual double monotonic_seconds() const = 0;
};

}  // namespace flexform
