// JournalStore is the port where apply journals live (providers/journal keeps them as files in .flexform/journal).
// A run writes one journal; later runs look for journals whose outcome is not fully known.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flexform {

class JournalWriter {
public:
    virtual ~JournalWriter() = default;
    virtual void write_line(const std::string& line) = 0;  // durable when it returns
    virtual std::string location() const = 0;              // for the user: the journal's path
};

struct StoredJournal {
    std::string id;  // its location
    std::string text;
};

class JournalStore {
public:
    virtual ~JournalStore() = default;
    virtual std::unique_ptr<JournalWriter> create(const std::string& program) = 0;
    // Journals of `program` not yet marked re-checked, oldest first.
    virtual std::vector<StoredJournal> open_journals(const std::string& program) = 0;
    virtual void append(const std::string& id, const std::string& line) = 0;
    // The first line (the run's header) of every journal of `program`, settled or not, as `text`: how apply finds
    // the run that already applied a saved plan. A store that cannot list them cheaply lists none.
    virtual std::vector<StoredJournal> journal_headers(const std::string& /*program*/) { return {}; }
    // Whether the run that wrote a journal (its header's host and pid) is still running: only a run of this host
    // can be checked, so a run elsewhere or without a pid counts as not running.
    virtual bool writer_running(const std::string& host, const std::string& pid) = 0;
};

}  // namespace flexform
