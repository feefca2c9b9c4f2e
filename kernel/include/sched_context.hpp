/// @file
/// Scheduling contexts (MCS): the right to run for a budget of time in every period. A thread
/// runs only while it has one, its own or one donated to it through a Call.
#pragma once

#include <cstdint>

#include <sel4/constants.h>

namespace kernel {

class Tcb;

/// A scheduling context object, 2^size_bits bytes (at least seL4_MinSchedContextBits).
class SchedContext final {
public:
    std::uint64_t budget_us = 0;  ///< time per period, in microseconds (0 = not configured)
    std::uint64_t period_us = 0;  ///< the period, in microseconds
    std::uint64_t badge = 0;      ///< reported in timeout faults
    std::uint64_t consumed_us = 0; ///< time used since last asked (SchedContext_Consumed)
    std::uint64_t extra_refills = 0; ///< sporadic refills beyond the first
    std::uint64_t flags = 0;      ///< seL4_SchedContextFlag bits
    Tcb *tcb = nullptr;           ///< the thread it is bound to or lent to
    Tcb *owner = nullptr;         ///< the thread it is bound to (donation lends it to others)
    std::uint64_t remaining_us = 0;    ///< budget left in this period
    std::uint64_t period_start_us = 0; ///< when the current period began
    std::uint64_t release_at_us = 0;   ///< while depleted: when the budget comes back
    SchedContext *next_depleted = nullptr; ///< link in the list of depleted contexts
    bool depleted = false;        ///< out of budget until release_at_us

    /// True once SchedControl_ConfigureFlags has given it a budget.
    bool is_configured() const { return budget_us != 0; }
    /// True when a thread may run on it now.
    bool has_budget() const { return is_configured() && !depleted; }
};
static_assert(sizeof(SchedContext) <= (std::size_t{1} << seL4_MinSchedContextBits),
              "a scheduling context fits the smallest object");

} // namespace kernel
