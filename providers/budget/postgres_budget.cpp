// The budget of every host: the program's requests and failed creates of the last hour as rows in the project's
// PostgreSQL database, read and added to in one transaction under an advisory lock of the budget's key, so CI
// runners on several machines draw on the same windows.
#include <mutex>
#include <stdexcept>

#include "providers/budget/budget_ledger.h"
#include "providers/budget/budgets.h"
#include "providers/store/pg_session.h"
#include "providers/store/store.h"

namespace flexform {

namespace {

class Session : public PgSession {
public:
    explicit Session(const std::string& url)
        : PgSession(url, " for the request budget",
                    "request budget: ", [](const std::string& message) { throw std::runtime_error(message); }) {}
};

class PostgresBudget : public RequestBudget {
public:
    PostgresBudget(const BudgetPlace& place, const BudgetLimits& limits)
        : m_limits(limits), m_key(budget_key(place)), m_url(place.database_url), m_session(place.database_url) {
        try {
            m_session.exec(
                "CREATE TABLE IF NOT EXISTS flexform_budget (budget_key TEXT NOT NULL, kind TEXT NOT NULL, "
                "at_ms BIGINT NOT NULL); "
                "CREATE INDEX IF NOT EXISTS flexform_budget_key_at ON flexform_budget (budget_key, at_ms)");
        } catch (const std::runtime_error&) {
            // Two first-ever runs creating the table at once: one of them made it, which is all that matters.
        }
        // The advisory key: the budget key's 63 low bits, with a tag apart from the apply lock's keys.
        m_lock_key = std::to_string(static_cast<long long>(std::stoull(m_key, nullptr, 16) & 0x3fffffffffffffffULL));
    }

    std::optional<BudgetWait> try_take(std::int64_t now_ms) override {
        std::optional<BudgetWait> wait;
        change(now_ms, [&](const BudgetLedger& ledger) -> std::optional<std::string> {
            wait = wait_for_request(ledger, m_limits, effective_now(ledger, now_ms));
            return wait ? std::nullopt : std::optional<std::string>("request");
        });
        return wait;
    }
    void note_create_error(std::int64_t now_ms) override {
        change(now_ms, [](const BudgetLedger&) -> std::optional<std::string> { return "create_error"; });
    }
    std::optional<BudgetWait> create_errors_spent(std::int64_t now_ms) override {
        std::optional<BudgetWait> wait;
        change(now_ms, [&](const BudgetLedger& ledger) -> std::optional<std::string> {
            wait = wait_for_create(ledger, m_limits, now_ms);
            return std::nullopt;
        });
        return wait;
    }
    std::string describe() const override { return "the table flexform_budget in " + redact_url(m_url); }

private:
    // One transaction: lock the key, drop what is older than an hour, read the rest, and add the row `decide`
    // names (a kind), if any.
    template <typename Decide>
    void change(std::int64_t now_ms, Decide&& decide) {
        std::lock_guard guard(m_mutex);
        m_session.query("BEGIN", {});
        try {
            m_session.query("SELECT pg_advisory_xact_lock($1::bigint)", {m_lock_key});
            m_session.query("DELETE FROM flexform_budget WHERE budget_key = $1 AND at_ms <= $2::bigint",
                            {m_key, std::to_string(now_ms - k_budget_hour_ms)});
            const PgResult rows = m_session.query(
                "SELECT kind, at_ms FROM flexform_budget WHERE budget_key = $1 ORDER BY at_ms", {m_key});
            BudgetLedger ledger;
            for (int i = 0; i < PQntuples(rows.get()); ++i) {
                const std::int64_t at = std::stoll(PQgetvalue(rows.get(), i, 1));
                (std::string(PQgetvalue(rows.get(), i, 0)) == "request" ? ledger.requests : ledger.create_errors)
                    .push_back(at);
            }
            if (const auto kind = decide(ledger)) {
                const std::string at = std::to_string(effective_now(ledger, now_ms));
                m_session.query("INSERT INTO flexform_budget VALUES ($1, $2, $3::bigint)", {m_key, *kind, at});
            }
            m_session.query("COMMIT", {});
        } catch (...) {
            try {
                m_session.query("ROLLBACK", {});
            } catch (const std::runtime_error&) {
                // The connection is gone; the server rolled back with it.
            }
            throw;
        }
    }

    BudgetLimits m_limits;
    std::string m_key;
    std::string m_url;
    std::string m_lock_key;
    std::mutex m_mutex;
    Session m_session;
};

}  // namespace

std::unique_ptr<RequestBudget> postgres_budget(const BudgetPlace& place, const BudgetLimits& limits) {
    return std::make_unique<PostgresBudget>(place, limits);
}

std::unique_ptr<RequestBudget> open_budget(const BudgetPlace& place, const BudgetLimits& limits) {
    if (!place.database_url.empty() && is_postgres(place.database_url)) {
        return postgres_budget(place, limits);
    }
    return file_budget(place, limits);
}

}  // namespace flexform
