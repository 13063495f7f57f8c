#include "engine/render/ending_words.h"

#include "engine/model/words.h"

namespace flexform {

std::string ending_in(const EndingEntitlement& ending) {
    if (ending.days_left == 0) {
        return "ends today";
    }
    if (ending.days_left == 1) {
        return "ends tomorrow";
    }
    return "ends in " + count_of(ending.days_left, "day", "days");
}

std::string ending_message(const EndingEntitlement& ending) {
    const std::string owner =
        ending.customer.empty() ? "account " + std::to_string(ending.account_id) : ending.customer;
    return "entitlement " + ending.serial + " (" + owner + "/" + ending.config + ") " + ending_in(ending) + ", on " +
           to_string(ending.end_date);
}

std::string ending_remedy() {
    return "nothing: extend its endDate in git to keep it running (apply then updates it)";
}

}  // namespace flexform
