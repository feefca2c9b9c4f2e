// The flattened device tree walker and the scan for QEMU virt's platform facts.
// Section numbers refer to the Devicetree Specification v0.4.
#include "fdt.hpp"

#include <array>

namespace fdt {
namespace {

// The header (section 5.2) is ten big-endian 32-bit words; these are their byte offsets.
constexpr std::uint32_t fdt_magic = 0xd00dfeed;
constexpr std::size_t header_size = 40;
constexpr std::size_t off_totalsize = 4, off_dt_struct = 8, off_dt_strings = 12, off_version = 20,
                      off_last_comp_version = 24, off_size_dt_strings = 32, off_size_dt_struct = 36;
constexpr std::uint32_t supported_version = 17;

// Structure block tokens (section 5.4.1); every token starts on a 4-byte boundary.
constexpr std::uint32_t fdt_begin_node = 1, fdt_end_node = 2, fdt_prop = 3, fdt_nop = 4,
                        fdt_end = 9;

std::uint32_t load_be32(const std::uint8_t *p)
{
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
           std::uint32_t{p[3]};
}

// True when [offset, offset + size) lies within [0, limit), without overflowing.
bool fits(std::uint32_t offset, std::uint32_t size, std::uint32_t limit)
{
    return offset <= limit && size <= limit - offset;
}

bool strings_equal(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
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

constexpr std::size_t max_depth = 16;

/// #address-cells and #size-cells, as a node sets them for its children (2.3.5).
struct Cells {
    std::uint32_t address;
    std::uint32_t size;
};
constexpr Cells default_cells{2, 1};

/// The properties of the node being read that matter to the scan. A property that is present
/// has a non-null value pointer (into the blob) even when its value is empty.
struct Node {
    const char *name = "";
    std::span<const std::uint8_t> compatible, device_type, status, reg, interrupts, ndev;
};

/// The property names the scan acts on.
enum class PropertyName : std::uint8_t {
    other, address_cells, size_cells, timebase_frequency, compatible, device_type, status, reg,
    interrupts, ndev,
};

struct KnownName {
    const char *text;
    PropertyName name;
};
constexpr KnownName known_names[] = {
    {"#address-cells", PropertyName::address_cells}, {"#size-cells", PropertyName::size_cells},
    {"timebase-frequency", PropertyName::timebase_frequency},
    {"compatible", PropertyName::compatible}, {"device_type", PropertyName::device_type},
    {"status", PropertyName::status}, {"reg", PropertyName::reg},
    {"interrupts", PropertyName::interrupts}, {"riscv,ndev", PropertyName::ndev},
};

PropertyName lookup_name(const char *text)
{
    for (const KnownName &known : known_names)
        if (text[0] == known.text[0] && strings_equal(text, known.text))
            return known.name;
    return PropertyName::other;
}

/// Property names are offsets into the strings block, and a tree uses few distinct ones. Each
/// offset is classified once and remembered (open addressing), so a property costs one probe
/// instead of a string compare per known name: this is most of the kernel's boot time.
class NameCache final {
public:
    PropertyName classify(std::uint32_t offset, const char *text)
    {
        std::uint32_t slot = (offset * 2654435761u) >> (32 - slot_bits);
        for (std::uint32_t probes = 0; probes < slots; ++probes, slot = (slot + 1) % slots) {
            if (keys_[slot] == offset + 1)
                return values_[slot];
            if (keys_[slot] == 0) {
                keys_[slot] = offset + 1;
                values_[slot] = lookup_name(text);
                return values_[slot];
            }
        }
        return lookup_name(text); // full: an unusual tree, still correct
    }

private:
    static constexpr std::uint32_t slot_bits = 7;
    static constexpr std::uint32_t slots = 1u << slot_bits;
    std::array<std::uint32_t, slots> keys_{}; // offset + 1; 0 marks a free slot
    std::array<PropertyName, slots> values_{};
};

/// The devices the kernel looks for, by an entry of their `compatible` list.
enum class Device : std::uint8_t { none, uart, plic, test };

struct CompatibleEntry {
    const char *text;
    std::size_t length;
    Device device;
};
constexpr CompatibleEntry compatible_entries[] = {
    {"ns16550a", 8, Device::uart},
    {"sifive,plic-1.0.0", 17, Device::plic},
    {"riscv,plic0", 11, Device::plic},
    {"sifive,test1", 12, Device::test},
    {"sifive,test0", 12, Device::test},
};

bool bytes_equal(const std::uint8_t *a, const char *b, std::size_t length)
{
    for (std::size_t i = 0; i < length; ++i)
        if (a[i] != static_cast<std::uint8_t>(b[i]))
            return false;
    return true;
}

/// The device a `compatible` string list names, in one pass over the list.
Device match_device(std::span<const std::uint8_t> compatible)
{
    std::size_t start = 0;
    while (start < compatible.size()) {
        std::size_t end = start;
        while (end < compatible.size() && compatible[end] != 0)
            ++end;
        for (const CompatibleEntry &entry : compatible_entries)
            if (end - start == entry.length && bytes_equal(&compatible[start], entry.text, entry.length))
                return entry.device;
        start = end + 1;
    }
    return Device::none;
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

/// Reads the first (base, size) entry of @p reg; numbers over 64 bits are not supported.
bool read_region(std::span<const std::uint8_t> reg, Cells cells, Region &region)
{
    return cells.address <= 2 && cells.size <= 2 &&
           read_number(reg, 0, cells.address, region.base) &&
           read_number(reg, cells.address, cells.size, region.size);
}

/// One pass over the structure block (5.4), collecting the Platform. A node's properties come
/// before its children (5.4.2), so a node is judged when its first child begins or, failing
/// that, when it ends; only that node's properties are kept, plus its ancestors' names and
/// cells. Every token is read in place through a bounds-checked cursor: this walk is most of
/// the kernel's boot time, so it avoids per-token copies and string compares.
class Walk final {
public:
    Walk(std::span<const std::uint8_t> structure, std::span<const std::uint8_t> strings,
         Platform &platform)
        : cursor_(structure.data()), end_(structure.data() + structure.size()),
          strings_(strings), platform_(platform)
    {
    }

    Status<Error> run();
    bool has_memory() const { return found_memory_; }

private:
    bool read_word(std::uint32_t &word)
    {
        if (end_ - cursor_ < 4)
            return false;
        word = load_be32(cursor_);
        cursor_ += 4;
        return true;
    }
    // Moves the cursor past @p length bytes and the padding to the next 4-byte boundary.
    void skip(std::size_t length) { cursor_ += (length + 3) & ~std::size_t{3}; }

    Status<Error> begin_node();
    Status<Error> property();
    Status<Error> end_node();
    Status<Error> judge(std::size_t depth);
    Status<Error> take_region(Cells parent, Region &region, bool &found);

    const std::uint8_t *cursor_;
    const std::uint8_t *end_;
    std::span<const std::uint8_t> strings_;
    Platform &platform_;
    std::size_t depth_ = 0;
    bool root_seen_ = false;
    Node node_;            // the innermost node, while its properties are being read
    bool reading_ = false; // node_ is open for properties (no child has begun yet)
    // For the node at depth d (the root is depth 1), index d - 1: its name and the cells it sets
    // for its children. Entries are written by begin_node before they are read.
    std::array<const char *, max_depth> names_;
    std::array<Cells, max_depth> cells_;
    NameCache names_cache_;
    bool found_memory_ = false, found_uart_ = false, found_plic_ = false, found_test_ = false;
};

Status<Error> Walk::run()
{
    for (;;) {
        std::uint32_t token = 0;
        if (!read_word(token))
            return Status<Error>::err(Error::malformed); // ran off before FDT_END
        Status<Error> step = Status<Error>::ok();
        switch (token) {
        case fdt_nop: continue;
        case fdt_begin_node: step = begin_node(); break;
        case fdt_prop: step = property(); break;
        case fdt_end_node: step = end_node(); break;
        case fdt_end:
            if (depth_ != 0 || !root_seen_)
                return Status<Error>::err(Error::malformed);
            return Status<Error>::ok();
        default: return Status<Error>::err(Error::malformed);
        }
        if (!step.is_ok())
            return step;
    }
}

// FDT_BEGIN_NODE is followed by the NUL-terminated unit name, padded to 4 bytes.
Status<Error> Walk::begin_node()
{
    if (depth_ == 0 && root_seen_) // exactly one root node
        return Status<Error>::err(Error::malformed);
    const auto *name = reinterpret_cast<const char *>(cursor_);
    const std::uint8_t *nul = cursor_;
    while (nul < end_ && *nul != 0)
        ++nul;
    if (nul == end_)
        return Status<Error>::err(Error::malformed);
    skip(static_cast<std::size_t>(nul - cursor_) + 1);
    if (reading_) {
        reading_ = false;
        if (auto judged = judge(depth_); !judged.is_ok())
            return judged;
    }
    if (++depth_ > max_depth)
        return Status<Error>::err(Error::malformed);
    root_seen_ = true;
    node_ = Node{};
    node_.name = name;
    reading_ = true;
    names_[depth_ - 1] = name;
    cells_[depth_ - 1] = default_cells;
    return Status<Error>::ok();
}

Status<Error> Walk::end_node()
{
    if (depth_ == 0)
        return Status<Error>::err(Error::malformed);
    Status<Error> judged = Status<Error>::ok();
    if (reading_) {
        reading_ = false;
        judged = judge(depth_);
    }
    --depth_;
    return judged;
}

// FDT_PROP is followed by { len, nameoff } and len bytes of value, padded to 4 bytes (5.4.1).
Status<Error> Walk::property()
{
    std::uint32_t length = 0, name_offset = 0;
    if (depth_ == 0 || !read_word(length) || !read_word(name_offset) ||
        length > static_cast<std::size_t>(end_ - cursor_) || name_offset >= strings_.size())
        return Status<Error>::err(Error::malformed);
    std::span<const std::uint8_t> value{cursor_, length};
    skip(length);
    if (!reading_) // a property after a child node
        return Status<Error>::err(Error::malformed);
    const char *name = reinterpret_cast<const char *>(strings_.data() + name_offset);
    switch (PropertyName kind = names_cache_.classify(name_offset, name)) {
    case PropertyName::address_cells:
    case PropertyName::size_cells: {
        std::uint32_t cells = 0;
        if (value.size() != 4 || !read_cell(value, 0, cells))
            return Status<Error>::err(Error::malformed);
        Cells &own = cells_[depth_ - 1];
        (kind == PropertyName::address_cells ? own.address : own.size) = cells;
        break;
    }
    case PropertyName::timebase_frequency: {
        // /cpus holds it; a cpu node's copy serves only when /cpus has none (its properties
        // precede its children, so /cpus's value is already known here).
        bool in_cpus = depth_ == 2 && node_name_is(node_.name, "cpus");
        bool in_cpu = depth_ == 3 && node_name_is(names_[1], "cpus");
        bool one_or_two_cells = value.size() == 4 || value.size() == 8;
        if ((in_cpus || (in_cpu && platform_.timebase_frequency == 0)) &&
            (!one_or_two_cells ||
             !read_number(value, 0, static_cast<std::uint32_t>(value.size() / 4),
                          platform_.timebase_frequency)))
            return Status<Error>::err(Error::malformed);
        break;
    }
    case PropertyName::compatible: node_.compatible = value; break;
    case PropertyName::device_type: node_.device_type = value; break;
    case PropertyName::status: node_.status = value; break;
    case PropertyName::reg: node_.reg = value; break;
    case PropertyName::interrupts: node_.interrupts = value; break;
    case PropertyName::ndev: node_.ndev = value; break;
    case PropertyName::other: break;
    }
    return Status<Error>::ok();
}

// A device the kernel uses must have a readable reg: anything else is a broken tree.
Status<Error> Walk::take_region(Cells parent, Region &region, bool &found)
{
    if (!read_region(node_.reg, parent, region))
        return Status<Error>::err(Error::malformed);
    found = true;
    return Status<Error>::ok();
}

Status<Error> Walk::judge(std::size_t depth)
{
    const Node &node = node_;
    Cells parent = depth >= 2 ? cells_[depth - 2] : default_cells;
    bool usable = node.status.data() == nullptr || contains_string(node.status, "okay") ||
                  contains_string(node.status, "ok");
    if (!usable)
        return Status<Error>::ok();
    // Memory nodes are children of the root (3.4), named "memory" and typed "memory".
    bool is_memory = depth == 2 && (contains_string(node.device_type, "memory") ||
                                    node_name_is(node.name, "memory"));
    if (is_memory && !found_memory_) {
        if (!read_region(node.reg, parent, platform_.memory))
            return Status<Error>::err(Error::malformed);
        found_memory_ = platform_.memory.size != 0; // an empty bank is no memory
        return Status<Error>::ok();
    }
    if (node.compatible.empty())
        return Status<Error>::ok();
    switch (match_device(node.compatible)) {
    case Device::uart:
        if (found_uart_)
            break;
        (void)read_cell(node.interrupts, 0, platform_.uart_irq);
        return take_region(parent, platform_.uart, found_uart_);
    case Device::plic:
        if (found_plic_)
            break;
        (void)read_cell(node.ndev, 0, platform_.plic_ndev);
        return take_region(parent, platform_.plic, found_plic_);
    case Device::test:
        if (found_test_)
            break;
        return take_region(parent, platform_.test_device, found_test_);
    case Device::none: break;
    }
    return Status<Error>::ok();
}

} // namespace

// Flattened: the walk's methods inline into one loop.
[[gnu::flatten]] Result<Platform, Error> parse(const void *blob, std::size_t max_size)
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
    Walk walk({bytes + struct_offset, struct_size}, {bytes + strings_offset, strings_size},
              platform);
    if (auto walked = walk.run(); !walked.is_ok())
        return R::err(walked.error());
    if (!walk.has_memory())
        return R::err(Error::no_memory_node);
    return R::ok(platform);
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
