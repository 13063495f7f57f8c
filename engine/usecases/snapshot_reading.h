// SnapshotReading is how a read-only use case reads live state with snapshots: over a young enough stored snapshot
// when the command allows one (--max-age), else over FortiFlex; and a full live read is kept as the newest snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/model/live_snapshot.h"
#include "engine/ports/consumption_store.h"
#include "engine/usecases/snapshot_provider.h"

namespace flexform {

inline constexpr int k_snapshots_kept = 3;  // per service and program: the store does not grow with every read

// Where snapshots are kept and whether this command may use one. No store: none is read or kept.
struct SnapshotAccess {
    ConsumptionStore* store = nullptr;
    std::string service;                          // the FortiFlex API URL the snapshots are keyed by
    std::optional<std::int64_t> max_age_seconds;  // none: read FortiFlex (plan, drift and apply always do)
    std::string now;                              // UTC ISO 8601, the command's start

    // The same place with no snapshot to be used: for the verbs that must read FortiFlex.
    SnapshotAccess keep_only() const {
        SnapshotAccess out = *this;
        out.max_age_seconds.reset();
        return out;
    }
};

class SnapshotReading {
public:
    SnapshotReading(Provider& live, const SnapshotAccess& access, const std::string& program);

    Provider& provider() { return m_provider ? *m_provider : m_live; }
    // Set when the reads were answered from a snapshot: its time and age.
    const std::optional<SnapshotOrigin>& origin() const { return m_origin; }
    // After the reads: keeps a full live read of the program as its newest snapshot. A snapshot is a saving, never
    // needed: a store that cannot read or keep one costs the command nothing (it reads FortiFlex, and the next full
    // read tries again).
    void keep();

private:
    Provider& m_live;
    SnapshotAccess m_access;
    std::string m_program;
    std::unique_ptr<SnapshotProvider> m_provider;  // none without a store: nothing to serve or keep
    std::optional<SnapshotOrigin> m_origin;
};

// Drops the program's snapshots before an apply writes: none may show the state from before it. Throws StoreError (an
// apply stops before its first write rather than leave a snapshot that is about to be wrong).
void forget_snapshots(const SnapshotAccess& access, const std::string& program);

}  // namespace flexform
