#include "engine/ports/provider.h"

#include "engine/model/names.h"

namespace flexform {

namespace {

// What a failure is called in errors ("rate limited: ..."), one name per kind.
constexpr NameTable<ProviderError::Kind, 10> k_kinds = {{
    {ProviderError::Kind::transport, "transport"},
    {ProviderError::Kind::timeout, "timeout"},
    {ProviderError::Kind::tls, "TLS"},
    {ProviderError::Kind::rate_limited, "rate limited"},
    {ProviderError::Kind::auth, "authentication"},
    {ProviderError::Kind::denied, "authorization denied"},
    {ProviderError::Kind::client, "request refused"},
    {ProviderError::Kind::conflict, "conflict"},
    {ProviderError::Kind::server, "server error"},
    {ProviderError::Kind::protocol, "protocol"},
}};
static_assert(names_every_value(k_kinds, static_cast<std::size_t>(ProviderError::Kind::protocol) + 1));

}  // namespace

const char* to_string(ProviderError::Kind kind) {
    return name_in(k_kinds, kind, "error").data();  // every name is a string literal
}

bool is_outage(ProviderError::Kind kind) {
    return kind == ProviderError::Kind::transport || kind == ProviderError::Kind::timeout ||
           kind == ProviderError::Kind::server || kind == ProviderError::Kind::rate_limited;
}

}  // namespace flexform
