// What the device-tree walk (fdt.cpp) recognises: property names, the compatible strings of
// the devices the kernel wants, and address/size cells. Kept in a header, included only by
// fdt.cpp, so the walk can inline all of it: the walk is most of the kernel's boot time.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

#include "fdt.hpp"

namespace fdt {
namespace {

// The walk loads each structure word natively ("raw") and compares it with byte-swapped
// constants, so a token costs no byte swap. Spelled out: rv64gc has no byte-swap instruction.
static_assert(std::endian::native == std::endian::little, "the walk swaps big-endian words");
constexpr std::uint32_t swap_bytes(std::uint32_t raw)
{
    raw = (raw & 0x00ff00ff) << 8 | ((raw >> 8) & 0x00ff00ff);
    return raw << 16 | raw >> 16;
}

bool bytes_equal(const std::uint8_t *a, const char *b, std::size_t length)
{
    for (std::size_t i = 0; i < length; ++i)
        if (a[i] != static_cast<std::uint8_t>(b[i]))
            return false;
    return true;
}

/// The property names the scan acts on; the first `kept_count` are kept for the node's verdict.
enum class PropertyName : std::uint8_t {
    compatible, device_type, status, reg, interrupts, ndev, // kept
    address_cells, size_cells, timebase_frequency, other,
    bad_offset, // not a name: the offset lies outside the strings block
};
constexpr std::size_t kept_count = 6;

constexpr struct {
    const char *text;
    std::size_t length;
    PropertyName name;
} known_names[] = {
    {"#address-cells", 14, PropertyName::address_cells},
    {"#size-cells", 11, PropertyName::size_cells},
    {"timebase-frequency", 18, PropertyName::timebase_frequency},
    {"compatible", 10, PropertyName::compatible}, {"device_type", 11, PropertyName::device_type},
    {"status", 6, PropertyName::status}, {"reg", 3, PropertyName::reg},
    {"interrupts", 10, PropertyName::interrupts}, {"riscv,ndev", 10, PropertyName::ndev},
};

/// Property names are offsets into the strings block, and a tree uses few distinct ones. Each
/// offset is checked and classified once and remembered (open addressing, keyed by the raw
/// offset word), so a property costs a probe or two instead of string compares.
class NameCache final {
public:
    explicit NameCache(std::span<const std::uint8_t> strings) : strings_(strings) {}

    /// The name at the offset whose raw word is @p raw_offset.
    PropertyName classify(std::uint32_t raw_offset)
    {
        // Key 0 marks a free slot. Only the invalid offset 0xffffffff has key 0: its probe stops
        // at a free slot, like any offset not seen yet, and add() rejects it.
        std::uint32_t key = raw_offset + 1;
        std::size_t slot = (raw_offset >> 24) % slots; // the offset's low bits
        while (slots_[slot].key != key && slots_[slot].key != 0) // ends: a slot is always free
            slot = (slot + 1) % slots;
        return slots_[slot].key != 0 ? slots_[slot].name : add(raw_offset, slot);
    }

private:
    // Checks and classifies an offset not seen yet, and remembers it in the free @p slot. A
    // known name matches when its first byte, the NUL that must follow it, then its bytes do.
    PropertyName add(std::uint32_t raw_offset, std::size_t slot)
    {
        std::uint32_t offset = swap_bytes(raw_offset);
        if (offset >= strings_.size())
            return PropertyName::bad_offset;
        const std::uint8_t *text = strings_.data() + offset;
        PropertyName name = PropertyName::other;
#pragma GCC unroll 16 // a compare-and-branch per known name: most names match none
        for (const auto &known : known_names)
            if (text[0] == known.text[0] && known.length < strings_.size() - offset &&
                text[known.length] == 0 && bytes_equal(text, known.text, known.length))
                name = known.name;
        if (used_ < slots / 2) { // else an unusual tree: still correct, only slower
            ++used_;
            slots_[slot] = {raw_offset + 1, name};
        }
        return name;
    }

    static constexpr std::size_t slots = 64;
    std::span<const std::uint8_t> strings_;
    std::size_t used_ = 0;
    struct Slot {
        std::uint32_t key; // the raw offset + 1
        PropertyName name;
    };
    std::array<Slot, slots> slots_{};
};

/// The devices the kernel looks for, by an entry of their `compatible` list.
enum class Device : std::uint8_t { none, uart, plic, test };

constexpr struct {
    const char *text;
    std::ptrdiff_t length;
    Device device;
} compatible_entries[] = {
    {"ns16550a", 8, Device::uart},     {"sifive,plic-1.0.0", 17, Device::plic},
    {"riscv,plic0", 11, Device::plic}, {"sifive,test1", 12, Device::test},
    {"sifive,test0", 12, Device::test},
};

/// The device whose compatible string is the list entry [entry, end).
Device match_entry(const std::uint8_t *entry, const std::uint8_t *end)
{
#pragma GCC unroll 8 // a length compare per candidate: most entries have none of these lengths
    for (const auto &candidate : compatible_entries)
        if (end - entry == candidate.length && bytes_equal(entry, candidate.text, candidate.length))
            return candidate.device;
    return Device::none;
}

/// The device a `compatible` string list names: its first entry that is a candidate.
Device match_device(std::span<const std::uint8_t> compatible)
{
    // A NUL ends every entry but an unterminated last one (accepted leniently), so the scan for
    // an entry's end needs no bounds check before the last NUL.
    const std::uint8_t *entry = compatible.data(), *end = entry + compatible.size();
    const std::uint8_t *last = end; // one past the last NUL
    while (last != entry && last[-1] != 0)
        --last;
    for (const std::uint8_t *nul = entry; entry != last; entry = ++nul) {
        while (*nul != 0)
            ++nul;
        if (Device device = match_entry(entry, nul); device != Device::none)
            return device;
    }
    return match_entry(last, end);
}

// Reads a @p count-cell big-endian number starting at cell @p first of @p value.
bool read_number(std::span<const std::uint8_t> value, std::size_t first, std::uint32_t count,
                 std::uint64_t &number)
{
    number = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t cell = 0;
        if (!read_cell(value, first + i, cell))
            return false;
        number = number << 32 | cell;
    }
    return true;
}

/// #address-cells and #size-cells, as a node sets them for its children (2.3.5).
struct Cells {
    std::uint32_t address;
    std::uint32_t size;
};
constexpr Cells default_cells{2, 1};

/// Reads the first (base, size) entry of @p reg; numbers over 64 bits are not supported.
bool read_region(std::span<const std::uint8_t> reg, Cells cells, Region &region)
{
    return cells.address <= 2 && cells.size <= 2 &&
           read_number(reg, 0, cells.address, region.base) &&
           read_number(reg, cells.address, cells.size, region.size);
}

} // namespace
} // namespace fdt
