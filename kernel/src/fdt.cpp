// The flattened device tree walker and the scan for QEMU virt's platform facts.
// Section numbers refer to the Devicetree Specification v0.4.
#include "fdt.hpp"
#include "fdt_names.hpp"

#include <array>
#include <bit>

namespace fdt {
namespace {

// The header (section 5.2) is ten big-endian 32-bit words; these are their byte offsets.
constexpr std::uint32_t fdt_magic = 0xd00dfeed;
constexpr std::size_t header_size = 40;
constexpr std::size_t off_totalsize = 4, off_dt_struct = 8, off_dt_strings = 12, off_version = 20,
                      off_last_comp_version = 24, off_size_dt_strings = 32, off_size_dt_struct = 36;
constexpr std::uint32_t supported_version = 17;

std::uint32_t load_be32(const std::uint8_t *p)
{
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
           std::uint32_t{p[3]};
}

// A raw word's value. One below 256, the usual case for a length, is the raw word's top byte.
std::size_t value_of_raw(std::uint32_t raw)
{
    return raw << 8 != 0 ? swap_bytes(raw) : raw >> 24;
}

// Structure block tokens (section 5.4.1) as raw words; each starts on a 4-byte boundary.
constexpr std::uint32_t raw_begin_node = swap_bytes(1), raw_end_node = swap_bytes(2),
                        raw_prop = swap_bytes(3), raw_nop = swap_bytes(4), raw_end = swap_bytes(9);

// True when some byte of @p raw is zero (the borrow of `raw - 0x01..` reaches that top bit);
// in 64 bits on the sign-extended word, as rv64 loads it, since the mask keeps the low 32.
bool has_zero_byte(std::uint32_t raw)
{
    auto word = static_cast<std::uint64_t>(static_cast<std::int32_t>(raw));
    return ((word - 0x01010101u) & ~word & std::uint64_t{0x80808080u}) != 0;
}

// True when [offset, offset + size) lies within [0, limit), without overflowing.
bool fits(std::uint32_t offset, std::uint32_t size, std::uint32_t limit)
{
    return offset <= limit && size <= limit - offset;
}

// A unit name matches @p base when it is `base` or `base@unit-address` (section 2.2.1).
bool node_name_is(const char *name, const char *base)
{
    while (*base != '\0' && *name == *base) {
        ++name;
        ++base;
    }
    return *base == '\0' && (*name == '\0' || *name == '@');
}

} // namespace

bool read_cell(std::span<const std::uint8_t> value, std::size_t index, std::uint32_t &cell)
{
    if (index >= value.size() / 4)
        return false;
    cell = load_be32(value.data() + index * 4);
    return true;
}

bool contains_string(std::span<const std::uint8_t> value, const char *string)
{
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t i = 0;
        while (start + i < value.size() && value[start + i] != 0 && string[i] != '\0' &&
               value[start + i] == static_cast<std::uint8_t>(string[i]))
            ++i;
        // A match ends at the list entry's NUL (or, leniently, at the end of the value).
        bool entry_ended = start + i == value.size() || value[start + i] == 0;
        if (string[i] == '\0' && entry_ended)
            return true;
        while (start < value.size() && value[start] != 0) // skip to the next entry
            ++start;
        ++start;
    }
    return false;
}

namespace {

/// How the structure block sits in memory: word-aligned (the boot case) or anywhere.
enum class Alignment { word, byte };

// The 4 bytes at @p p as a raw (native little-endian) word.
template <Alignment alignment>
std::uint32_t load_raw(const std::uint8_t *p)
{
    if constexpr (alignment == Alignment::byte)
        return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
               std::uint32_t{p[3]} << 24;
    std::uint32_t raw;
    __builtin_memcpy(&raw, __builtin_assume_aligned(p, 4), 4);
    return raw;
}

/// One pass over the structure block (5.4), collecting the Platform. A node's properties come
/// before its children (5.4.2), so a node is judged when its first child begins or, failing
/// that, when it ends; only that node's properties are kept, plus its ancestors' cells and the
/// name of its depth-2 ancestor. A step fails only with Error::malformed, so it returns bool.
/// The cursor stays word-aligned and at or below `end_`, which is rounded down to whole words:
/// a token, name or value reaching into a partial last word could not be followed by FDT_END.
template <Alignment alignment>
class Walk final {
public:
    Walk(std::span<const std::uint8_t> structure, std::span<const std::uint8_t> strings,
         Platform &platform)
        : start_(structure.data()), end_(start_ + (structure.size() & ~std::size_t{3})),
          platform_(platform), names_(strings)
    {
    }

