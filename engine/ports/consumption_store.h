// ConsumptionStore is the port the engine needs to keep daily consumption (one row per Pacific day and entitlement
// serial) beyond FortiFlex's 90-day window. providers/store implements it with SQLite and PostgreSQL.
#pragma once

#include <cstdint>
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

}  // namespace flexform
