// Fingerprints of live objects: a saved plan records them, apply recomputes them from fresh live state and
// refuses to run when any differs.
#include <algorithm>

#include "engine/plan/planner.h"

namespace flexform {

namespace {

std::string config_text(const LiveConfig& c) {
    return "id=" + std::to_string(c.id) + ";name=" + c.name + ";product=" + std::to_string(c.product_id) +
           ";active=" + (c.active ? "1" : "0") + ";" + canonical_key(c.parameters);
}

std::string entitlement_text(const LiveEntitlement& e) {
    return "config=" + std::to_string(e.config_id) + ";status=" + e.status + ";description=" + e.description +
           ";end=" + (e.end_date ? to_string(*e.end_date) : "");
}

// "kind:account:rest" splits into three parts; the rest may itself contain ':'.
bool split_key(const std::string& key, std::string& kind, std::int64_t& number, std::string& rest) {
    const auto first = key.find(':');
    if (first == std::string::npos) {
        return false;
    }
    kind = key.substr(0, first);
    const auto second = key.find(':', first + 1);
    const auto parsed =
        parse_integer(key.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1));
    if (!parsed) {
        return false;
    }
    number = *parsed;
    rest = second == std::string::npos ? "" : key.substr(second + 1);
    return true;
}

}  // namespace

std::string live_fingerprint(const LiveState& live, const std::string& key) {
    std::string kind;
    std::int64_t number = 0;
    std::string rest;
    if (!split_key(key, kind, number, rest)) {
        return "unknown";
    }
    if (kind == "config") {
        std::vector<std::string> found;
        for (const auto& c : live.configs) {
            if (c.account_id == number && c.name == rest) {
                found.push_back(config_text(c));
            }
        }
        std::sort(found.begin(), found.end());
        if (found.empty()) {
            return "absent";
        }
        std::string out;
        for (const auto& f : found) {
            out += out.empty() ? f : " | " + f;
        }
        return out;
    }
    if (kind == "config-id") {
        const LiveConfig* c = live.find_config(number);
        return c ? config_text(*c) : "absent";
    }
    if (kind == "entitlement") {
        const auto it = live.entitlements.find(number);
        if (it != live.entitlements.end()) {
            for (const auto& e : it->second) {
                if (e.serial == rest) {
                    return entitlement_text(e);
                }
            }
        }
        return "absent";
    }
    if (kind == "vm") {
        std::vector<std::string> serials;
        for (const auto& [account, entitlements] : live.entitlements) {
            for (const auto& e : entitlements) {
                if (e.config_id == number) {
                    serials.push_back(e.serial + "=" + e.status);
                }
            }
        }
        std::sort(serials.begin(), serials.end());
        std::string out;
        for (const auto& s : serials) {
            out += s + ";";
        }
        return out;
    }
    return "unknown";
}

}  // namespace flexform

namespace flexform {

std::vector<std::string> stale_objects(const Plan& plan, const LiveState& fresh) {
    std::vector<std::string> out;
    for (const auto& [key, recorded] : plan.fingerprints) {
        const std::string now = live_fingerprint(fresh, key);
        if (now != recorded) {
            out.push_back(key + " (was: " + recorded + "; now: " + now + ")");
        }
    }
    return out;
}

}  // namespace flexform
