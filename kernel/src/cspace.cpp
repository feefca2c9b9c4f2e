// CPtr resolution (seL4 manual §3.3, "Capability Addressing"): at each level the guard must
// match the next guard_size bits, then radix bits index the CNode; the walk goes on while bits
// remain and the slot holds a CNode capability.
#include "cspace.hpp"

#include <sel4/constants.h>

#include "arch.hpp"

namespace kernel {
namespace {

constexpr std::uint64_t low_bits(unsigned n)
{
    return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
}

// Bits [from, from + count) of value, counted from bit 0; count may be 0 and from + count <= 64.
constexpr std::uint64_t bits_at(std::uint64_t value, unsigned from, unsigned count)
{
    return count == 0 ? 0 : (value >> from) & low_bits(count);
}

} // namespace

unsigned LookupFault::word_count() const
{
    switch (type) {
    case seL4_NoFailure:
    case seL4_InvalidRoot: return 1;
    case seL4_MissingCapability: return 2;
    case seL4_DepthMismatch: return 3;
    case seL4_GuardMismatch: return 4;
    }
    return 1;
}

std::uint64_t LookupFault::word(unsigned index) const
{
    switch (index) {
    case 0: return type;
    case 1: return bits_left;
    case 2: return type == seL4_GuardMismatch ? guard_found : bits_found;
    default: return bits_found;
    }
}

const char *describe(seL4_LookupFailureType type)
{
    switch (type) {
    case seL4_NoFailure: return "no failure";
    case seL4_InvalidRoot: return "the CSpace root is not a CNode";
    case seL4_MissingCapability: return "a slot on the way is empty or not a CNode";
    case seL4_DepthMismatch: return "depth mismatch";
    case seL4_GuardMismatch: return "guard mismatch";
    }
    return "unknown lookup failure";
}


Result<ResolvedSlot, LookupFault> resolve_address(const Capability &root, std::uint64_t address,
                                                  unsigned depth)
{
    using R = Result<ResolvedSlot, LookupFault>;
    if (root.type() != CapType::cnode) {
        return R::err({seL4_InvalidRoot});
    }
    Capability node = root;
    unsigned bits = depth;
    for (;;) {
        unsigned radix = node.radix();
        unsigned guard_size = node.guard_size();
        unsigned level = radix + guard_size;
        // A retyped CNode has radix >= 1, so every level consumes bits and the walk ends.
        // The shift wraps when the guard is longer than the bits left; the comparison then
        // fails anyway. As seL4 does, the fault reports the CNode's guard.
        std::uint64_t guard = (address >> ((bits - guard_size) & 63)) & low_bits(guard_size);
        std::uint64_t node_guard = node.guard() & low_bits(guard_size);
        if (guard_size > bits || guard != node_guard) {
            return R::err({seL4_GuardMismatch, bits, node_guard, guard_size});
        }
        if (level > bits) {
            return R::err({seL4_DepthMismatch, bits, 0, level});
        }
        std::uint64_t index = bits_at(address, bits - level, radix);
        Slot *slot = cnode_slots(node.paddr()) + index;
        bits -= level;
        if (bits == 0 || slot->cap.type() != CapType::cnode) {
            return R::ok({slot, bits});
        }
        node = slot->cap;
    }
}

Result<Slot *, LookupFault> lookup_slot(const Capability &root, std::uint64_t cptr)
{
    auto resolved = resolve_address(root, cptr, seL4_WordBits);
    if (!resolved.is_ok()) {
        return Result<Slot *, LookupFault>::err(resolved.error());
    }
    return Result<Slot *, LookupFault>::ok(resolved.value().slot);
}

Result<Slot *, CNodeOpLookupError> lookup_slot_for_cnode_op(const Capability &root,
                                                            std::uint64_t index, std::uint64_t depth)
{
    using R = Result<Slot *, CNodeOpLookupError>;
    if (root.type() != CapType::cnode) {
        return R::err({seL4_FailedLookup, {seL4_InvalidRoot}});
    }
    if (depth < 1 || depth > seL4_WordBits) {
        return R::err({seL4_RangeError, {}});
    }
    auto resolved = resolve_address(root, index, static_cast<unsigned>(depth));
    if (!resolved.is_ok()) {
        return R::err({seL4_FailedLookup, resolved.error()});
    }
    if (resolved.value().bits_remaining != 0) {
        return R::err({seL4_FailedLookup,
                       {seL4_DepthMismatch, resolved.value().bits_remaining, 0, 0}});
    }
    return R::ok(resolved.value().slot);
}

} // namespace kernel
