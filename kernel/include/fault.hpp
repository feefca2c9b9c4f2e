/// @file
/// What happens to a thread that faults. Until fault endpoints exist, a fault is reported on the
/// console in one line and the thread is suspended; the kernel carries on with other threads.
#pragma once

#include <cstdint>

#include "cspace.hpp"
#include "events.hpp"
#include "tcb.hpp"

namespace kernel {

/// Reports @p fault of @p thread and suspends the thread.
void suspend_after_fault(Tcb &thread, const UserFault &fault);

/// Reports that @p thread made syscall @p number, which the kernel does not know, and suspends
/// the thread (seL4's UnknownSyscall fault with no handler).
void suspend_after_unknown_syscall(Tcb &thread, std::int64_t number);

/// Reports that @p thread's capability address @p cptr could not be resolved (seL4's CapFault
/// with no handler) and suspends the thread.
void suspend_after_cap_fault(Tcb &thread, std::uint64_t cptr, const LookupFault &fault);

} // namespace kernel
