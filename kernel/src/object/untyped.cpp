// Untyped_Retype (seL4 manual §2.4, reference §5.2 and §8.7): the only way kernel objects
// come into being. Objects are carved at the untyped's watermark, each aligned to its own size;
// an untyped without children starts again from its base. Clearing their memory is the long
// part, and preemptible (object_clearing.hpp).
#include <new>

#include <sel4/constants.h>
#include <sel4/invocation.h>
#include <sel4/objecttype.h>

#include "arch.hpp"
#include "delete.hpp"
#include "invocation.hpp"
#include "object_clearing.hpp"
#include "scheduler.hpp"

namespace kernel {
namespace {

using E = SyscallError;
using S = InvocationStatus;

// log2 of the object's size; for variable-sized types from the caller's size_bits.
std::uint64_t object_size_bits(std::uint64_t type, std::uint64_t user_size)
{
    switch (type) {
    case seL4_UntypedObject:
    case seL4_SchedContextObject: return user_size;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return user_size + seL4_SlotBits;
    case seL4_ReplyObject: return seL4_ReplyBits;
    case seL4_RISCV_Giga_Page: return seL4_HugePageBits;
    case seL4_RISCV_4K_Page: return seL4_PageBits;
    case seL4_RISCV_Mega_Page: return seL4_LargePageBits;
    default: return seL4_PageTableBits;
    }
}

bool is_frame_type(std::uint64_t type)
{
    return type == seL4_RISCV_4K_Page || type == seL4_RISCV_Mega_Page || type == seL4_RISCV_Giga_Page;
}

// The checks on type and size, in seL4's order (reference §12.14: size before too-small).
S check_type_and_size(std::uint64_t type, std::uint64_t user_size)
{
    if (type >= seL4_ObjectTypeCount) {
        return S::err(E::invalid_argument(0, "no such object type"));
    }
    if (user_size >= seL4_WordBits || object_size_bits(type, user_size) > seL4_MaxUntypedBits) {
        return S::err(E::range_error(0, seL4_MaxUntypedBits, "object size out of range"));
    }
    if (type == seL4_CapTableObject && user_size == 0) {
        return S::err(E::invalid_argument(1, "a CNode needs at least 2 slots (size_bits >= 1)"));
    }
    if (type == seL4_UntypedObject && user_size < seL4_MinUntypedBits) {
        return S::err(E::invalid_argument(1, "an untyped needs size_bits >= 4"));
    }
    if (type == seL4_SchedContextObject && user_size < seL4_MinSchedContextBits) {
        return S::err(E::invalid_argument(1, "a scheduling context needs size_bits >= 7"));
    }
    return S::ok();
}

// The CNode the new capabilities go into: the root itself (depth 0) or a CNode below it.
Result<Capability, SyscallError> destination_node(const Capability &root, std::uint64_t index,
                                                  std::uint64_t depth)
{
    using R = Result<Capability, SyscallError>;
    Capability node = root;
    if (depth != 0) {
        auto found = lookup_slot_for_cnode_op(root, index, depth);
        if (!found.is_ok()) {
            if (found.error().error == seL4_RangeError) {
                return R::err(E::range_error(1, seL4_WordBits, "node depth must be 0..64"));
            }
            return R::err(E::failed_lookup(false, found.error().fault,
                                           "cannot find the destination CNode"));
        }
        node = found.value()->cap;
    }
    if (node.type() != CapType::cnode) {
        return R::err(E::failed_lookup(false, {seL4_MissingCapability, depth},
                                       "the destination is not a CNode"));
    }
    return R::ok(node);
}

// The objects' memory is already zero (clear_for_new_objects), except device memory.
Capability make_object(std::uint64_t type, std::uint64_t paddr, std::uint64_t user_size, bool device)
{
    Rights all(Rights::all);
    switch (type) {
    case seL4_UntypedObject: return Capability::untyped(paddr, static_cast<unsigned>(user_size), device);
    case seL4_TCBObject: {
        Tcb *thread = new (arch::phys_to_virt(paddr)) Tcb();
        thread->set_name("thread");
        scheduler::add_thread(*thread);
        return Capability::thread(paddr);
    }
    case seL4_EndpointObject: return Capability::endpoint(paddr, 0, all);
    case seL4_NotificationObject: return Capability::notification(paddr, 0, all);
    case seL4_CapTableObject: return Capability::cnode(paddr, static_cast<unsigned>(user_size), 0, 0);
    case seL4_SchedContextObject:
        return Capability::sched_context(paddr, static_cast<unsigned>(user_size));
    case seL4_ReplyObject: return Capability::reply(paddr, true);
    case seL4_RISCV_Giga_Page: return Capability::frame(paddr, FrameSize::huge, all, device);
    case seL4_RISCV_4K_Page: return Capability::frame(paddr, FrameSize::small, all, device);
    case seL4_RISCV_Mega_Page: return Capability::frame(paddr, FrameSize::large, all, device);
    default: return Capability::page_table(paddr);
    }
}

} // namespace

InvocationStatus perform_untyped_invocation(Invocation &inv)
{
    if (inv.label != UntypedRetype) {
        return S::err(E::illegal_operation("an untyped's only method is Retype"));
    }
    // A preempted deletion may have left objects half destroyed in this untyped's memory.
    if (finish_deletions() == Progress::preempted) {
        return S::err(E::preemption());
    }
    if (inv.length < 6 || inv.extra_count < 1) {
        return S::err(E::truncated_message("Retype takes 6 words and the root CNode"));
    }
    std::uint64_t type = inv.arg(0), user_size = inv.arg(1);
    std::uint64_t node_offset = inv.arg(4), count = inv.arg(5);
    if (auto checked = check_type_and_size(type, user_size); !checked.is_ok()) {
        return checked;
    }
    auto node = destination_node(inv.extra_caps[0]->cap, inv.arg(2), inv.arg(3));
    if (!node.is_ok()) {
        return S::err(node.error());
    }
    std::uint64_t node_size = std::uint64_t{1} << node.value().radix();
    if (node_offset > node_size - 1) {
        return S::err(E::range_error(0, node_size - 1, "destination offset past the CNode's end"));
    }
    if (count < 1 || count > seL4_UntypedRetypeMaxObjects) {
        return S::err(E::range_error(1, seL4_UntypedRetypeMaxObjects, "1 to 256 objects per Retype"));
    }
    if (count > node_size - node_offset) {
        return S::err(E::range_error(1, node_size - node_offset, "the window runs past the CNode's end"));
    }
    Slot *window = cnode_slots(node.value().paddr()) + node_offset;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (!window[i].cap.is_null()) {
            return S::err(E::delete_first("a destination slot is occupied"));
        }
    }

