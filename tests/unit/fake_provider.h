// FakeProvider is an in-memory Provider for pure engine tests (the applier, the use cases). It is strict: an
// unknown configuration id or serial fails the call as FortiFlex would, a stop of a STOPPED entitlement is a
// conflict, a serial can be entitled once. It records every call and can be told to fail one, or to lose the
// answer of one after doing it. It is not the emulator (emulator, used over real HTTP).
#pragma once

#include <map>
#include <optional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/ports/provider.h"

namespace flexform::testing {

class FakeProvider : public Provider {
public:
    std::vector<std::string> calls;     // "create_config fgt", "stop SERIAL", ... in call order
    std::set<std::string> fail;         // calls (as recorded) that are refused
    std::set<std::string> outage;       // calls that fail as a server outage (HTTP 503)
    std::set<std::string> lose_answer;  // calls that are done, then fail with an unknown outcome
    // Writes the request budget lets through; later ones are not sent (budget_spent), as the client's gate does.
    std::optional<std::size_t> budget;
    std::map<std::string, ProviderError::Kind> unsent;  // calls a client-side gate refuses to send, with its kind
    std::map<std::int64_t, LiveConfig> configs;
    std::map<std::string, LiveEntitlement> entitlements;
    std::vector<ProgramInfo> programs;
    std::vector<TokenFolder> folders;
    std::map<std::string, int> token_generation;  // serial -> regenerations so far (its token is TOKEN-serial-gN)
    std::int64_t next_id = 500;
    int next_serial = 1;

    std::vector<ProgramInfo> list_programs() override { return programs; }
    std::optional<std::int64_t> program_balance(const std::string&) override { return std::nullopt; }
    std::vector<LiveConfig> list_configs(const std::string&, std::optional<std::int64_t> account) override {
        std::lock_guard lock(m_mutex);
        std::vector<LiveConfig> out;
        for (const auto& [id, c] : configs) {
            if (!account || c.account_id == *account) {
                out.push_back(c);
            }
        }
        return out;
    }
    std::vector<LiveEntitlement> list_entitlements(const std::string&, std::int64_t account) override {
        std::lock_guard lock(m_mutex);
        std::vector<LiveEntitlement> out;
        for (const auto& [s, e] : entitlements) {
            if (e.account_id == account) {
                out.push_back(e);
            }
        }
        return out;
    }
    std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) override {
        std::lock_guard lock(m_mutex);
        config(config_id);
        std::vector<LiveEntitlement> out;
        for (const auto& [s, e] : entitlements) {
            if (e.config_id == config_id) {
                out.push_back(e);
            }
        }
        return out;
    }
    std::vector<VmToken> vm_tokens(std::int64_t config_id) override {
        std::vector<VmToken> out;
        const auto listed = list_config_entitlements(config_id);
        std::lock_guard lock(m_mutex);
        for (const auto& e : listed) {
            const auto generation = token_generation.find(e.serial);
            out.push_back({e.serial, e.config_id, e.status,
                           "TOKEN-" + e.serial +
                               (generation == token_generation.end() ? "" : "-g" + std::to_string(generation->second)),
                           "NOTUSED"});
        }
        return out;
    }
    Price calc(const std::string&, int, const ParameterSet&) override {
        return Price{1.0, std::nullopt, std::nullopt, false};
    }
    std::vector<PointsRow> points(const std::string&, std::int64_t, const Date&, const Date&,
                                  const std::optional<std::string>&) override {
        return {};
    }
    std::vector<TokenFolder> token_folders(std::int64_t account) override {
        std::vector<TokenFolder> out;
        for (const auto& f : folders) {
            if (f.account_id == account) {
                out.push_back(f);
            }
        }
        return out;
    }

