/// @file
/// CNode slots and the capability derivation tree. As in seL4, every slot holding a capability
/// is on one doubly linked list in derivation order: a capability's descendants follow it
/// directly, so Revoke walks forward from a slot while the next slot is its child.
#pragma once

#include <cstdint>

#include "capability.hpp"

namespace kernel {

/// A slot: a capability and its links in the derivation tree. 32 bytes (seL4_SlotBits).
class alignas(32) Slot final {
public:
    /// The capability (null when the slot is empty).
    Capability cap;

    /// The previous slot in derivation order, or nullptr.
    Slot *prev() const { return reinterpret_cast<Slot *>(prev_ & ~flag_mask); }
    /// The next slot in derivation order, or nullptr.
    Slot *next() const { return reinterpret_cast<Slot *>(next_ & ~flag_mask); }
    /// Revocable: Revoke of this capability deletes its children (seL4's mdbRevocable).
    bool revocable() const { return (next_ & 1) != 0; }
    /// First badged: the first capability of a badge's family (seL4's mdbFirstBadged).
    bool first_badged() const { return (prev_ & 1) != 0; }

    /// Sets the previous slot.
    void set_prev(Slot *slot) { prev_ = reinterpret_cast<std::uint64_t>(slot) | (prev_ & flag_mask); }
    /// Sets the next slot.
    void set_next(Slot *slot) { next_ = reinterpret_cast<std::uint64_t>(slot) | (next_ & flag_mask); }
    /// Sets the revocable flag.
    void set_revocable(bool on) { next_ = (next_ & ~flag_mask) | (on ? 1 : 0); }
    /// Sets the first-badged flag.
    void set_first_badged(bool on) { prev_ = (prev_ & ~flag_mask) | (on ? 1 : 0); }

    /// A zombie's slot is off the derivation list; its link words hold the deletion's
    /// bookkeeping instead: the zombie below it on the deletion stack and how far it has got.
    Slot *zombie_below() const { return reinterpret_cast<Slot *>(prev_); }
    /// The index of the next slot of the dying object to look at.
    std::uint64_t zombie_progress() const { return next_; }
    /// Sets the zombie bookkeeping.
    void set_zombie_state(Slot *below, std::uint64_t progress)
    {
        prev_ = reinterpret_cast<std::uint64_t>(below);
        next_ = progress;
    }

    /// Empties the slot without touching its neighbours.
    void clear()
    {
        cap = Capability();
        prev_ = next_ = 0;
    }

private:
    friend void cdt_copy_links(Slot &to, const Slot &from);
    static constexpr std::uint64_t flag_mask = 1;
    std::uint64_t prev_ = 0; // previous slot | first-badged flag
    std::uint64_t next_ = 0; // next slot | revocable flag
};
static_assert(sizeof(Slot) == 32, "seL4_SlotBits is 5");

/// Derivation-tree operations (seL4's cteInsert, cteMove, cteSwap, emptySlot, isMDBParentOf).
namespace cdt {

/// True when @p child derived from @p parent counts as revocable (a badged copy of an unbadged
/// endpoint or notification, anything from an untyped).
bool is_revocable(const Capability &child, const Capability &parent);
/// Puts @p cap into the empty slot @p dest right after @p source, as a copy derived from it.
void insert(const Capability &cap, Slot &source, Slot &dest);
/// Puts a new object's @p cap into the empty slot @p dest as a child of untyped @p parent.
void insert_new(const Capability &cap, Slot &parent, Slot &dest);
/// Puts @p cap into the empty slot @p dest with no parent (boot-time capabilities).
void insert_root(const Capability &cap, Slot &dest);
/// Moves the capability in @p source to the empty slot @p dest (as @p cap), keeping its place
/// in the tree; @p source becomes empty.
void move(const Capability &cap, Slot &source, Slot &dest);
/// Exchanges the places of @p a and @p b; afterwards @p a holds @p cap_b and @p b holds @p cap_a.
void swap(const Capability &cap_a, Slot &a, const Capability &cap_b, Slot &b);
/// Takes the capability out of the tree and empties the slot (no finalisation).
void remove(Slot &slot);
/// seL4's isMDBParentOf: @p child is a descendant of @p parent (given it follows it).
bool is_parent_of(const Slot &parent, const Slot &child);
/// True when the capability in @p slot has children.
bool has_children(const Slot &slot);
/// True when no other capability names the object of the one in @p slot.
bool is_final(const Slot &slot);
/// seL4's deriveCap: what a copy of @p cap (held in @p slot) may be, or a null capability when
/// it cannot be copied: zombies, IRQ control, an untyped with children, an unmapped page table.
/// A frame's copy is unmapped.
Capability derive(const Slot &slot, const Capability &cap);

} // namespace cdt
} // namespace kernel
