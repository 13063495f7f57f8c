#include "engine/plan/settle.h"

#include <cstdio>

#include "engine/model/date.h"

namespace flexform {

namespace {

bool duplicates(const Change& c, const SettlingCreate& s) {
    if (c.account_id != s.account_id) {
        return false;
    }
    if (!s.vms) {
        return c.action == ActionKind::create_config && c.after.name.value_or(c.config_name) == s.config_name;
    }
    // Reactivating stopped VMs to reach the count would leave a surplus once the VMs in flight land.
    const bool adds_vms = c.action == ActionKind::create_entitlements ||
                          (c.action == ActionKind::reactivate && c.reason.code == ReasonCode::vm_count_raised);
    return adds_vms && c.config_id && *c.config_id == s.config_id;
}

}  // namespace

void mark_settling(Plan& plan, const std::vector<SettlingCreate>& settling) {
    for (auto& change : plan.changes) {
        for (const auto& s : settling) {
            // The latest window of several sends is the one to wait for.
            if (duplicates(change, s) && (!change.waiting || change.waiting->until < s.wait.until)) {
                change.waiting = s.wait;
            }
        }
    }
}

std::optional<std::int64_t> utc_seconds(std::string_view iso) {
    if (iso.size() < 19) {
        return std::nullopt;
    }
    const auto day = parse_date(iso.substr(0, 10));
    int hour = 0;
    int minute = 0;
    int second = 0;
    const std::string time(iso.substr(11, 8));
    if (!day || iso[10] != 'T' || std::sscanf(time.c_str(), "%2d:%2d:%2d", &hour, &minute, &second) != 3) {
        return std::nullopt;
    }
    return days_since_epoch(*day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string utc_text(std::int64_t seconds) {
    const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    const std::int64_t rest = seconds - days * 86400;
    char time[16];
    std::snprintf(time, sizeof time, "T%02d:%02d:%02dZ", static_cast<int>(rest / 3600),
                  static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
    return to_string(date_from_days(days)) + time;
}

}  // namespace flexform
