#include "engine/render/snapshot_words.h"

#include <nlohmann/json.hpp>

namespace flexform {

namespace {

// To the minute: "2026-12-05T02:10:33Z" -> "2026-12-05T02:10Z". A stamp of another shape is shown as it is.
std::string to_the_minute(const std::string& iso) {
    if (iso.size() == 20 && iso[16] == ':' && iso.back() == 'Z') {
        return iso.substr(0, 16) + "Z";
    }
    return iso;
}

}  // namespace

std::string age_words(std::int64_t seconds) {
    if (seconds < 60) {
        return std::to_string(seconds) + " s ago";
    }
    const std::int64_t minutes = seconds / 60;
    if (minutes < 60) {
        return std::to_string(minutes) + " min ago";
    }
    const std::int64_t hours = minutes / 60;
    if (hours < 48) {
        return std::to_string(hours) + " h" + (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "") +
               " ago";
    }
    return std::to_string(hours / 24) + " days ago";
}

std::string snapshot_label(const SnapshotOrigin& origin) {
    return "live state as read " + age_words(origin.age_seconds) + ", " + to_the_minute(origin.taken_at);
}

nlohmann::json snapshot_json(const std::optional<SnapshotOrigin>& origin) {
    if (!origin) {
        return nullptr;
    }
    return {{"taken_at", origin->taken_at}, {"age_seconds", origin->age_seconds}};
}

}  // namespace flexform
