#include "engine/plan/settle.h"

#include <algorithm>
#include <cstdio>

#include "engine/model/date.h"

namespace flexform {

namespace {

bool entitles_one_of(const Change& c, const std::vector<std::string>& serials) {
    const bool entitles =
        c.action == ActionKind::create_entitlements || (c.action == ActionKind::swap && c.swap && c.swap->entitle);
    if (!entitles || !c.after.serials) {
        return false;
    }
    return std::any_of(c.after.serials->begin(), c.after.serials->end(), [&](const std::string& serial) {
        return std::find(serials.begin(), serials.end(), serial) != serials.end();
    });
}

bool duplicates(const Change& c, const SettlingCreate& s) {
    if (c.account_id != s.account_id) {
        return false;
    }
    switch (s.kind) {
        case SettlingKind::config:
            return c.action == ActionKind::create_config && c.after.name.value_or(c.config_name) == s.config_name;
        case SettlingKind::serials:
            return entitles_one_of(c, s.serials);
        case SettlingKind::counted:
            break;
    }
    // Reactivating stopped VMs to reach the count would leave a surplus once the VMs in flight land.
    const bool adds = c.action == ActionKind::create_entitlements ||
                      (c.action == ActionKind::reactivate && c.reason.code == ReasonCode::vm_count_raised);
    return adds && c.config_id && *c.config_id == s.config_id;
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