    Status<Error> run()
    {
        const std::uint8_t *cursor = start_;
        for (bool ok = true; ok && cursor < end_;) { // else it ran off before FDT_END
            std::uint32_t token = load_raw<alignment>(cursor);
            cursor += 4;
            if (token == raw_prop)
                ok = property(cursor);
            else if (token == raw_begin_node)
                ok = begin_node(cursor);
            else if (token == raw_end_node)
                ok = end_node();
            else if (token == raw_end && depth_ == 0 && root_seen_)
                return found_memory_ ? Status<Error>::ok()
                                     : Status<Error>::err(Error::no_memory_node);
            else
                ok = token == raw_nop;
        }
        return Status<Error>::err(Error::malformed);
    }

private:
    // FDT_BEGIN_NODE is followed by the NUL-terminated unit name, padded to 4 bytes: the name
    // is skipped a word at a time, up to the first word holding a NUL.
    bool begin_node(const std::uint8_t *&cursor)
    {
        if (depth_ == 0 && root_seen_) // exactly one root node
            return false;
        const auto *name = reinterpret_cast<const char *>(cursor);
        for (bool nul = false; !nul; cursor += 4) {
            if (cursor >= end_)
                return false;
            nul = has_zero_byte(load_raw<alignment>(cursor));
        }
        if (!close_node() || ++depth_ > max_depth) // the parent is complete: a child begins
            return false;
        root_seen_ = reading_ = true;
        name_ = name;
        if (depth_ == 2)
            branch_name_ = name;
#pragma GCC unroll 8
        for (Kept &kept : kept_)
            kept.data = nullptr;
        cells_[depth_ - 1] = default_cells;
        return true;
    }

    bool end_node()
    {
        if (depth_ == 0 || !close_node())
            return false;
        --depth_;
        return true;
    }

    // Judges the innermost node, whose properties are all read, if it has a compatible list
    // or is a child of the root (maybe memory); the others need nothing.
    bool close_node()
    {
        bool judged = !reading_ || (!has(PropertyName::compatible) && depth_ != 2) || judge();
        reading_ = false;
        return judged;
    }

    // FDT_PROP is followed by { len, nameoff } and len bytes of value, padded to 4 bytes
    // (5.4.1). reading_ is false outside the root, so it also rejects a property there.
    bool property(const std::uint8_t *&cursor)
    {
        const std::uint8_t *header = cursor;
        if (header + 8 > end_ || !reading_)
            return false;
        std::size_t length = value_of_raw(load_raw<alignment>(header));
        cursor = header + 8;
        if (length > static_cast<std::size_t>(end_ - cursor))
            return false;
        cursor += (length + 3) & ~std::size_t{3};
        PropertyName name = names_.classify(load_raw<alignment>(header + 4));
        if (static_cast<std::size_t>(name) < kept_count) {
            kept_[static_cast<std::size_t>(name)] = {header + 8, length};
            return true;
        }
        return name == PropertyName::other || set_cells_or_timebase(name, {header + 8, length});
    }

