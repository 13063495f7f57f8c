#include "engine/plan/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/model/parameters_json.h"

namespace flexform {

using nlohmann::json;

namespace {

std::string to_hex(const unsigned char* bytes, unsigned int length) {
    static const char k_hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += k_hex[bytes[i] >> 4];
        out += k_hex[bytes[i] & 15];
    }
    return out;
}

}  // namespace

Sha256::Sha256() : m_context(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_context), EVP_sha256(), nullptr);
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_context));
}

void Sha256::update(const std::string& text) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_context), text.data(), text.size());
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_context), digest, &length);
    return to_hex(digest, length);
}

std::string sha256_hex(const std::string& text) {
    Sha256 hash;
    hash.update(text);
    return hash.hex();
}

std::string hmac_sha256_hex(const std::string& key, const std::string& text) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
         text.size(), mac, &length);
    return to_hex(mac, length);
}

bool same_digest(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string manifest_digest(const DesiredState& desired, const std::vector<std::string>& customers) {
    json canonical = json::array();
    for (const auto& c : desired.customers) {
        if (!customers.empty() && std::find(customers.begin(), customers.end(), c.name) == customers.end()) {
            continue;
        }
        json configs = json::array();
        for (const auto& config : c.configs) {
            json serials = json::array();
            for (const auto& s : config.serials) {
                json serial = {s.serial, s.description ? json(*s.description) : json(nullptr), s.adopt};
                if (s.replaces || s.end_date) {  // only then: the digests of manifests without them stay as they were
                    serial.push_back({s.replaces.value_or(""), s.decommission,
                                      s.end_date ? to_string(*s.end_date) : std::string()});
                }
                serials.push_back(std::move(serial));
            }
            configs.push_back(
                {config.name, config.id ? json(*config.id) : json(nullptr), config.product_id,
                 parameters_to_json(config.parameters), serials,
                 config.vms ? json{config.vms->count, config.vms->description.value_or(""),
                                   config.vms->folder_path.value_or(""), config.vms->skip_pending,
                                   config.vms->regenerate_token_on_stop}
                            : json(nullptr),
                 config.cloud ? json{config.cloud->description.value_or(""), config.cloud->folder_path.value_or("")}
                              : json(nullptr),
                 config.end_date ? json(to_string(*config.end_date)) : json(nullptr), config.adopt, config.enabled});
        }
        canonical.push_back({c.name, c.account_id, c.suspended, c.protect, configs});
    }
    return sha256_hex(canonical.dump());
}

std::string live_digest(const LiveState& live) {
    std::string text = live.program + "\n";
    std::vector<const LiveConfig*> configs;
    for (const auto& c : live.configs) {
        configs.push_back(&c);
    }
    std::sort(configs.begin(), configs.end(), [](const LiveConfig* a, const LiveConfig* b) { return a->id < b->id; });
    for (const LiveConfig* c : configs) {
        text += std::to_string(c->id) + ";" + std::to_string(c->account_id) + ";" + c->name + ";" +
                (c->active ? "A" : "D") + ";" + canonical_key(c->parameters) + "\n";
    }
    for (const auto& [account, entitlements] : live.entitlements) {
        std::vector<std::string> lines;
        for (const auto& e : entitlements) {
            lines.push_back(e.serial + ";" + std::to_string(e.config_id) + ";" + e.status_text + ";" + e.description +
                            ";" + (e.end_date ? to_string(*e.end_date) : ""));
        }
        std::sort(lines.begin(), lines.end());
        text += std::to_string(account) + ":\n";
        for (const auto& l : lines) {
            text += l + "\n";
        }
    }
    return sha256_hex(text);
}

}  // namespace flexform
