// PendingCreates is the port where a create whose answer may never come is remembered (and, beside it, every unit
// flexform removed from FortiFlex): each create that could duplicate an object or be refused if sent again (a
// configuration, VMs, a cloud service, hardware serials) is recorded durably before its request goes out, closed when
// its outcome is definite, and left open when it is not (a lost answer, a timeout, a 5xx, a kill). Every later writer
// of the program reads the open ones and re-creates nothing until the object is found or proven absent after its
// settle window. providers/pending keeps them beside the host's lock files, or in the PostgreSQL database when
// that is the lock. A store is bound to one FortiFlex service (API URL) and one program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flexform {

// config: a configuration by name; vms and cloud: entitlements counted under a configuration; serials: hardware
// serials entitled under a configuration (FortiFlex entitles a serial once: a second send is refused, and each
// refusal spends the create-error allowance).
enum class PendingKind { config, vms, cloud, serials };

struct PendingCreate {
    std::string id;  // unique per store: the run and the change
    PendingKind kind = PendingKind::config;
    std::string customer;
    std::int64_t account_id = 0;
    std::string config_name;  // the configuration created, or the one VMs are created under
    int product_id = 0;
    std::int64_t config_id = 0;        // vms, cloud, serials: the configuration they are created under
    int count = 0;                     // vms, cloud: how many were asked for
    int baseline = 0;                  // vms, cloud: entitlements the configuration had before the send
    std::vector<std::string> serials;  // serials: the ones being entitled
    std::int64_t sent_at = 0;          // UTC seconds since the epoch of the latest send
    int window_seconds = 0;            // the request timeout plus the settle margin in force when it was sent
    std::string writer;                // "host pid N", for messages
    std::string note;                  // why it stays open, once known ("no answer in time after sending")

    std::int64_t settles_at() const { return sent_at + window_seconds; }
    bool operator==(const PendingCreate&) const = default;
};

// A hardware unit flexform removed from FortiFlex (a swap's decommission). A removed unit leaves every list and
// FortiFlex never entitles it again, so only this record lets a later plan refuse to declare it again.
struct RemovedUnit {
    std::string serial;
    std::int64_t account_id = 0;
    std::int64_t removed_at = 0;  // UTC seconds since the epoch of the removal's send
    std::string writer;           // "host pid N"
    bool operator==(const RemovedUnit&) const = default;
};

class PendingCreates {
public:
    virtual ~PendingCreates() = default;
    // Durable when it returns; a record with the same id is replaced (a later send of the same create).
    virtual void record(const PendingCreate& create) = 0;
    virtual void close(const std::string& id) = 0;  // no error when it is already closed
    virtual std::vector<PendingCreate> open() = 0;  // oldest first
    // Durable when it returns, before the removal is sent (its answer may be lost); kept for good.
    virtual void record_removed(const RemovedUnit& unit) = 0;
    virtual std::vector<RemovedUnit> removed() = 0;
    virtual std::string describe() const = 0;  // where they are kept, for messages
};

}  // namespace flexform
