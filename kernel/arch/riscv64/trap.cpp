// Trap dispatch: trap.S saves the user's registers and calls handle_user_trap; this file decides
// what the trap was (scause, privileged spec §4.1.8) and reports it to the generic kernel.
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <sbi/sbi.hpp>

#include "arch.hpp"
#include "console.hpp"
#include "events.hpp"

namespace arch {
namespace {

using csr::Exception;
using kernel::UserFault;

const char *describe(Exception code)
{
    switch (code) {
    case Exception::instruction_misaligned: return "misaligned instruction fetch";
    case Exception::instruction_access_fault: return "instruction access fault";
    case Exception::illegal_instruction: return "illegal instruction";
    case Exception::breakpoint: return "breakpoint";
    case Exception::load_misaligned: return "misaligned load";
    case Exception::load_access_fault: return "load access fault";
    case Exception::store_misaligned: return "misaligned store";
    case Exception::store_access_fault: return "store access fault";
    case Exception::user_ecall: return "ecall from U-mode";
    case Exception::supervisor_ecall: return "ecall from S-mode";
    case Exception::instruction_page_fault: return "instruction page fault";
    case Exception::load_page_fault: return "load page fault";
    case Exception::store_page_fault: return "store page fault";
    }
    return "unknown exception";
}

UserFault classify(std::uint64_t scause, std::uint64_t stval)
{
    auto code = static_cast<Exception>(scause);
    UserFault fault{UserFault::Kind::user_exception, scause, stval, false, describe(code)};
    switch (code) {
    case Exception::instruction_access_fault:
    case Exception::instruction_page_fault:
        fault.kind = UserFault::Kind::vm_fault;
        fault.instruction_fetch = true;
        fault.status = static_cast<std::uint64_t>(Exception::instruction_access_fault);
        break;
    case Exception::load_access_fault:
    case Exception::load_page_fault:
        fault.kind = UserFault::Kind::vm_fault;
        fault.status = static_cast<std::uint64_t>(Exception::load_access_fault);
        break;
    case Exception::store_access_fault:
    case Exception::store_page_fault:
        fault.kind = UserFault::Kind::vm_fault;
        fault.status = static_cast<std::uint64_t>(Exception::store_access_fault);
        break;
    case Exception::instruction_misaligned:
    case Exception::illegal_instruction:
    case Exception::breakpoint:
    case Exception::load_misaligned:
    case Exception::store_misaligned:
    case Exception::user_ecall:
    case Exception::supervisor_ecall:
        break;
    }
    return fault;
}

struct KernelTrapFrame {
    std::uint64_t x[32];
    std::uint64_t sepc, sstatus, scause, stval;
};

} // namespace

extern "C" [[noreturn]] void handle_user_trap(UserContext *, std::uint64_t scause,
                                              std::uint64_t stval)
{
    if ((scause & csr::scause_interrupt) != 0) {
        std::uint64_t code = scause & ~csr::scause_interrupt;
        if (code == csr::supervisor_timer_interrupt) {
            handle_timer_interrupt();
            kernel::handle_tick_from_user();
        }
        if (code == csr::supervisor_external_interrupt) {
            handle_external_interrupts();
            kernel::handle_interrupt_from_user();
        }
        kernel::panic("trap: unexpected interrupt %lu from U-mode", code);
    }
    if (static_cast<Exception>(scause) == Exception::user_ecall) {
        kernel::handle_syscall();
    }
    kernel::handle_user_fault(classify(scause, stval));
}

extern "C" [[noreturn]] void handle_kernel_trap(KernelTrapFrame *frame)
{
    const char *what = (frame->scause & csr::scause_interrupt) != 0
                           ? "interrupt"
                           : describe(static_cast<Exception>(frame->scause));
    kernel::print("\nKERNEL PANIC: kernel trap: %s (scause 0x%lx, sepc 0x%lx, stval 0x%lx)\n",
                  what, frame->scause, frame->sepc, frame->stval);
    kernel::print("  ra 0x%lx sp 0x%lx fp 0x%lx\n", frame->x[1], frame->x[2], frame->x[8]);
    print_backtrace_from(frame->sepc, frame->x[8]);
    shutdown(ExitStatus::panic);
}

} // namespace arch
