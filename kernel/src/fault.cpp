// User faults with no handler: one clear console line, then the thread stops. The line names the
// thread, its pc, the cause and the faulting address, which is what a student needs to find it.
#include "fault.hpp"

#include "console.hpp"
#include "scheduler.hpp"

namespace kernel {

void suspend_after_fault(Tcb &thread, const UserFault &fault)
{
    print("quokka: fault in thread '%s': %s at pc 0x%016lx (cause %lu, address 0x%016lx); "
          "thread suspended\n",
          thread.name(), fault.description, thread.context.pc(), fault.cause, fault.address);
    scheduler::suspend(thread);
}

void suspend_after_unknown_syscall(Tcb &thread, std::int64_t number)
{
    print("quokka: fault in thread '%s': unknown syscall %ld at pc 0x%016lx; thread suspended\n",
          thread.name(), number, thread.context.pc());
    scheduler::suspend(thread);
}

void suspend_after_cap_fault(Tcb &thread, std::uint64_t cptr, const LookupFault &fault)
{
    print("quokka: fault in thread '%s': capability fault on cptr 0x%lx at pc 0x%016lx (%s, %lu "
          "bits left); thread suspended\n",
          thread.name(), cptr, thread.context.pc(), describe(fault.type), fault.bits_left);
    scheduler::suspend(thread);
}

[[noreturn]] void handle_user_fault(const UserFault &fault)
{
    suspend_after_fault(*scheduler::current(), fault);
    scheduler::run();
}

} // namespace kernel
