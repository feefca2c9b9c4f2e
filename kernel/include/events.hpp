/// @file
/// What the architecture layer reports to the generic kernel: syscalls, user faults, timer
/// ticks. Each handler that ends a trap never returns: it resumes a thread or idles.
#pragma once

#include <cstdint>

namespace kernel {

/// A fault raised by a user thread's instruction.
struct UserFault {
    /// The two classes seL4 distinguishes.
    enum class Kind : std::uint8_t {
        vm_fault,       ///< an access to an address without a suitable mapping
        user_exception, ///< any other exception (illegal instruction, misaligned access...)
    };
    Kind kind;                ///< class of the fault
    std::uint64_t cause;      ///< the architecture's exception code (scause on riscv64)
    std::uint64_t address;    ///< faulting data or instruction address (stval)
    bool instruction_fetch;   ///< true when fetching an instruction faulted
    const char *description;  ///< what happened, in words
    std::uint64_t status = 0; ///< for a VM fault, seL4's FSR: the access-fault cause (load 5,
                              ///< store 7, fetch 1), also for page faults
};

/// The current thread executed a syscall instruction.
[[noreturn]] void handle_syscall();
/// The current thread raised @p fault.
[[noreturn]] void handle_user_fault(const UserFault &fault);
/// A timer tick arrived while a user thread ran.
[[noreturn]] void handle_tick_from_user();
/// A timer tick arrived while the kernel idled.
void handle_tick();
/// Device interrupt @p irq arrived (it is masked until its handler is acknowledged).
void handle_irq(unsigned irq);
/// Device interrupts arrived while a user thread ran (each already reported by handle_irq).
[[noreturn]] void handle_interrupt_from_user();

} // namespace kernel
