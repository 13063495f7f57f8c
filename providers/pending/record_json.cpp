#include "providers/pending/record_json.h"

#include <nlohmann/json.hpp>

namespace flexform {

using nlohmann::json;

std::string pending_to_json(const PendingCreate& c, const std::string& service, const std::string& program) {
    return json{{"service", service},
                {"program", program},
                {"id", c.id},
                {"kind", c.kind == PendingKind::vms ? "vms" : "config"},
                {"customer", c.customer},
                {"account_id", c.account_id},
                {"config_name", c.config_name},
                {"product_id", c.product_id},
                {"config_id", c.config_id},
                {"count", c.count},
                {"baseline", c.baseline},
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
        c.kind = j.at("kind").get<std::string>() == "vms" ? PendingKind::vms : PendingKind::config;
        c.customer = j.value("customer", "");
        c.account_id = j.at("account_id").get<std::int64_t>();
        c.config_name = j.at("config_name").get<std::string>();
        c.product_id = j.value("product_id", 0);
        c.config_id = j.value("config_id", std::int64_t{0});
        c.count = j.value("count", 0);
        c.baseline = j.value("baseline", 0);
        c.sent_at = j.at("sent_at").get<std::int64_t>();
        c.window_seconds = j.at("window_seconds").get<int>();
        c.writer = j.value("writer", "");
        c.note = j.value("note", "");
        return c;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

}  // namespace flexform