    bool set_cells_or_timebase(PropertyName name, std::span<const std::uint8_t> value)
    {
        std::uint32_t cells = 0;
        if (name == PropertyName::address_cells || name == PropertyName::size_cells) {
            if (value.size() != 4 || !read_cell(value, 0, cells))
                return false;
            Cells &own = cells_[depth_ - 1];
            (name == PropertyName::address_cells ? own.address : own.size) = cells;
            return true;
        }
        if (name != PropertyName::timebase_frequency)
            return false; // a bad name offset
        // /cpus holds it; a cpu node's copy serves only when /cpus has none (its properties
        // precede its children, so /cpus's value is already known here).
        bool in_cpus = (depth_ == 2 || depth_ == 3) && node_name_is(branch_name_, "cpus");
        if (!in_cpus || (depth_ == 3 && platform_.timebase_frequency != 0))
            return true;
        return (value.size() == 4 || value.size() == 8) &&
               read_number(value, 0, static_cast<std::uint32_t>(value.size() / 4),
                           platform_.timebase_frequency);
    }

    // Decides what the innermost node (depth_) is, from its kept properties.
    bool judge()
    {
        std::span<const std::uint8_t> status = value(PropertyName::status);
        if (has(PropertyName::status) && !contains_string(status, "okay") &&
            !contains_string(status, "ok"))
            return true;
        // Memory nodes are children of the root (3.4), named "memory" and typed "memory".
        if (depth_ == 2 && !found_memory_ &&
            (contains_string(value(PropertyName::device_type), "memory") ||
             node_name_is(name_, "memory"))) {
            if (!read_region(value(PropertyName::reg), cells_[0], platform_.memory))
                return false;
            found_memory_ = platform_.memory.size != 0; // an empty bank is no memory
            return true;
        }
        switch (has(PropertyName::compatible) ? match(value(PropertyName::compatible))
                                              : Device::none) {
        case Device::uart:
            return take(platform_.uart, found_uart_, PropertyName::interrupts, &platform_.uart_irq);
        case Device::plic:
            return take(platform_.plic, found_plic_, PropertyName::ndev, &platform_.plic_ndev);
        case Device::test: return take(platform_.test_device, found_test_);
        case Device::none: return true;
        }
        return true;
    }

    // Takes the first device of a kind: its reg, which must be readable (else the tree is
    // broken), and the first cell of its @p cell_name property, if it has one.
    bool take(Region &region, bool &found, PropertyName cell_name = PropertyName::reg,
              std::uint32_t *cell = nullptr)
    {
        if (found)
            return true;
        if (cell != nullptr)
            (void)read_cell(value(cell_name), 0, *cell);
        Cells parent = depth_ >= 2 ? cells_[depth_ - 2] : default_cells;
        found = read_region(value(PropertyName::reg), parent, region);
        return found;
    }

    // Siblings often repeat a compatible list (QEMU virt has eight "virtio,mmio" nodes), and
    // comparing two lists costs less than matching one: the last list and its device are kept.
    Device match(std::span<const std::uint8_t> compatible)
    {
        std::span<const std::uint8_t> &last = last_compatible_;
        std::size_t i = 0;
        if (compatible.size() == last.size()) { // both start word-aligned, like their headers
            while (i + 4 <= last.size() &&
                   load_raw<alignment>(&compatible[i]) == load_raw<alignment>(&last[i]))
                i += 4;
            while (i < last.size() && compatible[i] == last[i])
                ++i;
        }
        if (compatible.size() != last.size() || i != last.size()) {
            last = compatible;
            last_device_ = match_device(compatible);
        }
        return last_device_;
    }

    bool has(PropertyName name) const
    {
        return kept_[static_cast<std::size_t>(name)].data != nullptr;
    }
    std::span<const std::uint8_t> value(PropertyName name) const
    {
        const Kept &kept = kept_[static_cast<std::size_t>(name)];
        return kept.data ? std::span{kept.data, kept.size} : std::span<const std::uint8_t>{};
    }

