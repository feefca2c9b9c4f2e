// Capability encoding and the comparisons the derivation tree is built on (seL4's
// sameRegionAs and sameObjectAs).
#include "capability.hpp"

#include <sel4/constants.h>

namespace kernel {

Capability::Capability(CapType type, Rights rights, unsigned small, std::uint64_t paddr,
                       std::uint64_t word1)
{
    words_[0] = static_cast<std::uint64_t>(type) << 59 |
                static_cast<std::uint64_t>(rights.bits()) << 55 |
                static_cast<std::uint64_t>(small & 0x7f) << 48 | (paddr & address_mask);
    words_[1] = word1;
}

Capability Capability::untyped(std::uint64_t paddr, unsigned size_bits, bool device)
{
    return {CapType::untyped, Rights(), size_bits | (device ? device_flag : 0), paddr, 0};
}

Capability Capability::cnode(std::uint64_t paddr, unsigned radix, std::uint64_t guard,
                             unsigned guard_size)
{
    // Word 1 uses seL4_CNode_CapData's layout: guard size in bits 5..0, guard above.
    return {CapType::cnode, Rights(), radix, paddr, guard << 6 | (guard_size & 0x3f)};
}

Capability Capability::endpoint(std::uint64_t paddr, std::uint64_t badge, Rights rights)
{
    return {CapType::endpoint, rights, 0, paddr, badge};
}

Capability Capability::notification(std::uint64_t paddr, std::uint64_t badge, Rights rights)
{
    return {CapType::notification, rights, 0, paddr, badge};
}

Capability Capability::reply(std::uint64_t paddr, bool can_grant)
{
    return {CapType::reply, Rights(can_grant ? Rights::grant : 0), 0, paddr, 0};
}

Capability Capability::thread(std::uint64_t paddr) { return {CapType::thread, Rights(), 0, paddr, 0}; }

Capability Capability::sched_context(std::uint64_t paddr, unsigned size_bits)
{
    return {CapType::sched_context, Rights(), size_bits, paddr, 0};
}

Capability Capability::frame(std::uint64_t paddr, FrameSize size, Rights rights, bool device)
{
    return {CapType::frame, rights, static_cast<unsigned>(size) | (device ? device_flag : 0), paddr,
            0};
}

Capability Capability::page_table(std::uint64_t paddr)
{
    return {CapType::page_table, Rights(), 0, paddr, 0};
}

Capability Capability::asid_pool(std::uint64_t paddr, std::uint64_t asid_base)
{
    return {CapType::asid_pool, Rights(), 0, paddr, asid_base};
}

Capability Capability::irq_handler(std::uint64_t irq)
{
    return {CapType::irq_handler, Rights(), 0, 0, irq};
}

Capability Capability::of_type(CapType type) { return {type, Rights(), 0, 0, 0}; }

Capability Capability::zombie(std::uint64_t paddr, CapType was, unsigned radix)
{
    return {CapType::zombie, Rights(), static_cast<unsigned>(was), paddr, radix};
}

unsigned Capability::frame_size_bits() const
{
    if (type() == CapType::page_table) {
        return seL4_PageTableBits;
    }
    switch (frame_size()) {
    case FrameSize::small: return seL4_PageBits;
    case FrameSize::large: return seL4_LargePageBits;
    case FrameSize::huge: return seL4_HugePageBits;
    }
    return seL4_PageBits;
}

// Rights mean something only for these types (reference §3.2); others ignore a mask.
Capability Capability::with_rights_masked(Rights mask) const
{
    CapType t = type();
    if (t != CapType::endpoint && t != CapType::notification && t != CapType::reply &&
        t != CapType::frame) {
        return *this;
    }
    Capability masked = *this;
    masked.words_[0] &= ~(std::uint64_t{Rights::all} << 55);
    masked.words_[0] |= static_cast<std::uint64_t>(rights().masked(mask).bits()) << 55;
    return masked;
}

Capability Capability::with_guard_data(std::uint64_t data) const
{
    unsigned guard_size = static_cast<unsigned>(data & 0x3f);
    if (guard_size + radix() > seL4_WordBits) {
        return Capability();
    }
    std::uint64_t guard = guard_size == 0 ? 0 : (data >> 6) & ((std::uint64_t{1} << guard_size) - 1);
    return cnode(paddr(), radix(), guard, guard_size);
}

unsigned Capability::object_size_bits() const
{
    switch (type()) {
    case CapType::untyped:
    case CapType::sched_context: return size_bits();
    case CapType::cnode: return radix() + seL4_SlotBits;
    case CapType::endpoint: return seL4_EndpointBits;
    case CapType::notification: return seL4_NotificationBits;
    case CapType::reply: return seL4_ReplyBits;
    case CapType::thread: return seL4_TCBBits;
    case CapType::frame:
    case CapType::page_table: return frame_size_bits();
    case CapType::asid_pool: return seL4_ASIDPoolBits;
    case CapType::null:
    case CapType::asid_control:
    case CapType::irq_control:
    case CapType::irq_handler:
    case CapType::zombie:
    case CapType::domain:
    case CapType::sched_control: return 0;
    }
    return 0;
}

const char *describe(CapType type)
{
    switch (type) {
    case CapType::null: return "null";
    case CapType::frame: return "frame";
    case CapType::untyped: return "untyped";
    case CapType::page_table: return "page table";
    case CapType::endpoint: return "endpoint";
    case CapType::notification: return "notification";
    case CapType::reply: return "reply";
    case CapType::cnode: return "CNode";
    case CapType::asid_control: return "ASID control";
    case CapType::thread: return "TCB";
    case CapType::asid_pool: return "ASID pool";
    case CapType::irq_control: return "IRQ control";
    case CapType::irq_handler: return "IRQ handler";
    case CapType::zombie: return "zombie";
    case CapType::domain: return "domain";
    case CapType::sched_context: return "scheduling context";
    case CapType::sched_control: return "SchedControl";
    }
    return "?";
}

bool same_region_as(const Capability &a, const Capability &b)
{
    switch (a.type()) {
    case CapType::untyped: {
        unsigned b_bits = b.object_size_bits();
        if (b_bits == 0 || b.type() == CapType::zombie) {
            return false;
        }
        std::uint64_t a_base = a.paddr(), a_last = a_base + ((std::uint64_t{1} << a.size_bits()) - 1);
        std::uint64_t b_base = b.paddr(), b_last = b_base + ((std::uint64_t{1} << b_bits) - 1);
        return a_base <= b_base && b_last <= a_last && b_base <= b_last;
    }
    case CapType::cnode:
        return b.type() == CapType::cnode && a.paddr() == b.paddr() && a.radix() == b.radix();
    case CapType::frame:
    case CapType::page_table:
    case CapType::endpoint:
    case CapType::notification:
    case CapType::reply:
    case CapType::thread:
    case CapType::sched_context:
    case CapType::asid_pool:
        return b.type() == a.type() && a.paddr() == b.paddr();
    case CapType::irq_control:
        return b.type() == CapType::irq_control || b.type() == CapType::irq_handler;
    case CapType::irq_handler:
        return b.type() == CapType::irq_handler && a.word(1) == b.word(1);
    case CapType::asid_control:
    case CapType::domain:
    case CapType::sched_control: return b.type() == a.type();
    case CapType::null:
    case CapType::zombie: return false;
    }
    return false;
}

bool same_object_as(const Capability &a, const Capability &b)
{
    if (a.type() == CapType::untyped) {
        return false;
    }
    if (a.type() == CapType::irq_control && b.type() == CapType::irq_handler) {
        return false;
    }
    if (a.type() == CapType::frame && b.type() == CapType::frame) {
        return a.paddr() == b.paddr() && a.frame_size() == b.frame_size() &&
               a.is_device() == b.is_device();
    }
    return same_region_as(a, b);
}

} // namespace kernel
