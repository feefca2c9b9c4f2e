/// @file
/// Invocations: a Call or Send on a capability to a kernel object. Each object type decodes
/// its methods in two steps, as seL4 does: decode checks every argument, capability and right
/// and changes nothing; then the operation runs and cannot fail. A failure a user caused is a
/// SyscallError, returned to a Call as an error reply with seL4's detail words.
#pragma once

#include <cstdint>

#include <sel4/errors.h>

#include "cspace.hpp"
#include "preemption.hpp"
#include "result.hpp"
#include "tcb.hpp"

namespace kernel {

/// A rejected invocation: the seL4_Error, its detail message words, and (for the debug line)
/// which argument and why.
struct SyscallError {
    seL4_Error type = seL4_NoError; ///< the error (the reply's label)
    std::uint64_t details[5] = {};  ///< detail words, reference §3.1
    unsigned detail_count = 0;      ///< how many detail words
    const char *why = "";           ///< what was wrong, in words
    bool preempted = false;         ///< not an error: stopped at a preemption point (restart)

    /// InvalidArgument: argument @p index (MR0) is wrong.
    static SyscallError invalid_argument(unsigned index, const char *why);
    /// InvalidCapability: capability @p index (0 = the invoked one, n = extra cap n-1).
    static SyscallError invalid_capability(unsigned index, const char *why);
    /// IllegalOperation.
    static SyscallError illegal_operation(const char *why);
    /// RangeError: the value must lie in [@p min, @p max].
    static SyscallError range_error(std::uint64_t min, std::uint64_t max, const char *why);
    /// AlignmentError.
    static SyscallError alignment_error(const char *why);
    /// FailedLookup: of the source (@p source) or destination, with the lookup fault.
    static SyscallError failed_lookup(bool source, const LookupFault &fault, const char *why);
    /// TruncatedMessage: too few message words or extra capabilities.
    static SyscallError truncated_message(const char *why);
    /// DeleteFirst: the destination is occupied.
    static SyscallError delete_first(const char *why);
    /// RevokeFirst: the object still has children.
    static SyscallError revoke_first(const char *why);
    /// NotEnoughMemory: only @p free_bytes are left in the untyped.
    static SyscallError not_enough_memory(std::uint64_t free_bytes, const char *why);
    /// Not an error: the operation stopped at a preemption point with an interrupt pending,
    /// its progress recorded; the invocation must run again (seL4's EXCEPTION_PREEMPTED).
    static SyscallError preemption();
};

/// What an invocation succeeds or fails with.
using InvocationStatus = Status<SyscallError>;

/// The status of an invocation that did @p progress: ok when done, else preempted.
InvocationStatus status_of(Progress progress);

/// Most extra capabilities a message carries (seL4_MsgMaxExtraCaps).
inline constexpr unsigned max_extra_caps = 3;

/// An invocation as the kernel sees it after looking up its capabilities.
struct Invocation {
    /// An invocation of the capability in @p slot (at @p cptr) by @p thread with method
    /// @p label and @p length message words. The reply words are left unset: clearing 32 words
    /// on every message would be paid by each IPC.
    Invocation(Tcb &thread_, Slot &slot_, std::uint64_t cptr_, std::uint64_t label_, unsigned length_)
        : thread(thread_), slot(slot_), cptr(cptr_), label(label_), length(length_)
    {
    }

    Tcb &thread;          ///< the invoking thread
    Slot &slot;           ///< the slot of the invoked capability
    std::uint64_t cptr;   ///< the invoked capability's address (for diagnostics)
    std::uint64_t label;  ///< the method (invocation_label)
    unsigned length;      ///< message words available
    Slot *extra_caps[max_extra_caps] = {}; ///< looked-up extra capabilities
    unsigned extra_count = 0;              ///< how many
    unsigned result_count = 0;             ///< how many reply words a successful method left
    std::uint64_t results[32];             ///< the reply words (only result_count are set)

    /// Message word @p index (0..length-1): registers for 0..3, the IPC buffer beyond.
    std::uint64_t arg(unsigned index) const;
};

/// The slot an invocation names explicitly (seL4's lookupTargetSlot): @p depth bits of @p index
/// from the CNode @p root. RangeError for a depth outside 1..64; FailedLookup (of the source when
/// @p source) with @p what otherwise.
Result<Slot *, SyscallError> lookup_target_slot(const Capability &root, std::uint64_t index,
                                                std::uint64_t depth, bool source, const char *what);
/// As lookup_target_slot, for a destination that must be empty (DeleteFirst otherwise).
Result<Slot *, SyscallError> lookup_empty_slot(const Capability &root, std::uint64_t index,
                                               std::uint64_t depth);

/// Decodes and performs @p invocation on the capability in its slot.
InvocationStatus perform_invocation(Invocation &invocation);

/// CNode methods (object/cnode.cpp).
InvocationStatus perform_cnode_invocation(Invocation &invocation);
/// Untyped methods (object/untyped.cpp).
InvocationStatus perform_untyped_invocation(Invocation &invocation);
/// TCB methods (object/tcb_invocation.cpp).
InvocationStatus perform_tcb_invocation(Invocation &invocation);
/// SchedControl methods (object/sched_context.cpp).
InvocationStatus perform_sched_control_invocation(Invocation &invocation);
/// SchedContext methods (object/sched_context.cpp).
InvocationStatus perform_sched_context_invocation(Invocation &invocation);

/// Name of invocation @p label for diagnostics (seL4's stub name, e.g. "CNode_Copy").
const char *invocation_name(std::uint64_t label);

} // namespace kernel
