/// @file
/// The one interface between the generic kernel and the machine. Generic code reaches hardware
/// only through these functions; arch/riscv64 implements them on QEMU virt, arch/host over
/// simulated memory for tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <arch/address.hpp>
#include <arch/registers.hpp>

#include "fdt.hpp"

namespace arch {

/// How the machine stops; the value is QEMU's exit status.
enum class ExitStatus : int {
    halted = 0,  ///< the root task asked for it (seL4_DebugHalt)
    panic = 1,   ///< a kernel bug was detected
    stalled = 3, ///< no thread can ever run again
};

/// Access rights of a user mapping.
struct PageRights {
    bool read;    ///< user may load
    bool write;   ///< user may store
    bool execute; ///< user may fetch instructions
};

/// Size of the smallest page, in bytes.
inline constexpr std::uint64_t page_bytes = 4096;
/// @p address rounded down to a page boundary.
constexpr std::uint64_t page_down(std::uint64_t address) { return address & ~(page_bytes - 1); }
/// @p address rounded up to a page boundary.
constexpr std::uint64_t page_up(std::uint64_t address) { return page_down(address + page_bytes - 1); }

/// One-time setup before anything else: trap vector, counters, console.
void init_early();
/// Records what the device tree says about the machine (finisher, timer frequency).
void init_platform(const fdt::Platform &platform);
/// Restricts the kernel window to RAM and MMIO below it and drops the boot identity mapping.
void init_kernel_window(const fdt::Platform &platform);

/// Physical address range of the kernel image: [start, end).
void kernel_image_range(std::uint64_t &start, std::uint64_t &end);

/// The root task's ELF image, embedded in the kernel image by the build.
std::span<const std::uint8_t> root_task_image();

/// Writes @p length bytes to the kernel console.
void console_write(const char *text, std::size_t length);
/// Stops the machine with @p status; never returns.
[[noreturn]] void shutdown(ExitStatus status);
/// Prints the kernel call stack starting at the caller of this function.
void print_backtrace();

/// Instructions retired so far (the `instret` counter).
std::uint64_t read_instret();
/// Instructions retired when the kernel was entered at boot.
std::uint64_t boot_entry_instret();

/// Sets up the interrupt controller described by @p platform (all sources off).
void init_interrupts(const fdt::Platform &platform);
/// Number of interrupt sources; valid IRQ numbers are 1..irq_count().
unsigned irq_count();
/// Lets interrupt @p irq reach the kernel, or masks it.
void set_irq_enabled(unsigned irq, bool enabled);

/// Microseconds since boot (the `time` counter, converted).
std::uint64_t now_us();
/// Enables the timer interrupt and asks for one at @p deadline_us (replacing any earlier
/// request; a deadline in the past fires at once).
void set_timer_deadline(std::uint64_t deadline_us);
/// Sleeps until an interrupt is pending, then handles it (kernel::handle_tick(),
/// kernel::handle_irq()).
void wait_for_interrupt();
/// True when a timer or device interrupt is pending: the question a preemption point asks.
bool is_interrupt_pending();
/// Handles the pending interrupts, as wait_for_interrupt() does after waking (a long operation
/// that stopped at a preemption point calls it).
void handle_pending_interrupts();

/// What the kernel measures about interrupts for benchmarks (seL4_BenchmarkResetLog clears it).
/// Under `qemu -icount shift=0` one nanosecond of virtual time is one instruction, so a delay in
/// time is a delay in instructions.
struct InterruptLog {
    /// The longest delay, in instructions (resolution: one `time` tick), between a timer
    /// deadline passing and the kernel starting to handle that timer interrupt.
    std::uint64_t timer_latency_max;
    /// Timer interrupts handled.
    std::uint64_t timer_interrupts;
    /// `instret` when the kernel last began handling a device (PLIC) interrupt.
    std::uint64_t irq_entry_instret;
};
/// The log since boot or the last reset_interrupt_log().
InterruptLog interrupt_log();
/// Clears the log.
void reset_interrupt_log();

/// Allocates and zeroes one page for a page table (supplied by the generic boot code).
using PageTableAllocator = std::uint64_t (*)();
/// Creates a user address space: a zeroed root page table at @p root_paddr with the kernel
/// window copied in.
void init_vspace_root(std::uint64_t root_paddr);
/// Maps the 4 KiB frame at @p frame_paddr at user address @p vaddr of the address space rooted
/// at @p root_paddr; missing intermediate tables come from @p allocate. Returns false if a
/// different frame is already mapped there.
bool map_user_page(std::uint64_t root_paddr, std::uint64_t vaddr, std::uint64_t frame_paddr,
                   PageRights rights, PageTableAllocator allocate);
/// The root page table that maps only the kernel window: a thread whose address space is gone
/// runs on it (and faults at its first instruction).
std::uint64_t kernel_vspace_root();
/// The frame mapped at user address @p vaddr, or 0 when none is.
std::uint64_t lookup_user_page(std::uint64_t root_paddr, std::uint64_t vaddr);

/// True when @p context's FPU is switched off (its next FP instruction traps).
bool is_fpu_off(const UserContext &context);
/// Switches @p context's FPU on (when it owns the FPU) or off.
void set_fpu_enabled(UserContext &context, bool enabled);
/// Stores the FPU's registers into @p state.
void save_fpu(FpuState &state);
/// Loads the FPU's registers from @p state.
void load_fpu(const FpuState &state);

/// Sets up @p context for a new user thread starting at @p pc with stack pointer @p sp.
void init_user_context(UserContext &context, std::uint64_t pc, std::uint64_t sp);
/// Switches to the address space rooted at @p root_paddr, tagged @p asid in the TLB, and resumes
/// the thread whose saved registers are @p context in U-mode; never returns (the next trap
/// re-enters the kernel).
[[noreturn]] void return_to_user(UserContext &context, std::uint64_t root_paddr, std::uint64_t asid);
/// Resumes the thread whose saved registers are @p context at @p pc in U-mode, with a0..a5
/// taken from the arguments instead of the context (the IPC fastpath delivers a message this
/// way; the context's a0..a5 are stale until the thread next enters the kernel). The address
/// space must already be switched. Never returns: it is declared as returning (and extern "C",
/// as trap.S defines it) only so that the fastpath can end in a plain jump to it, without the
/// stack frame a call to a noreturn function costs.
extern "C" void fastpath_resume(std::uint64_t a0, std::uint64_t a1, std::uint64_t a2,
                                std::uint64_t a3, std::uint64_t a4, std::uint64_t a5,
                                UserContext &context, std::uint64_t pc);
/// Leaves a syscall that the IPC fastpath did not take to the general path (handle_syscall),
/// with the thread's context as trap entry saved it. The fastpath runs without a stack; this
/// sets one up. Never returns; declared as returning for the same reason as fastpath_resume.
extern "C" void fastpath_fallback();
/// As fastpath_fallback, through fastpath_refresh_view(@p thread) (fastpath.hpp), which
/// decodes the thread's fastpath view afresh first.
extern "C" void fastpath_refresh(void *thread);

/// Drops every translation tagged @p asid (before the ASID names another address space).
void flush_asid(std::uint64_t asid);

} // namespace arch
