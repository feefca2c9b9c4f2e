/// @file
/// Preemption points (seL4's preemptionPoint): a long operation (Revoke, Delete of a big CNode)
/// counts its units of work and, every few units, asks whether an interrupt is pending. If one
/// is, it stops with its progress recorded in the objects themselves; the invoking thread's pc
/// stays on its `ecall`, the kernel handles the interrupt, and the same invocation runs again
/// later and carries on from where it stopped. Interrupt latency is then bounded by the work
/// between two checks, whatever the size of the operation.
#pragma once

#include <cstdint>

namespace kernel {

/// How far a preemptible operation got.
enum class [[nodiscard]] Progress : std::uint8_t {
    done,      ///< finished
    preempted, ///< stopped at a preemption point with an interrupt pending; run it again
};

namespace preemption {

/// Counts one unit of work (a capability deleted, a slot of a dying object looked at) and
/// answers true when an interrupt is pending, checked every config::preemption_work_units
/// units. The count restarts after each check.
bool is_due();

/// Preemptions since boot (for tests of the kernel on the host).
std::uint64_t count();

} // namespace preemption
} // namespace kernel
