/// @file
/// Deleting capabilities and destroying objects. Deleting the last capability to an object
/// finalises it (threads stop, a CNode's capabilities are deleted in turn). Objects that hold
/// capabilities (CNodes, TCBs) are emptied without recursion: the dying object's capability
/// becomes a zombie on a stack, and the deletion loop works through the stack's slots one at a
/// time, so cycles (a CNode holding itself) and long chains take bounded kernel stack, and a
/// preemption point can stop the work between any two slots.
#pragma once

#include "preemption.hpp"
#include "slot.hpp"

namespace kernel {

/// Deletes the capability in @p slot (seL4's cteDelete); an empty slot is left as it is. Also
/// finishes the deletions earlier preempted ones left. Preemptible: when an interrupt is
/// pending it stops with the dying objects recorded as zombies, and a later call (on the same
/// slot, now holding a zombie, or any other) continues.
Progress delete_capability(Slot &slot);

/// As delete_capability, but runs to completion (for callers that cannot be restarted); it
/// finishes only the zombies it makes itself, not those of earlier preempted deletions.
void delete_capability_now(Slot &slot);

/// Deletes every descendant of the capability in @p slot, but not the capability itself
/// (seL4's cteRevoke), one at a time with a preemption point after each; preempted, the
/// descendants left are still descendants, so calling it again continues.
Progress revoke_capability(Slot &slot);

/// Finishes the deletions that preempted invocations left (their zombies), preemptibly. Memory
/// must not be reused while a zombie may still lie in it: Retype calls this first.
Progress finish_deletions();

/// True when a preempted deletion left zombies to finish.
bool has_unfinished_deletions();

} // namespace kernel
