#include "providers/store/store.h"

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
    };
    return k_migrations;
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
    }
    return "day, ''";
}

std::string redact_url(const std::string& url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@');
    if (scheme == std::string::npos || at == std::string::npos || at < scheme) {
        return url;
    }
    const auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) {
        return url;
    }
    return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace flexform
