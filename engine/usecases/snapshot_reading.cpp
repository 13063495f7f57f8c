#include "engine/usecases/snapshot_reading.h"

#include <algorithm>

#include "engine/plan/settle.h"

namespace flexform {

namespace {

// The stored snapshot this command may use: one no older than its max age, else none.
std::optional<LiveSnapshot> young_enough(const SnapshotAccess& access, const std::string& program,
                                         std::int64_t& age_seconds) {
    if (!access.store || !access.max_age_seconds) {
        return std::nullopt;
    }
    std::optional<LiveSnapshot> snapshot;
    try {
        snapshot = access.store->latest_snapshot(access.service, program);
    } catch (const StoreError&) {
        return std::nullopt;  // a store that cannot be read: FortiFlex can
    }
    if (!snapshot) {
        return std::nullopt;
    }
    const auto taken = utc_seconds(snapshot->taken_at);
    const auto now = utc_seconds(access.now);
    if (!taken || !now) {
        return std::nullopt;
    }
    // A snapshot stamped slightly ahead (another host's clock) is as young as can be, not of a negative age.
    age_seconds = std::max<std::int64_t>(0, *now - *taken);
    if (age_seconds > *access.max_age_seconds) {
        return std::nullopt;
    }
    return snapshot;
}

}  // namespace

SnapshotReading::SnapshotReading(Provider& live, const SnapshotAccess& access, const std::string& program)
    : m_live(live), m_access(access), m_program(program) {
    if (!access.store) {
        return;
    }
    std::int64_t age = 0;
    if (auto snapshot = young_enough(access, program, age)) {
        m_origin = SnapshotOrigin{snapshot->taken_at, age};
        m_provider = std::make_unique<SnapshotProvider>(live, std::move(*snapshot));
    } else {
        m_provider = std::make_unique<SnapshotProvider>(live);
    }
}

void SnapshotReading::keep() {
    if (!m_provider) {
        return;
    }
    if (const std::optional<LiveSnapshot> read = m_provider->full_read(m_program, m_access.now)) {
        try {
            m_access.store->save_snapshot(m_access.service, *read, k_snapshots_kept);
        } catch (const StoreError&) {
            // Not kept: the command's result stands without it.
        }
    }
}

void forget_snapshots(const SnapshotAccess& access, const std::string& program) {
    if (access.store) {
        access.store->forget_snapshots(access.service, program);
    }
}

}  // namespace flexform
