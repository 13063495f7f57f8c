// The token regeneration use case (`flexform tokens regenerate`): a new licence token for chosen VMs, sent through
// the write path every apply uses (the program's lock, a journal, the request budget, one send per VM, an unknown
// outcome recorded as unknown). The new tokens are read back afterwards and never pass through the journal.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/apply/applier.h"
#include "engine/ports/clock.h"
#include "engine/ports/journal_store.h"
#include "engine/ports/program_lock.h"
#include "engine/usecases/tokens_use_case.h"

namespace flexform {

// Which VMs of the tokens listing (TokensRequest's scope) get a new token: the named serials, or every VM the
// filters keep. At least one of them must be given.
struct TokenSelection {
    std::vector<std::string> serials;
    std::optional<EntitlementStatus> status;
    std::optional<TokenStatus> token_status;

    bool empty() const { return serials.empty() && !status && !token_status; }
};

struct TokenRegenerationRequest {
    TokensRequest scope;  // program, --customer, --config, customer names, parallelism
    TokenSelection selection;
    LockHolder me;
    std::chrono::milliseconds lock_timeout{0};
    ApplyOptions execution;  // parallelism, observers, the interrupt flag
    std::map<std::string, std::string> journal_header;
};

enum class TokenRegenerationVerdict { regenerated, nothing_selected };

struct TokenRegenerationOutcome {
    TokenRegenerationVerdict verdict = TokenRegenerationVerdict::nothing_selected;
    Plan plan;  // one regenerate_token change per selected VM
    ApplyResult result;
    std::string journal;
    std::vector<TokenRow> tokens;  // the selected VMs as FortiFlex lists them after the run
};

// Throws RequestError when the selection is empty or names a serial that is no VM in scope, LockBusy when another
// writer holds the program.
TokenRegenerationOutcome regenerate_tokens(Provider& provider, LockService& locks, JournalStore& journals,
                                           const Clock& clock, const TokenRegenerationRequest& request,
                                           const Catalog& catalog);

}  // namespace flexform
