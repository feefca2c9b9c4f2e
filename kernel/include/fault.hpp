/// @file
/// Faults (reference §8.6): a thread's cap fault, unknown syscall, user exception or VM fault
/// becomes a message to the fault endpoint held in its TCB, sent as a Call; the handler's reply
/// restarts or resumes the thread as seL4 does. A thread with no valid fault handler is
/// suspended, and the kernel prints one line saying what happened.
#pragma once

#include <cstdint>

#include "cspace.hpp"
#include "events.hpp"
#include "tcb.hpp"

namespace kernel {

/// @p thread raised @p fault (an exception of its instruction).
void raise_user_fault(Tcb &thread, const UserFault &fault);

/// @p thread made syscall @p number, which the kernel does not know (UnknownSyscall).
void raise_unknown_syscall(Tcb &thread, std::int64_t number);

/// @p thread's capability address @p cptr could not be used (CapFault); @p receive_phase when
/// it failed receiving.
void raise_cap_fault(Tcb &thread, std::uint64_t cptr, const LookupFault &fault, bool receive_phase);

/// @p thread's scheduling context @p sc ran out of budget: when the thread has a timeout
/// handler it is sent a Timeout fault (MR0 the context's badge, MR1 the time consumed).
/// Returns true when the fault was sent.
bool raise_timeout_fault(Tcb &thread, std::uint64_t badge, std::uint64_t consumed_us);

/// Applies the fault handler's answer to @p thread, whose fault was replied to by @p replier:
/// true when the thread should run again (it restarts at its pc), false when it stays stopped.
bool apply_fault_reply(Tcb &thread, Tcb &replier);

} // namespace kernel
