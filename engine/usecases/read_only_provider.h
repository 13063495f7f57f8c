// ReadOnlyProvider is the base of the providers that stand between a read-only run and FortiFlex (the nightly job's
// read-once cache, the snapshot provider): every write throws, so a bug that routed a write through one of them is a
// loud logic error, never a request.
#pragma once

#include <string>
#include <vector>

#include "engine/ports/provider.h"

namespace flexform {

class ReadOnlyProvider : public Provider {
public:
    LiveConfig create_config(const std::string&, std::int64_t, const std::string&, int, const ParameterSet&,
                             CallTrace*) override;
    LiveConfig update_config(std::int64_t, const std::string&, int, const ParameterSet&, CallTrace*) override;
    LiveConfig set_config_active(std::int64_t, bool, CallTrace*) override;
    std::vector<LiveEntitlement> create_vm_entitlements(const VmRequest&, CallTrace*) override;
    std::vector<LiveEntitlement> create_hardware_entitlements(std::int64_t, const std::vector<std::string>&,
                                                              std::optional<Date>, CallTrace*) override;
    LiveEntitlement create_cloud_entitlement(std::int64_t, std::optional<Date>, const std::string&,
                                             const std::optional<std::string>&, CallTrace*) override;
    LiveEntitlement update_entitlement(const std::string&, std::int64_t, const std::string&, std::optional<Date>,
                                       CallTrace*) override;
    LiveEntitlement transfer_entitlement(const TransferRequest&, CallTrace*) override;
    LiveEntitlement stop_entitlement(const std::string&, CallTrace*) override;
    LiveEntitlement reactivate_entitlement(const std::string&, CallTrace*) override;
    void remove_hardware(const std::vector<std::string>&, CallTrace*) override;
    LiveEntitlement regenerate_vm_token(const std::string&, CallTrace*) override;
};

}  // namespace flexform
