/// @file
/// Internals shared by the riscv64 architecture files (not part of the arch interface).
#pragma once

#include <array>
#include <cstdint>

#include <arch/registers.hpp>

namespace arch {

/// Offset of the kernel window: kernel virtual address = physical address + this.
inline constexpr std::uint64_t kernel_offset = 0xFFFFFFC000000000;
/// Physical address the kernel image is loaded at (OpenSBI's next stage).
inline constexpr std::uint64_t kernel_phys_base = 0x80200000;

/// Prints the frames of the kernel stack starting at @p pc with frame pointer @p fp.
void print_backtrace_from(std::uint64_t pc, std::uint64_t fp);

/// Claims and reports every pending external interrupt (PLIC), completing each.
void handle_external_interrupts();

/// Records the `time` counter's frequency, in ticks per second (timer.cpp).
void init_timer(std::uint64_t timebase_frequency);
/// Handles the pending timer interrupt: disarms it, logs its latency, tells the kernel.
void handle_timer_interrupt();
/// Logs the `instret` at which the kernel began handling a device interrupt.
void note_external_interrupt_entry();

} // namespace arch

extern "C" {
/// Trap vector (trap.S).
void trap_entry();
/// Restores @p context and returns to U-mode (trap.S).
[[noreturn]] void restore_user_context(arch::UserContext *context);
/// The kernel's root page table, also the boot page table (vspace.cpp).
extern std::array<std::uint64_t, 512> kernel_root_table;
}
