// Stopping and starting threads (seL4's suspend, restart and the end of a syscall).
#include "thread.hpp"

#include <arch/registers.hpp>

#include "ipc.hpp"
#include "scheduler.hpp"

namespace kernel {

void suspend_thread(Tcb &thread)
{
    cancel_ipc(thread);
    scheduler::suspend(thread);
}

void restart_thread(Tcb &thread)
{
    if (thread.is_runnable()) {
        return;
    }
    cancel_ipc(thread);
    thread.fault_label = 0; // a pending fault is raised again when the instruction re-runs
    thread.state = ThreadState::restart;
    scheduler::enqueue(thread);
}

void restart_syscall(Tcb &thread)
{
    thread.context.set_pc(thread.context.pc() - arch::syscall_instruction_bytes);
}

void complete_syscall(Tcb &thread)
{
    thread.context.set_pc(thread.context.pc() + arch::syscall_instruction_bytes);
    thread.state = ThreadState::running;
    scheduler::enqueue(thread);
}

} // namespace kernel
