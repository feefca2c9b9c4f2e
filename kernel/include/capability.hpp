/// @file
/// Capabilities: 16-byte values naming a kernel object with rights and a badge, guard or other
/// per-type data. Each type's fields are reached through typed accessors and made by typed
/// factories; which fields a type has follows seL4's capability layouts.
#pragma once

#include <cstdint>

namespace kernel {

/// Capability types, numbered as seL4's cap tags (what seL4_DebugCapIdentify returns).
enum class CapType : std::uint8_t {
    null = 0,
    frame = 1,
    untyped = 2,
    page_table = 3,
    endpoint = 4,
    notification = 6,
    reply = 8,
    cnode = 10,
    asid_control = 11,
    thread = 12,
    asid_pool = 13,
    irq_control = 14,
    irq_handler = 16,
    zombie = 18,
    domain = 20,
    sched_context = 22,
    sched_control = 24,
};

/// Access rights, with seL4_CapRights_t's bit numbering.
class Rights final {
public:
    static constexpr std::uint8_t write = 1 << 0;       ///< send, signal, map writable
    static constexpr std::uint8_t read = 1 << 1;        ///< receive, wait, map readable
    static constexpr std::uint8_t grant = 1 << 2;       ///< transfer caps
    static constexpr std::uint8_t grant_reply = 1 << 3; ///< let Call make a reply
    static constexpr std::uint8_t all = 0xf;            ///< all four

    /// Rights from seL4_CapRights_t's word (bits above 3 are ignored).
    constexpr explicit Rights(std::uint64_t bits = 0) : bits_(static_cast<std::uint8_t>(bits & all)) {}
    /// True when every right in @p wanted is present.
    constexpr bool has(std::uint8_t wanted) const { return (bits_ & wanted) == wanted; }
    /// These rights limited to @p mask.
    constexpr Rights masked(Rights mask) const { return Rights(bits_ & mask.bits_); }
    /// The rights as seL4_CapRights_t's word.
    constexpr std::uint8_t bits() const { return bits_; }
    /// Same rights.
    constexpr bool operator==(const Rights &) const = default;

private:
    std::uint8_t bits_;
};

/// Frame sizes (seL4_PageBits, seL4_LargePageBits, seL4_HugePageBits).
enum class FrameSize : std::uint8_t { small = 0, large = 1, huge = 2 };

/// A capability. Layout: word 0 holds the type (bits 63..59), rights (58..55), a 7-bit small
/// field (54..48: CNode radix, untyped size and device flag, frame size...) and the object's
/// physical address (47..0); word 1 holds the badge, guard, watermark or mapping.
class Capability final {
public:
    /// The null capability (an empty slot).
    constexpr Capability() = default;

    /// Untyped memory of 2^@p size_bits bytes at @p paddr; @p device for MMIO.
    static Capability untyped(std::uint64_t paddr, unsigned size_bits, bool device);
    /// A CNode of 2^@p radix slots with a @p guard_size-bit @p guard.
    static Capability cnode(std::uint64_t paddr, unsigned radix, std::uint64_t guard, unsigned guard_size);
    /// An endpoint, with @p badge (0 = unbadged) and @p rights.
    static Capability endpoint(std::uint64_t paddr, std::uint64_t badge, Rights rights);
    /// A notification, with @p badge (0 = unbadged) and @p rights.
    static Capability notification(std::uint64_t paddr, std::uint64_t badge, Rights rights);
    /// A reply object; @p can_grant lets the reply carry capabilities.
    static Capability reply(std::uint64_t paddr, bool can_grant);
    /// A thread control block.
    static Capability thread(std::uint64_t paddr);
    /// A scheduling context of 2^@p size_bits bytes.
    static Capability sched_context(std::uint64_t paddr, unsigned size_bits);
    /// A frame of @p size with mapping @p rights; @p device for MMIO. Not mapped.
    static Capability frame(std::uint64_t paddr, FrameSize size, Rights rights, bool device);
    /// A page table. Not mapped.
    static Capability page_table(std::uint64_t paddr);
    /// An ASID pool whose first ASID is @p asid_base.
    static Capability asid_pool(std::uint64_t paddr, std::uint64_t asid_base);
    /// The handler of interrupt @p irq.
    static Capability irq_handler(std::uint64_t irq);
    /// Capabilities that name no object: IRQ control, ASID control, domain, SchedControl.
    static Capability of_type(CapType type);
    /// Transient: an object with slots that is being destroyed (see delete.hpp); @p radix is
    /// the CNode's (0 for a TCB).
    static Capability zombie(std::uint64_t paddr, CapType was, unsigned radix);

