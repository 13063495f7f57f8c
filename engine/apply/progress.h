// How a running apply shows itself: lines for people ("[3/180 00:12] + acme/fgt create_config: done (0.42 s)",
// with "still running" for slow calls), or one JSON event per line for machines (`apply --json`). Both write
// through a line sink; neither decides anything.
#pragma once

#include <functional>
#include <string>

#include "engine/apply/applier.h"

namespace flexform {

class ProgressObserver : public ApplyObserver {
public:
    ProgressObserver(std::function<void(const std::string&)> write_line, std::function<double()> seconds_now);

    void action_started(const Change& change, std::size_t ordinal, std::size_t total) override;
    void action_still_running(const Change& change, double seconds) override;
    void action_finished(const Change& change, const ActionOutcome& outcome, std::size_t finished,
                         std::size_t total) override;

private:
    std::string stamp(std::size_t ordinal, std::size_t total) const;
    std::string eta(std::size_t finished, std::size_t total) const;

    std::function<void(const std::string&)> m_write;
    std::function<double()> m_now;
    double m_start = 0.0;
};

class EventStreamObserver : public ApplyObserver {
public:
    EventStreamObserver(std::function<void(const std::string&)> write_line, std::function<std::string()> utc_now);

    void run_started(const Plan& plan) override;
    void action_started(const Change& change, std::size_t ordinal, std::size_t total) override;
    void action_still_running(const Change& change, double seconds) override;
    void action_finished(const Change& change, const ActionOutcome& outcome, std::size_t finished,
                         std::size_t total) override;
    void run_finished(const ApplyResult& result) override;

private:
    std::function<void(const std::string&)> m_write;
    std::function<std::string()> m_now;
};

// "+ acme/fgt create_config"
std::string action_label(const Change& change);

}  // namespace flexform
