// Syscall dispatch: the number in a7 picks the handler (seL4's MCS numbering, see libsel4's
// sel4/syscall.h). A completed syscall resumes after the `ecall`; a thread that must re-execute
// it (Restart) keeps its pc.
#include <sel4/syscall.h>

#include "arch.hpp"
#include "console.hpp"
#include "events.hpp"
#include "fault.hpp"
#include "scheduler.hpp"

namespace kernel {
namespace {

void complete_syscall(Tcb &thread)
{
    thread.context.set_pc(thread.context.pc() + arch::syscall_instruction_bytes);
}

void debug_put_char(Tcb &thread)
{
    char c = static_cast<char>(thread.context.get(arch::Register::a0));
    arch::console_write(&c, 1);
    complete_syscall(thread);
}

[[noreturn]] void debug_halt(Tcb &thread)
{
    debug_print("quokka: halted by seL4_DebugHalt from thread '%s'\n", thread.name());
    arch::shutdown(arch::ExitStatus::halted);
}

void yield(Tcb &thread)
{
    complete_syscall(thread);
    scheduler::rotate(thread);
}

const char *ipc_syscall_name(std::int64_t number)
{
    switch (number) {
    case seL4_SysCall: return "seL4_Call";
    case seL4_SysReplyRecv: return "seL4_ReplyRecv";
    case seL4_SysNBSendRecv: return "seL4_NBSendRecv";
    case seL4_SysNBSendWait: return "seL4_NBSendWait";
    case seL4_SysSend: return "seL4_Send";
    case seL4_SysNBSend: return "seL4_NBSend";
    case seL4_SysRecv: return "seL4_Recv";
    case seL4_SysNBRecv: return "seL4_NBRecv";
    case seL4_SysWait: return "seL4_Wait";
    case seL4_SysNBWait: return "seL4_NBWait";
    default: return nullptr;
    }
}

} // namespace

void handle_syscall()
{
    Tcb &thread = *scheduler::current();
    auto number = static_cast<std::int64_t>(thread.context.get(arch::syscall_number_register));
    switch (number) {
    case seL4_SysDebugPutChar: debug_put_char(thread); break;
    case seL4_SysDebugHalt: debug_halt(thread);
    case seL4_SysDebugDumpScheduler:
        scheduler::dump();
        complete_syscall(thread);
        break;
    case seL4_SysYield: yield(thread); break;
    default:
        if (const char *name = ipc_syscall_name(number)) {
            // Capabilities and IPC arrive with the object model; until then say so plainly.
            print("quokka: thread '%s' called %s, which this kernel does not provide yet\n",
                  thread.name(), name);
        }
        suspend_after_unknown_syscall(thread, number);
        break;
    }
    scheduler::run();
}

} // namespace kernel
