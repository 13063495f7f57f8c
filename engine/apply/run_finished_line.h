// How an apply ended, as one JSON line. The journal and the --json event stream both write it; `kind_key` is the
// field naming the line ("type" in the journal, "event" in the stream).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/apply/applier.h"

namespace flexform {

inline std::string run_finished_line(const char* kind_key, const std::string& time, const ApplyResult& result) {
    return nlohmann::ordered_json{{kind_key, "run_finished"},
                                  {"time", time},
                                  {"done", result.count(OutcomeStatus::done)},
                                  {"failed", result.count(OutcomeStatus::failed)},
                                  {"unknown", result.count(OutcomeStatus::unknown)},
                                  {"skipped", result.count(OutcomeStatus::skipped)},
                                  {"not_attempted", result.count(OutcomeStatus::not_attempted)},
                                  {"waiting", result.count(OutcomeStatus::waiting)},
                                  {"interrupted", result.interrupted},
                                  {"circuit_open", result.circuit_open}}
        .dump();
}

}  // namespace flexform
