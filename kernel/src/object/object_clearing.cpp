// Clearing new objects' memory in steps (see object_clearing.hpp).
#include "object_clearing.hpp"

#include <cstring>

#include "arch.hpp"

namespace kernel {
namespace {

// One unit of work for the preemption point: about 130 instructions of stores (memory_ops.cpp
// clears 8 bytes per instruction), close to the cost of deleting one capability.
constexpr std::uint64_t step_bytes = 1024;

// Objects made since boot. A range recorded before the last one may have been handed out and
// written since, so a record with an older count is not trusted.
std::uint64_t generation = 0;

} // namespace

Progress clear_for_new_objects(Tcb &thread, const Slot &untyped, std::uint64_t start,
                               std::uint64_t end)
{
    RetypeClearing &record = thread.retype_clearing;
    bool resumes = record.untyped == &untyped && record.start == start && record.end == end &&
                   record.generation == generation;
    std::uint64_t cleared = resumes ? record.cleared_to : start;
    while (cleared < end) {
        std::uint64_t step = end - cleared < step_bytes ? end - cleared : step_bytes;
        std::memset(arch::phys_to_virt(cleared), 0, step);
        cleared += step;
        if (cleared < end && preemption::is_due()) {
            record = {&untyped, start, end, cleared, generation};
            return Progress::preempted;
        }
    }
    record = {};
    ++generation; // the caller makes its objects now
    return Progress::done;
}

} // namespace kernel
