// The apply journal: one JSON line per event, written through a sink before each request is sent and again with
// its outcome, so a crash (kill -9) leaves a record of what may have been sent. read_journal finds what an
// interrupted run left without an outcome, for the next plan or apply to re-check.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/apply/applier.h"

namespace flexform {

class JournalObserver : public ApplyObserver {
public:
    // `write_line` must make the line durable before returning (append + flush).
    JournalObserver(std::function<void(const std::string&)> write_line, std::function<std::string()> utc_now,
                    std::map<std::string, std::string> header);

    void run_started(const Plan& plan) override;
    void action_started(const Change& change, std::size_t ordinal, std::size_t total) override;
    void action_finished(const Change& change, const ActionOutcome& outcome, std::size_t finished,
                         std::size_t total) override;
    void run_finished(const ApplyResult& result) override;

private:
    std::function<void(const std::string&)> m_write;
    std::function<std::string()> m_now;
    std::map<std::string, std::string> m_header;  // host, user, pid...: who ran it
    const Plan* m_plan = nullptr;
};

// A line that marks an old journal as re-checked by a later run (appended to it).
std::string journal_reconciled_line(const std::string& utc_now, const std::string& by);

struct JournalEntry {
    std::string address;
    std::string action;
    std::string status;  // "started" (no outcome recorded), or "unknown"
};

struct JournalState {
    bool valid = false;       // it was a journal at all
    bool finished = false;    // the run recorded its end
    bool reconciled = false;  // a later run already re-checked it
    std::string started_at;
    std::string program;
    std::string host;  // who ran it, from the run's header (empty in journals that recorded none)
    std::string pid;
    std::vector<JournalEntry> unresolved;  // actions that may have happened without flexform knowing
    bool needs_recheck() const { return valid && !reconciled && (!finished || !unresolved.empty()); }
};

JournalState read_journal(const std::string& text);

}  // namespace flexform
