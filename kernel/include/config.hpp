/// @file
/// Build configuration knobs, in one place. Code tests them with `if constexpr`.
#pragma once

#include <cstdint>

namespace config {

/// Debug build: assertions on, diagnostics (banner, boot facts, why an invocation failed) printed.
/// The release kernel prints nothing at boot (each character costs hundreds of instructions in
/// the firmware); it still reports user faults and panics.
inline constexpr bool debug = QUOKKA_CONFIG_DEBUG;
/// The IPC fastpath for Call and ReplyRecv (meson option `fastpath`); off, every syscall takes
/// the general path, with the same results.
inline constexpr bool fastpath = QUOKKA_CONFIG_FASTPATH;
/// Units of work (capabilities deleted, slots of a dying object visited) a long operation does
/// between two looks for a pending interrupt (seL4's CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION).
/// The worst interrupt latency grows with it; checking costs little, so it is small.
inline constexpr std::uint64_t preemption_work_units = 16;
/// Name of the configuration, printed in the banner.
inline constexpr const char *build_name = debug ? "debug" : "release";
/// Kernel version string.
inline constexpr const char *version = QUOKKA_VERSION;
/// Pages of stack given to the root task.
inline constexpr std::uint64_t root_task_stack_pages = 4;
/// Priority (and maximum controlled priority) of the root task, as seL4's.
inline constexpr std::uint8_t root_task_priority = 255;
/// Budget and period of the root task's scheduling context (seL4's boot time slice).
inline constexpr std::uint64_t root_task_time_slice_us = 5000;

} // namespace config
