// State is everything the emulated FortiFlex service knows: organization, programs, configurations,
// entitlements with their charge history, and the clock. Plain data plus the indexes the API needs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/date.h"
#include "engine/model/parameters.h"
#include "emulator/rate_card.h"

namespace flexform::emulator {

struct ApiUser {
    std::string username;
    std::string password_hash;  // hash_password() of the password (emulator/passwords.h)
    bool all_accounts = true;   // scope: the whole organization, or only `accounts`
    std::set<std::int64_t> accounts;
    bool read_write = true;
    std::int64_t home_account = 0;  // default accountId of configs/create
};

struct Program {
    std::string serial;
    std::int64_t account_id = 0;
    Date start;
    Date end;
    bool prepaid = false;
    std::int64_t purchased_points = 0;  // prepaid only
    double discount = 1.0;              // stand-in for a FortiFlex Consumption Offer
    bool has_support_coverage = true;
};

struct Config {
    std::int64_t id = 0;
    std::string name;
    std::string program;
    std::int64_t account_id = 0;
    int product_id = 0;
    bool active = true;
    ParameterSet parameters;
    bool day_enabled = true;  // enabled at any instant of the current day
    // Parameter sets in force earlier in the current day: the day is billed at the largest of them and the current.
    std::vector<ParameterSet> day_parameters;
};

// A run of identical daily charges: `per_day` on every day from `first` to `last` (inclusive); an open run
// (last < 0) continues through every closed day.
struct ChargeRun {
    std::int64_t first = 0;  // days since epoch
    std::int64_t last = -1;
    Centipoints per_day = 0;
    std::int64_t config_id = 0;  // also the program the days were billed to (a configuration never changes program)
};

struct Entitlement {
    std::string serial;
    std::int64_t config_id = 0;
    std::int64_t account_id = 0;
    std::string program;
    std::string description;
    std::int64_t start_millis = 0;  // creation instant, UTC milliseconds
    Date end_date;
    std::string status;  // PENDING, ACTIVE, STOPPED, EXPIRED
    std::optional<std::string> token;
    std::optional<std::string> token_status;
    std::string folder_path;
    bool removed = false;  // entitlements/hardware/remove: gone from every list and call, its ledger kept
    std::map<int, std::int64_t> metered;  // read-only parameter id -> metered quantity
    // Billing of the current (open) day: billable if ACTIVE at any instant; the largest rate in force.
    bool day_billable = false;
    Centipoints day_rate = 0;
    std::vector<ChargeRun> charges;
};

struct Clock {
    bool frozen = false;
    std::int64_t frozen_millis = 0;
    std::int64_t offset_millis = 0;  // added to real time when not frozen

    // The service's time, in UTC milliseconds, when the real clock reads `real_millis`.
    std::int64_t at(std::int64_t real_millis) const { return frozen ? frozen_millis : real_millis + offset_millis; }
};

struct State {
    std::int64_t root_account = 0;
    std::map<std::int64_t, std::string> accounts;  // id -> name
    std::map<std::string, ApiUser> users;
    std::map<std::string, Program> programs;
    std::map<std::int64_t, Config> configs;
    std::unordered_map<std::string, Entitlement> entitlements;
    std::int64_t next_config_id = 10001;
    std::int64_t next_serial = 1;
    Clock clock;
    std::int64_t open_day = 0;  // the current billing day (days since epoch); days before it are closed

    // Secondary indexes, rebuilt by reindex() after loading.
    std::map<std::int64_t, std::set<std::string>> by_config;
    std::map<std::int64_t, std::set<std::string>> by_account;

    void reindex();
    void add_entitlement(Entitlement entitlement);
    // Under another configuration, maybe of another account or program: the entitlement takes the config's program.
    void move_entitlement(Entitlement& entitlement, std::int64_t config_id, std::int64_t account_id);
    const Program* program(const std::string& serial) const;
    // A new VM or cloud entitlement serial: VM = product code + EL (prepaid) / ML (postpaid) + TM + year +
    // sequence; cloud = product prefix + 10 digits.
    std::string generate_serial(const ProductType& product, const Program& program, const Date& today);
};

}  // namespace flexform::emulator
