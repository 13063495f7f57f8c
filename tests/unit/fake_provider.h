// FakeProvider is an in-memory Provider for pure engine tests (the applier). It records every call and can be
// told to fail one; it is not a FortiFlex emulator (that is providers/emulator, used over real HTTP).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/ports/provider.h"

namespace flexform::testing {

class FakeProvider : public Provider {
public:
    std::vector<std::string> calls;  // "create_config acme/fgt", "stop SERIAL", ... in call order
    std::set<std::string> fail;      // calls (as recorded) that throw
    std::map<std::int64_t, LiveConfig> configs;
    std::map<std::string, LiveEntitlement> entitlements;
    std::int64_t next_id = 500;
    int next_serial = 1;

    std::vector<ProgramInfo> list_programs() override { return {}; }
    std::optional<std::int64_t> program_balance(const std::string&) override { return std::nullopt; }
    std::vector<LiveConfig> list_configs(const std::string&, std::optional<std::int64_t>) override {
        std::vector<LiveConfig> out;
        for (const auto& [id, c] : configs) {
            out.push_back(c);
        }
        return out;
    }
    std::vector<LiveEntitlement> list_entitlements(const std::string&, std::int64_t account) override {
        std::vector<LiveEntitlement> out;
        for (const auto& [s, e] : entitlements) {
            if (e.account_id == account) {
                out.push_back(e);
            }
        }
        return out;
    }
    std::vector<LiveEntitlement> list_config_entitlements(std::int64_t config_id) override {
        std::vector<LiveEntitlement> out;
        for (const auto& [s, e] : entitlements) {
            if (e.config_id == config_id) {
                out.push_back(e);
            }
        }
        return out;
    }
    LiveConfig create_config(const std::string& program, std::int64_t account, const std::string& name, int product_id,
                             const ParameterSet& parameters) override {
        record("create_config " + name);
        LiveConfig c{next_id++, name, program, account, product_id, true, parameters};
        configs[c.id] = c;
        return c;
    }
    LiveConfig update_config(std::int64_t id, const std::string& name, int, const ParameterSet& parameters) override {
        record("update_config " + std::to_string(id));
        configs[id].name = name;
        configs[id].parameters = parameters;
        return configs[id];
    }
    LiveConfig set_config_active(std::int64_t id, bool active) override {
        record(std::string(active ? "enable_config " : "disable_config ") + std::to_string(id));
        configs[id].active = active;
        return configs[id];
    }
    std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest& request) override {
        record("create_vm " + std::to_string(request.config_id) + " x" + std::to_string(request.count));
        std::vector<LiveEntitlement> out;
        for (int i = 0; i < request.count; ++i) {
            out.push_back(add("FGVMMLTM2600" + std::to_string(1000 + next_serial++), request.config_id, "PENDING"));
        }
        return out;
    }
    std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t config_id,
                                                              const std::vector<std::string>& serials,
                                                              std::optional<Date>) override {
        std::string list;
        for (const auto& s : serials) {
            list += " " + s;
        }
        record("create_hardware " + std::to_string(config_id) + list);
        std::vector<LiveEntitlement> out;
        for (const auto& s : serials) {
            out.push_back(add(s, config_id, "ACTIVE"));
        }
        return out;
    }
    LiveEntitlement create_cloud_entitlement(std::int64_t config_id, std::optional<Date>, const std::string&,
                                             const std::optional<std::string>&) override {
        record("create_cloud " + std::to_string(config_id));
        return add("FEDRPO000000000" + std::to_string(next_serial++), config_id, "ACTIVE");
    }
    LiveEntitlement update_entitlement(const std::string& serial, std::int64_t config_id,
                                       const std::string& description, std::optional<Date>) override {
        record("update_entitlement " + serial + " -> " + std::to_string(config_id));
        entitlements[serial].config_id = config_id;
        entitlements[serial].description = description;
        return entitlements[serial];
    }
    LiveEntitlement stop_entitlement(const std::string& serial) override {
        record("stop " + serial);
        entitlements[serial].status = "STOPPED";
        return entitlements[serial];
    }
    LiveEntitlement reactivate_entitlement(const std::string& serial) override {
        record("reactivate " + serial);
        entitlements[serial].status = "ACTIVE";
        return entitlements[serial];
    }
    Price calc(const std::string&, int, const ParameterSet&) override {
        return Price{1.0, std::nullopt, std::nullopt, false};
    }
    std::vector<PointsRow> points(const std::string&, std::int64_t, const Date&, const Date&) override { return {}; }
    std::int64_t calls_made() const override { return static_cast<std::int64_t>(calls.size()); }

private:
    void record(const std::string& call) {
        std::lock_guard lock(m_mutex);
        calls.push_back(call);
        if (fail.count(call)) {
            throw ProviderError(ProviderError::Kind::client, call + " refused by the fake");
        }
    }
    LiveEntitlement add(const std::string& serial, std::int64_t config_id, const std::string& status) {
        LiveEntitlement e;
        e.serial = serial;
        e.config_id = config_id;
        e.account_id = configs.count(config_id) ? configs[config_id].account_id : 0;
        e.status = status;
        std::lock_guard lock(m_mutex);
        entitlements[serial] = e;
        return e;
    }
    std::mutex m_mutex;
};

}  // namespace flexform::testing
