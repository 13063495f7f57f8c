#include "engine/render/pull_renderers.h"

#include "engine/model/words.h"
#include "engine/render/render.h"

namespace flexform {

namespace {

std::string points_text(std::int64_t centipoints) {
    return format_points(static_cast<double>(centipoints) / 100.0);
}

std::string rows_text(std::int64_t rows) {
    return count_of(static_cast<std::size_t>(rows), "row", "rows");
}

std::string emptier_text(const DayPull& d) {
    switch (d.emptier) {
        case Emptier::account_missing:
            return "account " + std::to_string(d.missing_account) + " has " + std::to_string(d.missing_rows) +
                   " stored rows and none in the answer";
        case Emptier::fewer_rows:
            return "the answer has " + rows_text(d.rows_after) + ", the store " + std::to_string(d.rows_before);
        case Emptier::fewer_points:
            return "the answer has fewer points than the store";
        case Emptier::none:
            break;
    }
    return "";
}

}  // namespace

std::string render_pull_day(const DayPull& d) {
    const std::string day = to_string(d.day) + ": ";
    const std::string before = rows_text(d.rows_before) + " / " + points_text(d.centipoints_before) + " points";
    const std::string after = rows_text(d.rows_after) + " / " + points_text(d.centipoints_after) + " points";
    switch (d.result) {
        case DayResult::stored:
            return day + after + " stored";
        case DayResult::replaced:
            return day + "replaced " + before + " with " + after;
        case DayResult::unchanged:
            return day + "unchanged, " + after;
        case DayResult::kept:
            return day + "KEPT the stored " + before + ": " + emptier_text(d) +
                   " (run again with --replace to overwrite it with " + after + ")";
        case DayResult::failed:
            return day + "FAILED, nothing written for this day: " + d.error;
    }
    return day;
}

std::string render_pull_summary(const PullResult& result, const std::string& store) {
    const int failed = result.count(DayResult::failed);
    const int kept = result.count(DayResult::kept);
    std::string out =
        "Pulled " + std::to_string(result.days.size() - static_cast<std::size_t>(failed)) + " of " +
        count_of(result.days.size(), "day", "days") + " into " + store + ": " +
        std::to_string(result.count(DayResult::stored)) + " new, " + std::to_string(result.count(DayResult::replaced)) +
        " replaced, " + std::to_string(result.count(DayResult::unchanged)) + " unchanged, " + std::to_string(kept) +
        " kept, " + std::to_string(failed) + " failed; " + rows_text(result.rows_written()) + " written\n";
    if (kept > 0) {
        out +=
            "Kept days hold more than FortiFlex answered now; nothing of them was overwritten. "
            "--replace overwrites them.\n";
    }
    if (failed > 0) {
        out += "Failed days (nothing written for them; pull them again):";
        for (const auto& d : result.days) {
            if (d.result == DayResult::failed) {
                out += " " + to_string(d.day);
            }
        }
        out += "\n";
    }
    return out;
}

std::string render_pull_day(const std::string& program, const DayPull& day) {
    return program + ": " + render_pull_day(day);
}

std::string render_pull_summary(const std::vector<Named<PullResult>>& results, const std::string& store) {
    std::string out;
    for (const auto& [program, result] : results) {
        out += program + ": " + render_pull_summary(result, store);
    }
    return out;
}

}  // namespace flexform
