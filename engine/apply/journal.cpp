#include "engine/apply/journal.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/apply/run_finished_line.h"

namespace flexform {

using ojson = nlohmann::ordered_json;

namespace {

ojson attempts_json(const std::vector<Attempt>& attempts) {
    ojson out = ojson::array();
    for (const auto& a : attempts) {
        out.push_back(
            {{"endpoint", a.endpoint}, {"http_status", a.http_status}, {"result", a.result}, {"ms", a.milliseconds}});
    }
    return out;
}

}  // namespace

JournalObserver::JournalObserver(std::function<void(const std::string&)> write_line,
                                 std::function<std::string()> utc_now, std::map<std::string, std::string> header)
    : m_write(std::move(write_line)), m_now(std::move(utc_now)), m_header(std::move(header)) {}

void JournalObserver::run_started(const Plan& plan) {
    m_plan = &plan;
    ojson line = {{"type", "run_started"},
                  {"time", m_now()},
                  {"program", plan.program_serial},
                  {"actions", plan.changes.size()},
                  {"manifest_digest", plan.manifest_digest}};
    for (const auto& [key, value] : m_header) {
        line[key] = value;
    }
    m_write(line.dump());
}

void JournalObserver::action_started(const Change& c, std::size_t ordinal, std::size_t total) {
    ojson line = {{"type", "action_started"},  {"time", m_now()},
                  {"ordinal", ordinal},        {"total", total},
                  {"address", c.address},      {"action", std::string(to_string(c.action))},
                  {"account_id", c.account_id}};
    if (c.serial) {
        line["serial_number"] = *c.serial;
    }
    if (c.config_id) {
        line["config_id"] = *c.config_id;
    }
    if (c.after.serials) {
        line["serials"] = *c.after.serials;
    }
    if (c.after.count) {
        line["count"] = *c.after.count;
    }
    m_write(line.dump());
}

void JournalObserver::action_finished(const Change& c, const ActionOutcome& outcome, std::size_t, std::size_t) {
    ojson line = {{"type", "action_finished"},
                  {"time", m_now()},
                  {"address", c.address},
                  {"action", std::string(to_string(c.action))},
                  {"status", std::string(to_string(outcome.status))},
                  {"failure", std::string(to_string(outcome.failure))},
                  {"error", outcome.error},
                  {"seconds", outcome.seconds},
                  {"serials", outcome.serials},
                  {"recovered", outcome.recovered},
                  {"attempts", attempts_json(outcome.attempts)}};
    if (outcome.config_id) {
        line["config_id"] = *outcome.config_id;
    }
    m_write(line.dump());
}

void JournalObserver::run_finished(const ApplyResult& result) {
    m_write(run_finished_line("type", m_now(), result));
}

std::string journal_reconciled_line(const std::string& utc_now, const std::string& by) {
    return ojson{{"type", "reconciled"}, {"time", utc_now}, {"by", by}}.dump();
}

JournalState read_journal(const std::string& text) {
    JournalState state;
    std::map<std::string, JournalEntry> open;  // "action address" -> entry
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception&) {
            continue;  // a line torn by a crash mid-write
        }
        const std::string type = j.value("type", "");
        const std::string key = j.value("action", "") + " " + j.value("address", "");
        if (type == "run_started") {
            state.valid = true;
            state.started_at = j.value("time", "");
            state.program = j.value("program", "");
            state.host = j.value("host", "");
            state.pid = j.value("pid", "");
        } else if (type == "action_started") {
            open[key] = {j.value("address", ""), j.value("action", ""), "started"};
        } else if (type == "action_finished") {
            if (parse_outcome_status(j.value("status", "")) == OutcomeStatus::unknown) {
                open[key] = {j.value("address", ""), j.value("action", ""), "unknown"};
            } else {
                open.erase(key);
            }
        } else if (type == "run_finished") {
            state.finished = true;
        } else if (type == "reconciled") {
            state.reconciled = true;
        }
    }
    for (auto& [key, entry] : open) {
        state.unresolved.push_back(std::move(entry));
    }
    return state;
}

}  // namespace flexform
