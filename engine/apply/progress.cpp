#include "engine/apply/progress.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "engine/apply/run_finished_line.h"
#include "engine/model/unsafe_text.h"

namespace flexform {

using ojson = nlohmann::ordered_json;

std::string action_label(const Change& c) {
    // A live serial is text FortiFlex returned: shown escaped on the terminal.
    return std::string(1, symbol(c.action)) + " " + escape_unsafe(c.address) + " " + std::string(to_string(c.action));
}

ProgressObserver::ProgressObserver(std::function<void(const std::string&)> write_line,
                                   std::function<double()> seconds_now)
    : m_write(std::move(write_line)), m_now(std::move(seconds_now)) {
    m_start = m_now ? m_now() : 0.0;
}

std::string ProgressObserver::stamp(std::size_t ordinal, std::size_t total) const {
    const long long elapsed = m_now ? static_cast<long long>(m_now() - m_start) : 0;
    char text[64];
    if (ordinal == 0) {
        std::snprintf(text, sizeof text, "[-/%zu %02lld:%02lld]", total, elapsed / 60, elapsed % 60);
    } else {
        std::snprintf(text, sizeof text, "[%zu/%zu %02lld:%02lld]", ordinal, total, elapsed / 60, elapsed % 60);
    }
    return text;
}

void ProgressObserver::action_started(const Change& c, std::size_t ordinal, std::size_t total) {
    m_write(stamp(ordinal, total) + " " + action_label(c) + ": started");
}

void ProgressObserver::action_still_running(const Change& c, double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f s", seconds);
    m_write(std::string(12, ' ') + action_label(c) + ": still running (" + text + ")");
}

void ProgressObserver::action_finished(const Change& c, const ActionOutcome& o, std::size_t, std::size_t total) {
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%.2f s", o.seconds);
    std::string line = stamp(o.ordinal, total) + " " + action_label(c) + ": " + std::string(to_string(o.status));
    if (o.status == OutcomeStatus::done || o.status == OutcomeStatus::failed || o.status == OutcomeStatus::unknown) {
        line += " (" + std::string(elapsed) + ")";
    }
    if (o.recovered) {
        line += " (confirmed by re-reading after a lost answer)";
    }
    if (!o.error.empty()) {
        line += ": " + o.error;
    }
    m_write(line);
}

EventStreamObserver::EventStreamObserver(std::function<void(const std::string&)> write_line,
                                         std::function<std::string()> utc_now)
    : m_write(std::move(write_line)), m_now(std::move(utc_now)) {}

void EventStreamObserver::run_started(const Plan& plan) {
    m_write(ojson{
        {"event", "run_started"}, {"time", m_now()}, {"program", plan.program_serial}, {"actions", plan.changes.size()}}
                .dump());
}

void EventStreamObserver::action_started(const Change& c, std::size_t ordinal, std::size_t total) {
    m_write(ojson{{"event", "action_started"},
                  {"time", m_now()},
                  {"ordinal", ordinal},
                  {"total", total},
                  {"address", c.address},
                  {"action", std::string(to_string(c.action))}}
                .dump());
}

void EventStreamObserver::action_still_running(const Change& c, double seconds) {
    m_write(ojson{{"event", "action_still_running"},
                  {"time", m_now()},
                  {"address", c.address},
                  {"action", std::string(to_string(c.action))},
                  {"seconds", seconds}}
                .dump());
}

void EventStreamObserver::action_finished(const Change& c, const ActionOutcome& o, std::size_t finished,
                                          std::size_t total) {
    m_write(ojson{{"event", "action_finished"},
                  {"time", m_now()},
                  {"finished", finished},
                  {"total", total},
                  {"address", c.address},
                  {"action", std::string(to_string(c.action))},
                  {"status", std::string(to_string(o.status))},
                  {"failure", std::string(to_string(o.failure))},
                  {"error", o.error},
                  {"seconds", o.seconds},
                  {"serials", o.serials},
                  {"attempts", o.attempts.size()}}
                .dump());
}

void EventStreamObserver::run_finished(const ApplyResult& result) {
    m_write(run_finished_line("event", m_now(), result));
}

}  // namespace flexform
