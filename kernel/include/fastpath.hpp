/// @file
/// The IPC fastpath's view of the capability system. The fastpath (src/api/fastpath.cpp) keeps,
/// per thread, a decoded copy of its CSpace root and address space (Tcb::fastpath) so that it
/// need not decode capabilities on every message. Any change that could make such a copy wrong
/// (a capability written into, moved out of or removed from any slot, an ASID given or taken)
/// advances one global epoch, and a copy from an older epoch is decoded afresh.
#pragma once

#include <cstdint>

namespace kernel {

/// The current epoch of fastpath views (starts at 1; a thread's view from another is stale).
extern std::uint64_t fastpath_epoch;

/// Makes every thread's fastpath view stale. Called by every capability and ASID change.
inline void invalidate_fastpath_views() { ++fastpath_epoch; }

class Tcb;

} // namespace kernel

/// Decodes @p thread's fastpath view afresh, then handles the current syscall the general way
/// (handle_syscall). The fastpath reaches it through arch::fastpath_refresh, which gives it
/// the kernel stack.
extern "C" [[noreturn]] void fastpath_refresh_view(kernel::Tcb &thread);