    Capability &untyped = inv.slot.cap;
    // Without children the whole untyped is free again (its objects were all deleted).
    std::uint64_t used = cdt::has_children(inv.slot) ? untyped.free_offset() : 0;
    std::uint64_t free_bytes = (std::uint64_t{1} << untyped.size_bits()) - used;
    unsigned size_bits = static_cast<unsigned>(object_size_bits(type, user_size));
    if ((free_bytes >> size_bits) < count) {
        return S::err(E::not_enough_memory(free_bytes, "not enough free memory in the untyped"));
    }
    if (untyped.is_device() && !is_frame_type(type) && type != seL4_UntypedObject) {
        return S::err(E::invalid_argument(1, "device memory only becomes frames or untypeds"));
    }

    std::uint64_t object_bytes = std::uint64_t{1} << size_bits;
    std::uint64_t first = (untyped.paddr() + used + object_bytes - 1) & ~(object_bytes - 1);
    // A new untyped is not cleared: every object later made from it is, when it is made.
    bool clears = !untyped.is_device() && type != seL4_UntypedObject;
    if (clears && clear_for_new_objects(inv.thread, inv.slot, first, first + count * object_bytes) ==
                      Progress::preempted) {
        return S::err(E::preemption());
    }
    for (std::uint64_t i = 0; i < count; ++i) {
        Capability cap = make_object(type, first + i * object_bytes, user_size, untyped.is_device());
        cdt::insert_new(cap, inv.slot, window[i]);
    }
    untyped.set_free_offset(first + count * object_bytes - untyped.paddr());
    return S::ok();
}

} // namespace kernel
