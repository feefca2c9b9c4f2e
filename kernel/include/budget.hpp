/// @file
/// MCS budget enforcement, simplified to one refill per period: the running scheduling context
/// is charged for the time its thread runs; when its budget is spent its thread is not
/// scheduled until the next period. A context whose budget equals its period works as a
/// round-robin time slice: it is refilled at once and its thread goes behind its equals.
#pragma once

#include <cstdint>

#include "sched_context.hpp"

namespace kernel::budget {

/// Sets @p sc's budget and period, full from @p now_us.
void configure(SchedContext &sc, std::uint64_t budget_us, std::uint64_t period_us,
               std::uint64_t now_us);
/// Charges @p used_us to @p sc at time @p now_us; may deplete it.
void charge(SchedContext &sc, std::uint64_t used_us, std::uint64_t now_us);
/// Refills every depleted context whose period has come round by @p now_us.
void release_due(std::uint64_t now_us);
/// When the next depleted context is refilled (~0 when none is depleted).
std::uint64_t next_release();
/// @p sc is being destroyed or reconfigured: it leaves the depleted list.
void forget(SchedContext &sc);

} // namespace kernel::budget
