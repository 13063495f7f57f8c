#include "engine/usecases/pending_review.h"

#include <algorithm>

namespace flexform {

namespace {

bool account_read(const LiveState& live, std::int64_t account) {
    return live.entitlements.count(account) > 0 && live.unreadable.count(account) == 0;
}

bool config_exists(const std::vector<LiveConfig>& configs, const PendingCreate& r) {
    return std::any_of(configs.begin(), configs.end(),
                       [&](const LiveConfig& c) { return c.account_id == r.account_id && c.name == r.config_name; });
}

// FortiFlex never deletes a VM or cloud entitlement, so more of them under the configuration than before the send
// means the VMs, or the cloud service, were created.
bool added_under_config(const std::vector<LiveEntitlement>& entitlements, const PendingCreate& r) {
    const auto under = std::count_if(entitlements.begin(), entitlements.end(),
                                     [&](const LiveEntitlement& e) { return e.config_id == r.config_id; });
    return under > r.baseline;
}

// A serial is entitled once: every one of them listed means the create happened.
bool serials_entitled(const std::vector<LiveEntitlement>& entitlements, const PendingCreate& r) {
    return std::all_of(r.serials.begin(), r.serials.end(), [&](const std::string& serial) {
        return std::any_of(entitlements.begin(), entitlements.end(),
                           [&](const LiveEntitlement& e) { return e.serial == serial; });
    });
}

bool entitlements_exist(const std::vector<LiveEntitlement>& entitlements, const PendingCreate& r) {
    return r.kind == PendingKind::serials ? serials_entitled(entitlements, r) : added_under_config(entitlements, r);
}

bool found_in(const LiveState& live, const PendingCreate& r) {
    if (r.kind == PendingKind::config) {
        return config_exists(live.configs, r);
    }
    const auto it = live.entitlements.find(r.account_id);
    return it != live.entitlements.end() && entitlements_exist(it->second, r);
}

// The second read, of just what the record concerns.
bool found_again(Provider& provider, const std::string& program, const PendingCreate& r) {
    if (r.kind == PendingKind::config) {
        return config_exists(provider.list_configs(program, r.account_id), r);
    }
    return entitlements_exist(provider.list_config_entitlements(r.config_id), r);
}

bool confirmed_absent(Provider& provider, const std::string& program, const PendingCreate& r) {
    try {
        return !found_again(provider, program, r);
    } catch (const ProviderError&) {
        return false;
    }
}

}  // namespace

std::vector<SettlingCreate> PendingReview::settling() const {
    std::vector<SettlingCreate> out;
    for (const auto& r : waiting) {
        SettlingCreate s;
        s.kind = r.kind == PendingKind::config    ? SettlingKind::config
                 : r.kind == PendingKind::serials ? SettlingKind::serials
                                                  : SettlingKind::counted;
        s.serials = r.serials;
        s.account_id = r.account_id;
        s.config_name = r.config_name;
        s.config_id = r.config_id;
        s.wait = SettleWait{utc_text(r.settles_at()), utc_text(r.sent_at)};
        out.push_back(std::move(s));
    }
    return out;
}

PendingReview review_pending(Provider& provider, const std::string& program, const LiveState& live,
                             const std::vector<PendingCreate>& open, std::int64_t read_at) {
    PendingReview review;
    for (const auto& r : open) {
        if (!account_read(live, r.account_id)) {
            continue;  // outside this read: nothing is planned there, and nothing is known
        }
        if (found_in(live, r)) {
            review.found.push_back(r);
        } else if (read_at < r.settles_at()) {
            review.waiting.push_back(r);
        } else if (confirmed_absent(provider, program, r)) {
            review.absent.push_back(r);
        } else {
            // The first read lagged behind the create, or the second could not be made: the plan made from the first
            // must not create the object again. The next read decides.
            review.waiting.push_back(r);
        }
    }
    return review;
}

}  // namespace flexform
