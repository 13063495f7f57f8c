// The consumption store implementations (SQLite and PostgreSQL) and what they share: opening one by URL, the
// migrations, the SQL of a grouping, and URL redaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ports/consumption_store.h"

namespace flexform {

enum class StoreKind { sqlite, postgresql };
// How a store is used: a reader never writes (a SQLite file is opened read-only: no migration, no WAL switch).
enum class StoreAccess { read_write, read_only };

// "postgresql://...", "postgres://..." and libpq keyword strings ("host=... dbname=...") are PostgreSQL; a file
// path (optionally "sqlite://PATH") is SQLite. Anything else (key=value that libpq refuses, another scheme) is
// refused with a StoreError, so a mistyped connection string never becomes a file named after it.
StoreKind store_kind(const std::string& url);
bool is_postgres(const std::string& url);  // store_kind(url) == postgresql; throws as store_kind does

// Opens the store `url` names (see store_kind). Read-write runs the migrations on open. Throws StoreError.
std::unique_ptr<ConsumptionStore> open_store(const std::string& url, StoreAccess access = StoreAccess::read_write);

// The migrations, in order; both backends run the same statements.
const std::vector<std::string>& store_migrations();

// Throws when a store was migrated by a newer flexform: this one would write rows it does not fully understand.
void refuse_newer(int version, int known, const std::string& where);

// The GROUP BY columns (a key and a second key) of an aggregate, in either backend's SQL.
std::string group_columns(GroupBy group_by, bool postgresql);

// The measures of an aggregate after its two key columns: MAX(account_id), SUM(points), COUNT(*), devices, days.
std::string aggregate_measures();

// A stored snapshot's document, or none when this flexform cannot read it (a newer flexform wrote it): a snapshot is
// a saving, never needed, so one that cannot be read is one not used.
std::optional<LiveSnapshot> readable_snapshot(const std::string& body);

// Every secret of a connection string masked: "postgresql://user:***@host/db?password=***", "host=h password=***".
std::string redact_url(const std::string& url);
// `message` (libpq's error text, say) with `url` and each of its secret values, raw or decoded, masked.
std::string redact_secrets(const std::string& message, const std::string& url);

}  // namespace flexform
