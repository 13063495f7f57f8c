// The test hooks under /__emulator/: seed, reset, clock, use a VM token, metered usage, portal edits, faults,
// rate limit, counters, issued tokens, state and ledger. Off unless the emulator runs with --test-hooks.
#pragma once

namespace httplib {
class Server;
}

namespace flexform::emulator {

class Emulator;

// `loopback_only`: answer 403 to any client that is not on this machine (hooks sharing the API's port).
void register_hooks(httplib::Server& server, Emulator& emulator, bool loopback_only);

// Called as a handler starts (server.cpp): the request on this thread has been read, so the whole-request deadline
// that cuts slow clients no longer applies to it (a handler may take long: an injected latency, a large seed).
void request_in_handler();

}  // namespace flexform::emulator