    LiveConfig create_config(const std::string& program, std::int64_t account, const std::string& name, int product_id,
                             const ParameterSet& parameters, CallTrace* trace) override {
        sending(trace);
        return write("create_config " + name, [&] {
            LiveConfig c{next_id++, name, program, account, product_id, true, parameters};
            configs[c.id] = c;
            return c;
        });
    }
    LiveConfig update_config(std::int64_t id, const std::string& name, int, const ParameterSet& parameters,
                             CallTrace*) override {
        return write("update_config " + std::to_string(id), [&] {
            LiveConfig& c = config(id);
            c.name = name;
            c.parameters = parameters;
            return c;
        });
    }
    LiveConfig set_config_active(std::int64_t id, bool active, CallTrace*) override {
        return write(std::string(active ? "enable_config " : "disable_config ") + std::to_string(id), [&] {
            LiveConfig& c = config(id);
            c.active = active;
            return c;
        });
    }
    std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest& request, CallTrace* trace) override {
        sending(trace);
        return write("create_vm " + std::to_string(request.config_id) + " x" + std::to_string(request.count), [&] {
            usable_config(request.config_id);
            std::vector<LiveEntitlement> out;
            for (int i = 0; i < request.count; ++i) {
                out.push_back(add("FGVMMLTM2600" + std::to_string(1000 + next_serial++), request.config_id,
                                  request.skip_pending ? EntitlementStatus::active : EntitlementStatus::pending,
                                  request.description));
            }
            return out;
        });
    }
    std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t config_id,
                                                              const std::vector<std::string>& serials,
                                                              std::optional<Date>, CallTrace* trace) override {
        sending(trace);
        std::string list;
        for (const auto& s : serials) {
            list += " " + s;
        }
        return write("create_hardware " + std::to_string(config_id) + list, [&] {
            usable_config(config_id);
            for (const auto& s : serials) {
                if (entitlements.count(s)) {
                    throw ProviderError(ProviderError::Kind::conflict, "Serial number " + s + " is already entitled")
                        .with_conflict(ProviderError::Conflict::already_entitled);
                }
            }
            std::vector<LiveEntitlement> out;
            for (const auto& s : serials) {
                out.push_back(add(s, config_id, EntitlementStatus::active, ""));
            }
            return out;
        });
    }
    LiveEntitlement create_cloud_entitlement(std::int64_t config_id, std::optional<Date>,
                                             const std::string& description, const std::optional<std::string>&,
                                             CallTrace* trace) override {
        sending(trace);
        return write("create_cloud " + std::to_string(config_id), [&] {
            usable_config(config_id);
            return add("FEDRPO000000000" + std::to_string(next_serial++), config_id, EntitlementStatus::active,
                       description);
        });
    }
    LiveEntitlement update_entitlement(const std::string& serial, std::int64_t config_id,
                                       const std::string& description, std::optional<Date>, CallTrace*) override {
        return write("update_entitlement " + serial + " -> " + std::to_string(config_id), [&] {
            LiveEntitlement& e = entitlement(serial);
            usable_config(config_id);
            e.config_id = config_id;
            e.description = description;
            return e;
        });
    }
    LiveEntitlement transfer_entitlement(const TransferRequest& request, CallTrace*) override {
        return write("transfer " + request.serial + " -> " + std::to_string(request.target_config), [&] {
            LiveEntitlement& e = entitlement(request.serial);
            if (e.account_id != request.source_account || e.config_id != request.source_config) {
                throw ProviderError(ProviderError::Kind::client, request.serial + " is not in the source account");
            }
            const LiveConfig& target = usable_config(request.target_config);
            e.config_id = target.id;
            e.account_id = target.account_id;
            return e;
        });
    }
    LiveEntitlement stop_entitlement(const std::string& serial, CallTrace*) override {
        return write("stop " + serial, [&] {
            LiveEntitlement& e = entitlement(serial);
            if (!is_running(e.status)) {
                throw ProviderError(ProviderError::Kind::conflict, "Entitlement " + serial + " is already STOPPED")
                    .with_conflict(ProviderError::Conflict::already_stopped);
            }
            set_status(e, EntitlementStatus::stopped);
            return e;
        });
    }
    LiveEntitlement reactivate_entitlement(const std::string& serial, CallTrace*) override {
        return write("reactivate " + serial, [&] {
            LiveEntitlement& e = entitlement(serial);
            if (e.status != EntitlementStatus::stopped) {
                throw ProviderError(ProviderError::Kind::client, "Entitlement " + serial + " is not in STOPPED status");
            }
            set_status(e, EntitlementStatus::active);
            return e;
        });
    }
    void remove_hardware(const std::vector<std::string>& serials, CallTrace*) override {
        std::string list;
        for (const auto& s : serials) {
            list += " " + s;
        }
        write("remove_hardware" + list, [&] {
            for (const auto& s : serials) {
                entitlement(s);  // strict: an unknown serial fails
            }
            for (const auto& s : serials) {
                entitlements.erase(s);
            }
            return 0;
        });
    }
    LiveEntitlement regenerate_vm_token(const std::string& serial, CallTrace*) override {
        return write("regenerate_token " + serial, [&] {
            LiveEntitlement& e = entitlement(serial);
            if (configs.at(e.config_id).product_id >= 100) {  // VM product type ids are below 100
                throw ProviderError(ProviderError::Kind::client, "Entitlement " + serial + " is not a VM entitlement");
            }
            ++token_generation[serial];
            return e;
        });
    }
    std::int64_t calls_made() const override { return static_cast<std::int64_t>(calls.size()); }

