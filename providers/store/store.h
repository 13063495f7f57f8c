// The consumption store implementations (SQLite and PostgreSQL) and what they share: opening one by URL, the
// migrations, the SQL of a grouping, and URL redaction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/ports/consumption_store.h"

namespace flexform {

// "postgresql://..." or "postgres://..." opens PostgreSQL; anything else is a SQLite file path. Migrations run on
// open. Throws StoreError.
std::unique_ptr<ConsumptionStore> open_store(const std::string& url);

// The migrations, in order; both backends run the same statements.
const std::vector<std::string>& store_migrations();

// Throws when a store was migrated by a newer flexform: this one would write rows it does not fully understand.
void refuse_newer(int version, int known, const std::string& where);

// The GROUP BY columns (a key and a second key) of an aggregate, in either backend's SQL.
std::string group_columns(GroupBy group_by, bool postgresql);

// The measures of an aggregate after its two key columns: MAX(account_id), SUM(points), COUNT(*), devices, days.
std::string aggregate_measures();

// "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db".
std::string redact_url(const std::string& url);

}  // namespace flexform
