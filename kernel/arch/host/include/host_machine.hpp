/// @file
/// Test hooks of the host architecture layer: what the kernel printed, its simulated memory
/// mappings, and the exceptions that stand for leaving the kernel.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "arch.hpp"

namespace arch::host {

/// Everything the kernel wrote to its console.
extern std::string console_output;
/// The value read_instret() returns.
extern std::uint64_t instret;
/// The image root_task_image() returns.
extern std::span<const std::uint8_t> root_image;
/// The simulated FPU's registers.
extern FpuState fpu;
/// Which interrupts set_irq_enabled() left enabled.
extern bool irq_enabled[128];
/// What now_us() returns.
extern std::uint64_t time_us;
/// The last deadline set_timer_deadline() was given.
extern std::uint64_t timer_deadline_us;
/// What is_interrupt_pending() answers (handle_pending_interrupts() clears it).
extern bool interrupt_pending;
/// The last token switch_address_space() was given.
extern std::uint64_t address_space;

/// One mapped user page.
struct MappedPage {
    std::uint64_t frame = 0;  ///< physical address of the frame
    PageRights rights{};      ///< the union of rights it was mapped with
};
/// Mapped pages by virtual address, per address space root.
inline std::map<std::uint64_t, std::map<std::uint64_t, MappedPage>> address_spaces;

/// Thrown by arch::shutdown().
struct Shutdown {
    ExitStatus status; ///< the status the kernel stopped with
};
/// Thrown by arch::return_to_user().
struct ReturnToUser {
    UserContext *context; ///< the context that would resume
};
/// Thrown by arch::wait_for_interrupt(): the kernel had nothing to run.
struct Idle {};

} // namespace arch::host