private:
    // A create's request is about to go out, as the real client tells it.
    static void sending(CallTrace* trace) {
        if (trace && trace->before_send) {
            trace->before_send();
        }
    }
    // Runs one write under the lock: records it, applies the failure switches, then performs it.
    template <typename F>
    auto write(const std::string& call, F&& perform) -> decltype(perform()) {
        std::lock_guard lock(m_mutex);
        if (budget && calls.size() >= *budget) {
            throw ProviderError(ProviderError::Kind::budget_spent, call + ": not sent, the fake's budget is spent");
        }
        if (const auto it = unsent.find(call); it != unsent.end()) {
            throw ProviderError(it->second, call + ": not sent by the fake's gate");
        }
        calls.push_back(call);
        if (fail.count(call)) {
            throw ProviderError(ProviderError::Kind::client, call + " refused by the fake");
        }
        if (outage.count(call)) {
            throw ProviderError(ProviderError::Kind::server, call + ": HTTP 503 from the fake", 503);
        }
        auto result = perform();
        if (lose_answer.erase(call)) {
            throw ProviderError(ProviderError::Kind::transport, call + ": answer lost by the fake")
                .with_unknown_outcome();
        }
        return result;
    }
    LiveConfig& config(std::int64_t id) {
        const auto it = configs.find(id);
        if (it == configs.end()) {
            throw ProviderError(ProviderError::Kind::client, "Configuration " + std::to_string(id) + " does not exist");
        }
        return it->second;
    }
    const LiveConfig& usable_config(std::int64_t id) {
        const LiveConfig& c = config(id);
        if (!c.active) {
            throw ProviderError(ProviderError::Kind::client, "Configuration " + std::to_string(id) + " is DISABLED");
        }
        return c;
    }
    LiveEntitlement& entitlement(const std::string& serial) {
        const auto it = entitlements.find(serial);
        if (it == entitlements.end()) {
            throw ProviderError(ProviderError::Kind::client, "Entitlement " + serial + " does not exist");
        }
        return it->second;
    }
    static void set_status(LiveEntitlement& e, EntitlementStatus status) {
        e.status = status;
        e.status_text = std::string(to_string(status));
    }
    LiveEntitlement add(const std::string& serial, std::int64_t config_id, EntitlementStatus status,
                        const std::string& description) {
        LiveEntitlement e;
        e.serial = serial;
        e.config_id = config_id;
        e.account_id = configs.at(config_id).account_id;
        e.description = description;
        set_status(e, status);
        entitlements[serial] = e;
        return e;
    }
    std::mutex m_mutex;
};

}  // namespace flexform::testing
