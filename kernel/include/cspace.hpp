/// @file
/// Capability addressing, exactly as seL4 resolves a CPtr: from a CNode capability, each level
/// takes the guard bits and then radix bits from the top of the remaining address.
#pragma once

#include <cstdint>

#include <sel4/errors.h>

#include <arch/address.hpp>

#include "result.hpp"
#include "slot.hpp"

namespace kernel {

/// Why a lookup failed, with the numbers seL4 reports (reference §3.1).
struct LookupFault {
    seL4_LookupFailureType type = seL4_NoFailure; ///< the kind of failure
    std::uint64_t bits_left = 0;  ///< address bits still to resolve when it failed
    std::uint64_t guard_found = 0; ///< GuardMismatch: the guard of the CNode that did not match
    std::uint64_t bits_found = 0; ///< DepthMismatch, GuardMismatch: bits the level needed

    /// Number of message words describing the fault (type included).
    unsigned word_count() const;
    /// Word @p index of the description (type first), as FailedLookup and CapFault carry it.
    std::uint64_t word(unsigned index) const;
};

/// Where an address led: a slot, and address bits not used because the walk stopped at a
/// capability that is not a CNode.
struct ResolvedSlot {
    Slot *slot;                  ///< the slot reached
    unsigned bits_remaining;     ///< unresolved low bits of the address
};

/// Resolves the top @p depth bits of @p address from @p root (seL4's resolveAddressBits).
Result<ResolvedSlot, LookupFault> resolve_address(const Capability &root, std::uint64_t address,
                                                  unsigned depth);

/// The slot an implicit lookup reaches: the invoked capability, extra capabilities, the
/// objects of Recv. Starts at @p root with depth 64 and stops at the first non-CNode.
Result<Slot *, LookupFault> lookup_slot(const Capability &root, std::uint64_t cptr);

/// How an explicit lookup (CNode invocations, Retype destinations) failed.
struct CNodeOpLookupError {
    seL4_Error error;     ///< RangeError (bad depth) or FailedLookup
    LookupFault fault;    ///< for FailedLookup: why
};

/// An explicit lookup: @p depth (1..64) bits of @p index from @p root, consumed exactly
/// (seL4's lookupSlotForCNodeOp).
Result<Slot *, CNodeOpLookupError> lookup_slot_for_cnode_op(const Capability &root,
                                                            std::uint64_t index, std::uint64_t depth);

/// Human-readable name of a lookup failure.
const char *describe(seL4_LookupFailureType type);

/// The slots of a CNode object at physical address @p paddr.
inline Slot *cnode_slots(std::uint64_t paddr) { return static_cast<Slot *>(arch::phys_to_virt(paddr)); }

} // namespace kernel