    /// The type.
    CapType type() const { return static_cast<CapType>(words_[0] >> 59); }
    /// True for the null capability.
    bool is_null() const { return type() == CapType::null; }
    /// Physical address of the object (0 for types without one).
    std::uint64_t paddr() const { return words_[0] & address_mask; }
    /// The rights.
    Rights rights() const { return Rights((words_[0] >> 55) & Rights::all); }
    /// Endpoint and notification badge (0 = unbadged).
    std::uint64_t badge() const { return words_[1]; }

    /// CNode: log2 of the number of slots.
    unsigned radix() const { return small(); }
    /// CNode: guard value.
    std::uint64_t guard() const { return words_[1] >> 6; }
    /// CNode: number of guard bits.
    unsigned guard_size() const { return static_cast<unsigned>(words_[1] & 0x3f); }

    /// Untyped and SchedContext: log2 of the size in bytes.
    unsigned size_bits() const { return small() & 0x3f; }
    /// Untyped and frame: device memory (never zeroed, only frames and untypeds made from it).
    bool is_device() const { return (small() & device_flag) != 0; }
    /// Untyped: bytes used from the start of the region (the watermark).
    std::uint64_t free_offset() const { return words_[1]; }
    /// Untyped: sets the watermark.
    void set_free_offset(std::uint64_t offset) { words_[1] = offset; }

    /// Frame: its size class.
    FrameSize frame_size() const { return static_cast<FrameSize>(small() & 3); }
    /// Frame and page table: log2 of the object size in bytes.
    unsigned frame_size_bits() const;
    /// The mapping word of an object mapped at @p vaddr in the address space of @p asid; for a
    /// page table that is the root of that address space, @p root.
    static constexpr std::uint64_t mapping_word(std::uint64_t asid, std::uint64_t vaddr,
                                                bool root = false)
    {
        return asid << 48 | (root ? std::uint64_t{1} << 47 : 0) | std::uint64_t{1} << 46 |
               (vaddr & ((std::uint64_t{1} << 39) - 1));
    }
    /// Frame and page table: the ASID of the address space it is mapped in.
    std::uint64_t mapped_asid() const { return words_[1] >> 48; }
    /// Frame and page table: the virtual address it is mapped at.
    std::uint64_t mapped_vaddr() const { return words_[1] & ((std::uint64_t{1} << 39) - 1); }
    /// Page table: it is the root of an address space.
    bool is_vspace_root() const { return type() == CapType::page_table && ((words_[1] >> 47) & 1) != 0; }
    /// Frame and page table: mapping word (0 = not mapped).
    std::uint64_t mapping() const { return words_[1]; }
    /// Frame and page table: records where the object is mapped.
    void set_mapping(std::uint64_t mapping) { words_[1] = mapping; }

    /// ASID pool: first ASID of the pool.
    std::uint64_t asid_base() const { return words_[1]; }
    /// IRQ handler: its interrupt.
    std::uint64_t irq() const { return words_[1]; }
    /// Reply: the reply may carry capabilities.
    bool reply_can_grant() const { return rights().has(Rights::grant); }
    /// Zombie: the type the object had.
    CapType zombie_type() const { return static_cast<CapType>(small()); }
    /// Zombie: the CNode's radix.
    unsigned zombie_radix() const { return static_cast<unsigned>(words_[1]); }

    /// A CNode capability with seL4_CNode_CapData @p data (guard size in bits 5..0, guard
    /// above) applied, or a null capability when guard and radix would exceed 64 bits.
    Capability with_guard_data(std::uint64_t data) const;
    /// This capability with rights limited to @p mask (types without rights are unchanged).
    Capability with_rights_masked(Rights mask) const;
    /// Log2 of the size of the object's memory (0 for types without memory).
    unsigned object_size_bits() const;

    /// The two raw words, for tests and diagnostics.
    std::uint64_t word(unsigned index) const { return words_[index]; }
    /// Same type, object and fields.
    bool operator==(const Capability &) const = default;

private:
    static constexpr std::uint64_t address_mask = (std::uint64_t{1} << 48) - 1;
    static constexpr unsigned device_flag = 0x40;

    Capability(CapType type, Rights rights, unsigned small, std::uint64_t paddr, std::uint64_t word1);
    unsigned small() const { return static_cast<unsigned>((words_[0] >> 48) & 0x7f); }

    std::uint64_t words_[2] = {0, 0};
};
static_assert(sizeof(Capability) == 16, "a capability is two words");

/// Human-readable name of @p type, for diagnostics.
const char *describe(CapType type);

/// seL4's sameRegionAs: @p b's object lies within what @p a covers (an untyped covers every
/// object made from it).
bool same_region_as(const Capability &a, const Capability &b);
/// seL4's sameObjectAs: both name the same object (never true for untypeds).
bool same_object_as(const Capability &a, const Capability &b);

} // namespace kernel
