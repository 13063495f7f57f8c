#include "engine/usecases/read_only_provider.h"

#include <stdexcept>

namespace flexform {

namespace {

[[noreturn]] void refuse_write() {
    throw std::logic_error("a read-only provider serves read-only runs: nothing may be written through it");
}

}  // namespace

LiveConfig ReadOnlyProvider::create_config(const std::string&, std::int64_t, const std::string&, int,
                                           const ParameterSet&, CallTrace*) {
    refuse_write();
}
LiveConfig ReadOnlyProvider::update_config(std::int64_t, const std::string&, int, const ParameterSet&, CallTrace*) {
    refuse_write();
}
LiveConfig ReadOnlyProvider::set_config_active(std::int64_t, bool, CallTrace*) {
    refuse_write();
}
std::vector<LiveEntitlement> ReadOnlyProvider::create_vm_entitlements(const VmRequest&, CallTrace*) {
    refuse_write();
}
std::vector<LiveEntitlement> ReadOnlyProvider::create_hardware_entitlements(std::int64_t,
                                                                            const std::vector<std::string>&,
                                                                            std::optional<Date>, CallTrace*) {
    refuse_write();
}
LiveEntitlement ReadOnlyProvider::create_cloud_entitlement(std::int64_t, std::optional<Date>, const std::string&,
                                                           const std::optional<std::string>&, CallTrace*) {
    refuse_write();
}
LiveEntitlement ReadOnlyProvider::update_entitlement(const std::string&, std::int64_t, const std::string&,
                                                     std::optional<Date>, CallTrace*) {
    refuse_write();
}
LiveEntitlement ReadOnlyProvider::transfer_entitlement(const TransferRequest&, CallTrace*) {
    refuse_write();
}
LiveEntitlement ReadOnlyProvider::stop_entitlement(const std::string&, CallTrace*) {
    refuse_write();
}
LiveEntitlement ReadOnlyProvider::reactivate_entitlement(const std::string&, CallTrace*) {
    refuse_write();
}
void ReadOnlyProvider::remove_hardware(const std::vector<std::string>&, CallTrace*) {
    refuse_write();
}
LiveEntitlement ReadOnlyProvider::regenerate_vm_token(const std::string&, CallTrace*) {
    refuse_write();
}

}  // namespace flexform
