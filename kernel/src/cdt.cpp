// The capability derivation tree, kept as seL4 keeps it: one list in derivation order. A new
// copy goes right after its source, so capabilities to one object stay next to each other
// (is_final looks only at the neighbours) and descendants follow their ancestor (Revoke).
#include "fastpath.hpp"
#include "slot.hpp"

namespace kernel {

void cdt_copy_links(Slot &to, const Slot &from)
{
    to.prev_ = from.prev_;
    to.next_ = from.next_;
}

namespace cdt {
namespace {

void link_after(Slot &source, Slot &dest, bool revocable, bool first_badged)
{
    dest.set_prev(&source);
    dest.set_next(source.next());
    dest.set_revocable(revocable);
    dest.set_first_badged(first_badged);
    if (Slot *next = source.next()) {
        next->set_prev(&dest);
    }
    source.set_next(&dest);
}

} // namespace

bool is_revocable(const Capability &child, const Capability &parent)
{
    CapType type = child.type();
    if (type == CapType::endpoint || type == CapType::notification) {
        return child.badge() != parent.badge();
    }
    if (type == CapType::irq_handler) {
        return parent.type() == CapType::irq_control;
    }
    return type == CapType::untyped;
}

void insert(const Capability &cap, Slot &source, Slot &dest)
{
    invalidate_fastpath_views();
    // A copy of an untyped takes over its memory: the source is marked full so the two never
    // hand out the same bytes (seL4's setUntypedCapAsFull).
    if (cap.type() == CapType::untyped && source.cap.type() == CapType::untyped &&
        cap.paddr() == source.cap.paddr() && cap.size_bits() == source.cap.size_bits()) {
        source.cap.set_free_offset(std::uint64_t{1} << source.cap.size_bits());
    }
    bool revocable = is_revocable(cap, source.cap);
    dest.cap = cap;
    link_after(source, dest, revocable, revocable);
}

void insert_new(const Capability &cap, Slot &parent, Slot &dest)
{
    invalidate_fastpath_views();
    dest.cap = cap;
    link_after(parent, dest, true, true);
}

void insert_root(const Capability &cap, Slot &dest)
{
    invalidate_fastpath_views();
    dest.clear();
    dest.cap = cap;
    dest.set_revocable(true);
    dest.set_first_badged(true);
}

void move(const Capability &cap, Slot &source, Slot &dest)
{
    invalidate_fastpath_views();
    dest.cap = cap;
    cdt_copy_links(dest, source);
    if (Slot *prev = source.prev()) {
        prev->set_next(&dest);
    }
    if (Slot *next = source.next()) {
        next->set_prev(&dest);
    }
    source.clear();
}

// The order of the updates matters: it keeps the list right when a and b are neighbours.
void swap(const Capability &cap_a, Slot &a, const Capability &cap_b, Slot &b)
{
    invalidate_fastpath_views();
    a.cap = cap_b;
    b.cap = cap_a;
    Slot links_a;
    cdt_copy_links(links_a, a);
    if (Slot *prev = links_a.prev()) {
        prev->set_next(&b);
    }
    if (Slot *next = links_a.next()) {
        next->set_prev(&b);
    }
    Slot links_b;
    cdt_copy_links(links_b, b);
    cdt_copy_links(a, links_b);
    cdt_copy_links(b, links_a);
    if (Slot *prev = links_b.prev()) {
        prev->set_next(&a);
    }
    if (Slot *next = links_b.next()) {
        next->set_prev(&a);
    }
}

void remove(Slot &slot)
{
    invalidate_fastpath_views();
    Slot *prev = slot.prev();
    Slot *next = slot.next();
    if (prev != nullptr) {
        prev->set_next(next);
    }
    if (next != nullptr) {
        next->set_prev(prev);
        // The next capability heads the badge family now if this one did.
        next->set_first_badged(next->first_badged() || slot.first_badged());
    }
    slot.clear();
}

bool is_parent_of(const Slot &parent, const Slot &child)
{
    if (!parent.revocable() || !same_region_as(parent.cap, child.cap)) {
        return false;
    }
    CapType type = parent.cap.type();
    if (type != CapType::endpoint && type != CapType::notification) {
        return true;
    }
    // An unbadged capability is the parent of all; a badged one only of copies with its badge
    // that do not start a family of their own.
    std::uint64_t badge = parent.cap.badge();
    return badge == 0 || (badge == child.cap.badge() && !child.first_badged());
}

bool has_children(const Slot &slot)
{
    if (slot.cap.type() == CapType::zombie) {
        return false; // its link words are the deletion's bookkeeping (slot.hpp)
    }
    const Slot *next = slot.next();
    return next != nullptr && is_parent_of(slot, *next);
}

bool is_final(const Slot &slot)
{
    const Slot *prev = slot.prev();
    const Slot *next = slot.next();
    bool prev_same = prev != nullptr && same_object_as(prev->cap, slot.cap);
    bool next_same = next != nullptr && same_object_as(slot.cap, next->cap);
    return !prev_same && !next_same;
}

Capability derive(const Slot &slot, const Capability &cap)
{
    switch (cap.type()) {
    case CapType::untyped: return has_children(slot) ? Capability() : cap;
    case CapType::zombie:
    case CapType::irq_control: return Capability();
    case CapType::frame: {
        Capability copy = cap;
        copy.set_mapping(0);
        return copy;
    }
    case CapType::page_table:
        // Only a mapped page table may be copied (seL4 RISC-V).
        return cap.mapping() != 0 ? cap : Capability();
    case CapType::null:
    case CapType::endpoint:
    case CapType::notification:
    case CapType::reply:
    case CapType::cnode:
    case CapType::asid_control:
    case CapType::thread:
    case CapType::asid_pool:
    case CapType::irq_handler:
    case CapType::domain:
    case CapType::sched_context:
    case CapType::sched_control: break;
    }
    return cap;
}

} // namespace cdt
} // namespace kernel
