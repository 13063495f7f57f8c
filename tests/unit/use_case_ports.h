// In-memory ports for use-case tests beside the FakeProvider: a fixed clock, a lock service that records who took
// it, journals held as text, and a manifest history given as literals.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/ports/clock.h"
#include "engine/ports/journal_store.h"
#include "engine/ports/manifest_history.h"
#include "engine/ports/pending_creates.h"
#include "engine/ports/program_lock.h"

namespace flexform::testing {

class FixedClock : public Clock {
public:
    Date today() const override { return Date{2026, 11, 20}; }
    std::string utc_timestamp() const override { return "2026-11-20T18:00:00Z"; }
    double monotonic_seconds() const override { return 0.0; }
};

class MemoryPending : public PendingCreates {
public:
    std::map<std::string, PendingCreate> records;
    std::vector<std::string> recorded;  // ids, once per record() call
    void record(const PendingCreate& create) override {
        records[create.id] = create;
        recorded.push_back(create.id);
    }
    void close(const std::string& id) override { records.erase(id); }
    std::vector<PendingCreate> open() override {
        std::vector<PendingCreate> out;
        for (const auto& [id, r] : records) {
            out.push_back(r);
        }
        return out;
    }
    std::vector<RemovedUnit> removed_units;
    void record_removed(const RemovedUnit& unit) override { removed_units.push_back(unit); }
    std::vector<RemovedUnit> removed() override { return removed_units; }
    std::string describe() const override { return "memory"; }
};

class RecordingLocks : public LockService {
public:
    std::vector<std::string> acquired;  // programs, in order
    std::unique_ptr<ProgramLock> acquire(const std::string& program, const LockHolder&,
                                         std::chrono::milliseconds) override {
        acquired.push_back(program);
        return std::make_unique<ProgramLock>();
    }
    std::string describe() const override { return "memory"; }
};

class MemoryJournals : public JournalStore {
public:
    std::map<std::string, std::string> texts;  // id -> the journal's lines
    std::set<std::string> running_pids;        // writers still running on this host

    class Writer : public JournalWriter {
    public:
        Writer(std::string& text, std::string id) : m_text(text), m_id(std::move(id)) {}
        void write_line(const std::string& line) override { m_text += line + "\n"; }
        std::string location() const override { return m_id; }

    private:
        std::string& m_text;
        std::string m_id;
    };

    std::unique_ptr<JournalWriter> create(const std::string& program) override {
        const std::string id = "journal-" + program + "-" + std::to_string(texts.size() + 1);
        return std::make_unique<Writer>(texts[id], id);
    }
    std::vector<StoredJournal> open_journals(const std::string&) override {
        std::vector<StoredJournal> out;
        for (const auto& [id, text] : texts) {
            out.push_back({id, text});
        }
        return out;
    }
    void append(const std::string& id, const std::string& line) override { texts.at(id) += line + "\n"; }
    bool writer_running(const std::string&, const std::string& pid) override { return running_pids.count(pid) > 0; }
};

class FakeHistory : public ManifestHistory {
public:
    ManifestChanges changes;
    std::vector<std::string> asked;  // the refs asked for
    ManifestChanges changed_since(const std::string& ref, const std::vector<std::string>&, const std::string&,
                                  const std::vector<std::string>&) override {
        asked.push_back(ref);
        return changes;
    }
};

}  // namespace flexform::testing
