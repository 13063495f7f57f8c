#include "providers/pending/record_json.h"

#include <nlohmann/json.hpp>

namespace flexform {

using nlohmann::json;

namespace {

const std::pair<PendingKind, const char*> k_kinds[] = {{PendingKind::config, "config"},
                                                       {PendingKind::vms, "vms"},
                                                       {PendingKind::cloud, "cloud"},
                                                       {PendingKind::serials, "serials"}};

const char* kind_name(PendingKind kind) {
    for (const auto& [k, name] : k_kinds) {
        if (k == kind) {
            return name;
        }
    }
    return "config";
}

// A kind this flexform does not know (written by a newer one) is not read: nothing here could judge it.
std::optional<PendingKind> kind_named(const std::string& name) {
    for (const auto& [k, text] : k_kinds) {
        if (name == text) {
            return k;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string pending_to_json(const PendingCreate& c, const std::string& service, const std::string& program) {
    return json{{"service", service},
                {"program", program},
                {"id", c.id},
                {"kind", kind_name(c.kind)},
                {"customer", c.customer},
                {"account_id", c.account_id},
                {"config_name", c.config_name},
                {"product_id", c.product_id},
                {"config_id", c.config_id},
                {"count", c.count},
                {"baseline", c.baseline},
                {"serials", c.serials},
                {"sent_at", c.sent_at},
                {"window_seconds", c.window_seconds},
                {"writer", c.writer},
                {"note", c.note}}
        .dump();
}

std::optional<PendingCreate> pending_from_json(const std::string& text, const std::string& service,
                                               const std::string& program) {
    try {
        const json j = json::parse(text);
        if (j.value("service", "") != service || j.value("program", "") != program) {
            return std::nullopt;
        }
        PendingCreate c;
        c.id = j.at("id").get<std::string>();
        const auto kind = kind_named(j.at("kind").get<std::string>());
        if (!kind) {
            return std::nullopt;
        }
        c.kind = *kind;
        c.customer = j.value("customer", "");
        c.account_id = j.at("account_id").get<std::int64_t>();
        c.config_name = j.at("config_name").get<std::string>();
        c.product_id = j.value("product_id", 0);
        c.config_id = j.value("config_id", std::int64_t{0});
        c.count = j.value("count", 0);
        c.baseline = j.value("baseline", 0);
        c.serials = j.value("serials", std::vector<std::string>{});
        c.sent_at = j.at("sent_at").get<std::int64_t>();
        c.window_seconds = j.at("window_seconds").get<int>();
        c.writer = j.value("writer", "");
        c.note = j.value("note", "");
        return c;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

std::string removed_to_json(const RemovedUnit& unit, const std::string& service, const std::string& program) {
    return json{{"service", service},
                {"program", program},
                {"serial", unit.serial},
                {"account_id", unit.account_id},
                {"removed_at", unit.removed_at},
                {"writer", unit.writer}}
        .dump();
}

std::optional<RemovedUnit> removed_from_json(const std::string& text, const std::string& service,
                                             const std::string& program) {
    try {
        const json j = json::parse(text);
        if (j.value("service", "") != service || j.value("program", "") != program) {
            return std::nullopt;
        }
        RemovedUnit unit;
        unit.serial = j.at("serial").get<std::string>();
        unit.account_id = j.value("account_id", std::int64_t{0});
        unit.removed_at = j.value("removed_at", std::int64_t{0});
        unit.writer = j.value("writer", "");
        return unit;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

}  // namespace flexform