    static constexpr std::size_t max_depth = 16;
    const std::uint8_t *const start_;
    const std::uint8_t *const end_;
    Platform &platform_;
    std::size_t depth_ = 0; // the root is depth 1
    bool root_seen_ = false;
    bool reading_ = false; // the innermost node is open for properties (no child has begun)
    const char *name_ = "";        // the innermost node's name
    const char *branch_name_ = ""; // the innermost node's depth-2 ancestor (or itself)
    // The innermost node's kept properties; data is null when absent, so six stores reset them.
    struct Kept {
        const std::uint8_t *data;
        std::size_t size;
    };
    std::array<Kept, kept_count> kept_{};
    std::array<Cells, max_depth> cells_; // index d - 1: what the node at depth d sets
    NameCache names_;
    std::span<const std::uint8_t> last_compatible_;
    Device last_device_ = Device::none;
    bool found_memory_ = false, found_uart_ = false, found_plic_ = false, found_test_ = false;
};

// Flattened, the boot's walk is one loop with its state in registers. The spec requires an
// 8-byte aligned blob, so the byte-by-byte walk of one elsewhere is kept small instead.
[[gnu::flatten, gnu::noinline]] Status<Error> walk_aligned(std::span<const std::uint8_t> structure,
                                                           std::span<const std::uint8_t> strings,
                                                           Platform &platform)
{
    return Walk<Alignment::word>(structure, strings, platform).run();
}

[[gnu::cold, gnu::noinline]] Status<Error> walk_unaligned(std::span<const std::uint8_t> structure,
                                                          std::span<const std::uint8_t> strings,
                                                          Platform &platform)
{
    return Walk<Alignment::byte>(structure, strings, platform).run();
}

} // namespace

Result<Platform, Error> parse(const void *blob, std::size_t max_size)
{
    using R = Result<Platform, Error>;
    const auto *bytes = static_cast<const std::uint8_t *>(blob);
    if (bytes == nullptr || max_size < 4)
        return R::err(Error::truncated);
    if (load_be32(bytes) != fdt_magic)
        return R::err(Error::bad_magic);
    if (max_size < header_size)
        return R::err(Error::truncated);
    std::uint32_t total = load_be32(bytes + off_totalsize);
    if (total < header_size)
        return R::err(Error::malformed);
    if (total > max_size)
        return R::err(Error::truncated);
    // Version 17 readers accept any blob whose last compatible version is at most 17 (5.2).
    if (load_be32(bytes + off_version) < supported_version ||
        load_be32(bytes + off_last_comp_version) > supported_version)
        return R::err(Error::bad_version);

    std::uint32_t struct_offset = load_be32(bytes + off_dt_struct);
    std::uint32_t struct_size = load_be32(bytes + off_size_dt_struct);
    std::uint32_t strings_offset = load_be32(bytes + off_dt_strings);
    std::uint32_t strings_size = load_be32(bytes + off_size_dt_strings);
    if (struct_offset % 4 != 0 || !fits(struct_offset, struct_size, total) ||
        !fits(strings_offset, strings_size, total))
        return R::err(Error::malformed);
    // Every string in the strings block is NUL-terminated (5.5), so its last byte is NUL; that
    // one check makes every in-range name offset safe to read without measuring it.
    if (strings_size != 0 && bytes[strings_offset + strings_size - 1] != 0)
        return R::err(Error::malformed);

    Platform platform;
    platform.blob_size = total;
    std::span<const std::uint8_t> structure{bytes + struct_offset, struct_size};
    std::span<const std::uint8_t> strings{bytes + strings_offset, strings_size};
    Status<Error> walked = reinterpret_cast<std::uintptr_t>(structure.data()) % 4 == 0
                               ? walk_aligned(structure, strings, platform)
                               : walk_unaligned(structure, strings, platform);
    return walked.is_ok() ? R::ok(platform) : R::err(walked.error());
}

const char *describe(Error error)
{
    switch (error) {
    case Error::bad_magic: return "device tree: bad magic (not a DTB)";
    case Error::bad_version: return "device tree: unsupported version (need 17)";
    case Error::truncated: return "device tree: blob shorter than its header says";
    case Error::malformed: return "device tree: malformed structure or strings block";
    case Error::no_memory_node: return "device tree: no usable /memory node";
    }
    return "device tree: unknown error";
}

} // namespace fdt
