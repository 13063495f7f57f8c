// ConsumptionStore is the port the engine needs to keep daily consumption (one row per Pacific day and entitlement
// serial) beyond FortiFlex's 90-day window, and the newest snapshots of each program's live state. providers/store
// implements it with SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/model/date.h"
#include "engine/model/live_snapshot.h"

namespace flexform {

struct ConsumptionRow {
    Date day;
    std::string serial;
    std::string program;
    std::int64_t account_id = 0;
    std::optional<std::int64_t> config_id;
    std::string config_name;       // as it was named when pulled
    std::int64_t centipoints = 0;  // points x 100: sums stay exact
    std::string pulled_at;         // UTC ISO 8601
};

struct ConsumptionQuery {
    std::string program;
    Date from;
    Date to;  // inclusive
    std::optional<std::string> serial;
    std::optional<std::int64_t> account_id;
};

enum class GroupBy { serial, account, config, day, day_and_account, serial_and_account };

struct AggregateRow {
    std::string key;              // serial, account id, config id or day, as text
    std::string second_key;       // the account id for day_and_account and serial_and_account
    std::int64_t account_id = 0;  // for serial/config groups: the (last) account seen
    std::int64_t centipoints = 0;
    std::int64_t rows = 0;
    std::int64_t devices = 0;      // distinct serials
    std::int64_t active_days = 0;  // distinct days with points above zero
};

// One serial's consumption over a range, per account and configuration it was stored under.
struct SerialTotal {
    std::string serial;
    std::int64_t account_id = 0;
    std::optional<std::int64_t> config_id;
    std::int64_t centipoints = 0;
    std::int64_t days = 0;         // days with a row
    std::int64_t active_days = 0;  // days with points above zero
};

// A configuration as the store last knew it.
struct StoredConfig {
    std::int64_t id = 0;
    std::string name;
};

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ConsumptionStore {
public:
    virtual ~ConsumptionStore() = default;

    virtual int schema_version() = 0;
    // Replaces one day of one program in a single transaction: a re-pull never double-counts.
    virtual void replace_day(const std::string& program, const Date& day, const std::vector<ConsumptionRow>& rows) = 0;
    virtual std::vector<AggregateRow> aggregate(const ConsumptionQuery& query, GroupBy group_by) = 0;
    // Per serial, account and configuration: what reports by serial, customer or configuration and invoices need.
    virtual std::vector<SerialTotal> serial_totals(const ConsumptionQuery& query) = 0;
    // The days of the range that were pulled (an empty day counts: it was pulled and held nothing).
    virtual std::vector<Date> stored_days(const std::string& program, const Date& from, const Date& to) = 0;
    // config id -> the name it had in the latest pulled row of the range.
    virtual std::map<std::int64_t, std::string> config_names(const std::string& program, const Date& from,
                                                             const Date& to) = 0;
    // Whether anything of the program was ever stored.
    virtual bool knows_program(const std::string& program) = 0;
    // The account a serial was last stored under, if it ever was.
    virtual std::optional<std::int64_t> account_of_serial(const std::string& program, const std::string& serial) = 0;
    // The configuration a serial was last stored under, if it ever was under one: a unit removed from FortiFlex
    // leaves every list the day it is removed, and that day is still billed.
    virtual std::optional<StoredConfig> config_of_serial(const std::string& program, const std::string& serial) = 0;
    // Keeps `snapshot` as the newest full read of its program from the FortiFlex service `service` (its API URL), and
    // of that program and service only the newest `keep`, so the store does not grow with every read.
    virtual void save_snapshot(const std::string& service, const LiveSnapshot& snapshot, int keep) = 0;
    // The newest snapshot of the program from that service; none when there is none, or none this flexform reads.
    virtual std::optional<LiveSnapshot> latest_snapshot(const std::string& service, const std::string& program) = 0;
    // Drops every snapshot of the program from that service: an apply is about to change its live state.
    virtual void forget_snapshots(const std::string& service, const std::string& program) = 0;
    virtual std::string describe() const = 0;  // the backend and location, never a password
};

}  // namespace flexform
