/// @file
/// Deleting capabilities and destroying objects. Deleting the last capability to an object
/// finalises it (threads stop, a CNode's capabilities are deleted in turn). Objects that hold
/// capabilities (CNodes, TCBs) are emptied without recursion: the dying object's capability
/// becomes a zombie on a stack, and the deletion loop works through the stack's slots one at a
/// time, so cycles (a CNode holding itself) and long chains take bounded kernel stack.
#pragma once

#include "slot.hpp"

namespace kernel {

/// Deletes the capability in @p slot (seL4's cteDelete); an empty slot is left as it is.
void delete_capability(Slot &slot);

/// Deletes every descendant of the capability in @p slot, but not the capability itself
/// (seL4's cteRevoke).
void revoke_capability(Slot &slot);

} // namespace kernel
