#include "engine/plan/plan_compare.h"

#include <cmath>
#include <map>

namespace flexform {

namespace {

double cents(double value) {
    return std::round(value * 100.0) / 100.0;
}

// Points are compared as the plan file stores them, to the cent.
Change comparable(Change c) {
    c.waiting.reset();  // whether a create still settles is decided when it is applied, not when it was reviewed
    c.points = {cents(c.points.before), cents(c.points.after)};
    c.reprice.per_device_before = cents(c.reprice.per_device_before);
    c.reprice.per_device_after = cents(c.reprice.per_device_after);
    return c;
}

std::string identity(const Change& c) {
    return std::string(to_string(c.action)) + " " + c.address;
}

std::vector<std::string> snapshot_differences(const Snapshot& a, const Snapshot& b) {
    std::vector<std::string> out;
    const auto check = [&out](bool same, const char* field) {
        if (!same) {
            out.push_back(field);
        }
    };
    check(a.name == b.name, "name");
    check(a.parameters == b.parameters, "parameters");
    check(a.config_status == b.config_status && a.status == b.status, "status");
    check(a.serials == b.serials, "serials");
    check(a.descriptions == b.descriptions, "descriptions");
    check(a.count == b.count, "count");
    check(a.description == b.description, "description");
    check(a.folder_path == b.folder_path, "folder_path");
    check(a.skip_pending == b.skip_pending, "skip_pending");
    check(a.end_date == b.end_date, "end_date");
    check(a.config == b.config, "config");
    check(a.account_id == b.account_id, "account_id");
    return out;
}

std::string describe_difference(const Change& saved, const Change& fresh) {
    std::vector<std::string> fields;
    const auto check = [&fields](bool same, const std::string& field) {
        if (!same) {
            fields.push_back(field);
        }
    };
    check(saved.kind == fresh.kind, "kind");
    check(saved.reason == fresh.reason, "reason");
    check(saved.customer == fresh.customer && saved.account_id == fresh.account_id, "customer/account");
    check(saved.config_name == fresh.config_name, "config_name");
    check(saved.config_id == fresh.config_id, "config_id");
    check(saved.product_id == fresh.product_id, "product");
    check(saved.serial == fresh.serial, "serial_number");
    check(saved.target_config_id == fresh.target_config_id, "target_config_id");
    for (const auto& f : snapshot_differences(saved.before, fresh.before)) {
        fields.push_back("before." + f);
    }
    for (const auto& f : snapshot_differences(saved.after, fresh.after)) {
        fields.push_back("after." + f);
    }
    if (!(saved.points == fresh.points)) {
        char text[128];
        std::snprintf(text, sizeof text, "points_per_day (saved %.2f -> %.2f, now %.2f -> %.2f)", saved.points.before,
                      saved.points.after, fresh.points.before, fresh.points.after);
        fields.push_back(text);
    }
    check(saved.reprice == fresh.reprice, "reprice");
    check(saved.metered == fresh.metered, "metered");
    check(saved.becomes_billable == fresh.becomes_billable, "becomes_billable");
    std::string out;
    for (const auto& f : fields) {
        out += (out.empty() ? "" : ", ") + f;
    }
    return identity(saved) + ": " + out + " differ from what flexform would plan now";
}

}  // namespace

std::vector<std::string> compare_plans(const Plan& saved, const Plan& fresh) {
    std::vector<std::string> out;
    if (saved.program_serial != fresh.program_serial) {
        out.push_back("the saved plan is for program " + saved.program_serial + ", not " + fresh.program_serial);
    }
    if (!(saved.scope == fresh.scope)) {
        out.push_back("the saved plan's scope (customers, --prune, --changed-since) differs from this apply's");
    }
    std::map<std::string, std::vector<Change>> saved_by_id;
    std::map<std::string, std::vector<Change>> fresh_by_id;
    for (const auto& c : saved.changes) {
        saved_by_id[identity(c)].push_back(comparable(c));
    }
    for (const auto& c : fresh.changes) {
        fresh_by_id[identity(c)].push_back(comparable(c));
    }
    for (const auto& [id, changes] : saved_by_id) {
        const auto it = fresh_by_id.find(id);
        const std::size_t now = it == fresh_by_id.end() ? 0 : it->second.size();
        if (now == 0) {
            out.push_back("the saved plan has `" + id + "`, which flexform would not do now");
            continue;
        }
        if (changes.size() != now) {
            out.push_back("`" + id + "` appears " + std::to_string(changes.size()) + " times in the saved plan, " +
                          std::to_string(now) + " now");
            continue;
        }
        for (std::size_t i = 0; i < changes.size(); ++i) {
            if (!(changes[i] == it->second[i])) {
                out.push_back(describe_difference(changes[i], it->second[i]));
            }
        }
    }
    for (const auto& [id, changes] : fresh_by_id) {
        if (!saved_by_id.count(id)) {
            out.push_back("flexform would now also `" + id + "`, which the saved plan does not have");
        }
    }
    return out;
}

}  // namespace flexform
