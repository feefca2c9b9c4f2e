// CNode methods (seL4 manual §3.1.2, reference §5.2): Copy, Mint, Move, Mutate, Rotate,
// Delete, Revoke and CancelBadgedSends, decoded in seL4's order so that the same bad
// invocation gets the same error.
#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "delete.hpp"
#include "invocation.hpp"
#include "ipc.hpp"

namespace kernel {
namespace {

using E = SyscallError;
using S = InvocationStatus;

// seL4's updateCapData: a badge for an unbadged endpoint or notification (Mint only), guard
// data for a CNode; any other capability is unchanged. A null result means "not allowed".
Capability with_data(bool preserve, std::uint64_t data, const Capability &cap)
{
    bool badgeable = !preserve && cap.badge() == 0;
    if (cap.type() == CapType::endpoint) {
        return badgeable ? Capability::endpoint(cap.paddr(), data, cap.rights()) : Capability();
    }
    if (cap.type() == CapType::notification) {
        return badgeable ? Capability::notification(cap.paddr(), data, cap.rights()) : Capability();
    }
    return cap.type() == CapType::cnode ? cap.with_guard_data(data) : cap;
}

// The copy @p cap may become; an untyped with children is refused with RevokeFirst.
Result<Capability, SyscallError> derive(const Slot &slot, const Capability &cap)
{
    using R = Result<Capability, SyscallError>;
    if (cap.type() == CapType::untyped && cdt::has_children(slot)) {
        return R::err(E::revoke_first("an untyped with children cannot be copied"));
    }
    return R::ok(cdt::derive(slot, cap));
}

S copy_or_mint(Invocation &inv, Slot &dest, Slot &source, bool mint)
{
    if (inv.length < (mint ? 6u : 5u)) {
        return S::err(E::truncated_message(mint ? "Mint takes 6 words" : "Copy takes 5 words"));
    }
    Capability cap = source.cap.with_rights_masked(Rights(inv.arg(4)));
    if (mint) {
        cap = with_data(false, inv.arg(5), cap);
        if (cap.is_null()) {
            return S::err(E::illegal_operation(
                "a badged capability cannot be badged again, nor a guard wider than the node"));
        }
    }
    auto derived = derive(source, cap);
    if (!derived.is_ok()) {
        return S::err(derived.error());
    }
    if (derived.value().is_null()) {
        return S::err(E::illegal_operation("this capability cannot be copied"));
    }
    cdt::insert(derived.value(), source, dest);
    return S::ok();
}

S move_or_mutate(Invocation &inv, Slot &dest, Slot &source, bool mutate)
{
    Capability cap = source.cap;
    if (mutate) {
        if (inv.length < 5) {
            return S::err(E::truncated_message("Mutate takes 5 words"));
        }
        cap = with_data(true, inv.arg(4), cap);
        if (cap.is_null()) {
            return S::err(E::illegal_operation(
                "Mutate keeps badges: not allowed on endpoints and notifications"));
        }
    }
    cdt::move(cap, source, dest);
    return S::ok();
}

// Copy, Mint, Move and Mutate share their first checks.
S two_slot_operation(Invocation &inv, Slot &dest)
{
    if (inv.length < 4 || inv.extra_count < 1) {
        return S::err(E::truncated_message("needs the source CNode and 4 words"));
    }
    if (!dest.cap.is_null()) {
        return S::err(E::delete_first("the destination slot is occupied"));
    }
    auto source = lookup_target_slot(inv.extra_caps[0]->cap, inv.arg(2), inv.arg(3), true,
                                "cannot find the source slot");
    if (!source.is_ok()) {
        return S::err(source.error());
    }
    Slot &from = *source.value();
    if (from.cap.is_null()) {
        return S::err(E::failed_lookup(true, {seL4_MissingCapability, inv.arg(3)},
                                       "the source slot is empty"));
    }
    if (from.cap.type() == CapType::zombie) {
        return S::err(E::illegal_operation("a dying object's capability cannot be moved or copied"));
    }
    switch (inv.label) {
    case CNodeCopy: return copy_or_mint(inv, dest, from, false);
    case CNodeMint: return copy_or_mint(inv, dest, from, true);
    case CNodeMove: return move_or_mutate(inv, dest, from, false);
    default: return move_or_mutate(inv, dest, from, true);
    }
}

// Rotate: pivot -> destination, source -> pivot, in one step.
S rotate(Invocation &inv, Slot &dest)
{
    if (inv.length < 8 || inv.extra_count < 2) {
        return S::err(E::truncated_message("Rotate takes 8 words and two CNodes"));
    }
    auto source = lookup_target_slot(inv.extra_caps[1]->cap, inv.arg(6), inv.arg(7), true,
                                "cannot find the source slot");
    if (!source.is_ok()) {
        return S::err(source.error());
    }
    auto pivot = lookup_target_slot(inv.extra_caps[0]->cap, inv.arg(3), inv.arg(4), true,
                               "cannot find the pivot slot");
    if (!pivot.is_ok()) {
        return S::err(pivot.error());
    }
    Slot &from = *source.value();
    Slot &via = *pivot.value();
    if (&via == &from || &via == &dest) {
        return S::err(E::illegal_operation("the pivot must differ from source and destination"));
    }
    if (&from != &dest && !dest.cap.is_null()) {
        return S::err(E::delete_first("the destination slot is occupied"));
    }
    if (from.cap.is_null()) {
        return S::err(E::failed_lookup(true, {seL4_MissingCapability, inv.arg(7)},
                                       "the source slot is empty"));
    }
    if (via.cap.is_null()) {
        return S::err(E::failed_lookup(false, {seL4_MissingCapability, inv.arg(4)},
                                       "the pivot slot is empty"));
    }
    if (from.cap.type() == CapType::zombie || via.cap.type() == CapType::zombie) {
        return S::err(E::illegal_operation("a dying object's capability cannot be moved"));
    }
    Capability new_source = with_data(true, inv.arg(5), from.cap);
    Capability new_pivot = with_data(true, inv.arg(2), via.cap);
    if (new_source.is_null() || new_pivot.is_null()) {
        return S::err(E::illegal_operation("Rotate keeps badges: endpoints cannot be rotated"));
    }
    if (&from == &dest) {
        cdt::swap(new_source, from, new_pivot, via);
    } else {
        cdt::move(new_pivot, via, dest);
        cdt::move(new_source, from, via);
    }
    return S::ok();
}

bool has_all_rights(const Capability &cap) { return cap.rights().has(Rights::all); }

} // namespace

InvocationStatus perform_cnode_invocation(Invocation &inv)
{
    if (inv.label < CNodeRevoke || inv.label > CNodeRotate) {
        return S::err(E::illegal_operation("not a CNode method"));
    }
    if (inv.length < 2) {
        return S::err(E::truncated_message("needs the slot index and depth"));
    }
    auto target = lookup_target_slot(inv.slot.cap, inv.arg(0), inv.arg(1), false,
                                "cannot find the destination slot");
    if (!target.is_ok()) {
        return S::err(target.error());
    }
    Slot &dest = *target.value();
    switch (inv.label) {
    case CNodeCopy:
    case CNodeMint:
    case CNodeMove:
    case CNodeMutate: return two_slot_operation(inv, dest);
    case CNodeRotate: return rotate(inv, dest);
    case CNodeDelete: return status_of(delete_capability(dest));
    case CNodeRevoke: return status_of(revoke_capability(dest));
    case CNodeCancelBadgedSends:
        if (dest.cap.type() != CapType::endpoint || !has_all_rights(dest.cap)) {
            return S::err(E::illegal_operation("needs an endpoint capability with all rights"));
        }
        if (dest.cap.badge() != 0) {
            cancel_badged_sends(endpoint_at(dest.cap.paddr()), dest.cap.badge());
        }
        return S::ok();
    default: return S::err(E::illegal_operation("not a CNode method"));
    }
}

} // namespace kernel
