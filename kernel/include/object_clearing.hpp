/// @file
/// Clearing the memory of new objects (Retype), preemptibly. Large objects (a CNode of a
/// million slots, a 1 GiB frame, 256 frames at once) take millions of instructions to clear, so
/// the clearing goes in small steps with a preemption point between them. A preempted Retype
/// records in the invoking thread how far it got; when the same invocation runs again it
/// carries on from there, unless any object was made meanwhile (the record then counts for
/// nothing, and clearing starts again: memory above an untyped's watermark stays unused until
/// an object is made, so nothing else can have written it).
#pragma once

#include <cstdint>

#include "preemption.hpp"
#include "tcb.hpp"

namespace kernel {

/// Zeroes physical memory [@p start, @p end) for objects that @p thread is about to make from
/// the untyped in @p untyped; done means the range is zero and the objects must be made now.
Progress clear_for_new_objects(Tcb &thread, const Slot &untyped, std::uint64_t start,
                               std::uint64_t end);

} // namespace kernel
