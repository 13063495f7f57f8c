// ConsumptionStore keeps daily consumption (one row per Pacific day and entitlement serial) beyond FortiFlex's
// 90-day window: SQLite by default, PostgreSQL for production, one schema and one set of migrations.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/model/date.h"

namespace flexform {

struct ConsumptionRow {
    Date day;
    std::string serial;
    std::string program;
    std::int64_t account_id = 0;
    std::optional<std::int64_t> config_id;
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

enum class GroupBy { serial, account, config, day, day_and_account };

struct AggregateRow {
    std::string key;              // serial, account id, config id or day, as text
    std::string second_key;       // the account id for day_and_account
    std::int64_t account_id = 0;  // for serial/config groups: the (last) account seen
    std::int64_t centipoints = 0;
    std::int64_t rows = 0;
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
    virtual std::vector<Date> stored_days(const std::string& program, const Date& from, const Date& to) = 0;
    virtual std::string describe() const = 0;  // the backend and location, never a password
};

// "postgresql://..." or "postgres://..." opens PostgreSQL; anything else is a SQLite file path. Migrations run on
// open. Throws StoreError.
std::unique_ptr<ConsumptionStore> open_store(const std::string& url);

// The migrations, in order; both backends run the same statements.
const std::vector<std::string>& store_migrations();

// The GROUP BY columns (a key and a second key) of an aggregate, in either backend's SQL.
std::string group_columns(GroupBy group_by, bool postgresql);

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db".
std::string redact_url(const std::string& url);

}  // namespace flexform
