/// @file
/// Starting and stopping threads: what TCB_Suspend, TCB_Resume, deletion and faults share.
#pragma once

#include "tcb.hpp"

namespace kernel {

/// Stops @p thread: any IPC it waits in is cancelled and it becomes inactive.
void suspend_thread(Tcb &thread);

/// Restarts a stopped (inactive or blocked) @p thread: its IPC is cancelled and it re-executes
/// the instruction at its pc (seL4's restart).
void restart_thread(Tcb &thread);

/// Marks the syscall @p thread made as done: it resumes after the `ecall`, runnable.
void complete_syscall(Tcb &thread);

/// Undoes complete_syscall's step over the `ecall`: the syscall runs again when @p thread next
/// runs (a preempted invocation).
void restart_syscall(Tcb &thread);

} // namespace kernel
