#include "providers/store/store.h"

#include <stdexcept>

namespace flexform {

const std::vector<std::string>& store_migrations() {
    // Append only: a released migration never changes. Types are chosen to mean the same in SQLite and PostgreSQL.
    static const std::vector<std::string> k_migrations = {
        "CREATE TABLE consumption ("
        " day TEXT NOT NULL,"
        " serial_number TEXT NOT NULL,"
        " program_serial TEXT NOT NULL,"
        " account_id BIGINT NOT NULL,"
        " config_id BIGINT,"
        " points_centi BIGINT NOT NULL,"
        " pulled_at TEXT NOT NULL,"
        " PRIMARY KEY (program_serial, day, serial_number));"
        "CREATE INDEX consumption_account_day ON consumption (program_serial, account_id, day);"
        "CREATE TABLE pulled_days ("
        " program_serial TEXT NOT NULL,"
        " day TEXT NOT NULL,"
        " pulled_at TEXT NOT NULL,"
        " row_count BIGINT NOT NULL,"
        " PRIMARY KEY (program_serial, day));",
        // 2: the configuration's name as it was when pulled (reports by configuration), and a serial's rows by day
        // (a serial's account, an invoice's device lines).
        "ALTER TABLE consumption ADD COLUMN config_name TEXT;"
        "CREATE INDEX consumption_serial_day ON consumption (program_serial, serial_number, day);",
        // 3: the newest full reads of each program's live state, per FortiFlex service (API URL): JSON documents
        // (engine/model/live_snapshot.h).
        "CREATE TABLE live_snapshots ("
        " api_url TEXT NOT NULL,"
        " program_serial TEXT NOT NULL,"
        " taken_at TEXT NOT NULL,"
        " body TEXT NOT NULL,"
        " PRIMARY KEY (api_url, program_serial, taken_at));",
    };
    return k_migrations;
}

void refuse_newer(int version, int known, const std::string& where) {
    if (version > known) {
        throw StoreError(where + " has store schema version " + std::to_string(version) + "; this flexform knows " +
                         std::to_string(known) + ". Upgrade flexform before using this store.");
    }
}

std::optional<LiveSnapshot> readable_snapshot(const std::string& body) {
    try {
        return snapshot_from_json(body);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

std::string group_columns(GroupBy group_by, bool postgresql) {
    const std::string account = postgresql ? "account_id::text" : "CAST(account_id AS TEXT)";
    const std::string config = postgresql ? "config_id::text" : "CAST(config_id AS TEXT)";
    switch (group_by) {
        case GroupBy::serial:
            return "serial_number, ''";
        case GroupBy::account:
            return account + ", ''";
        case GroupBy::config:
            return "COALESCE(" + config + ", ''), ''";
        case GroupBy::day:
            return "day, ''";
        case GroupBy::day_and_account:
            return "day, " + account;
        case GroupBy::serial_and_account:
            return "serial_number, " + account;
    }
    return "day, ''";
}

std::string aggregate_measures() {
    return "MAX(account_id), SUM(points_centi), COUNT(*), COUNT(DISTINCT serial_number), "
           "COUNT(DISTINCT CASE WHEN points_centi > 0 THEN day END)";
}

}  // namespace flexform
