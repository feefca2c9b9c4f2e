// The test FDT writer: tokens are big-endian words, names and values padded to 4 bytes.
#include "support/fdt_writer.hpp"

namespace test_support {

namespace {

void append_be32(std::vector<std::uint8_t> &bytes, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

void pad4(std::vector<std::uint8_t> &bytes)
{
    while (bytes.size() % 4 != 0)
        bytes.push_back(0);
}

} // namespace

void put_be32(std::vector<std::uint8_t> &blob, std::size_t offset, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        blob.at(offset + i) = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

std::uint32_t get_be32(const std::vector<std::uint8_t> &blob, std::size_t offset)
{
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
        value = value << 8 | blob.at(offset + i);
    return value;
}

FdtWriter &FdtWriter::begin_node(std::string_view name)
{
    append_be32(structure_, fdt_token::begin_node);
    structure_.insert(structure_.end(), name.begin(), name.end());
    structure_.push_back(0);
    pad4(structure_);
    return *this;
}

FdtWriter &FdtWriter::end_node() { return raw_word(fdt_token::end_node); }

FdtWriter &FdtWriter::property(std::string_view name, const std::vector<std::uint8_t> &value)
{
    append_be32(structure_, fdt_token::prop);
    append_be32(structure_, static_cast<std::uint32_t>(value.size()));
    append_be32(structure_, string_offset(name));
    structure_.insert(structure_.end(), value.begin(), value.end());
    pad4(structure_);
    return *this;
}

FdtWriter &FdtWriter::property_cells(std::string_view name,
                                     std::initializer_list<std::uint32_t> cells)
{
    std::vector<std::uint8_t> value;
    for (std::uint32_t cell : cells)
        append_be32(value, cell);
    return property(name, value);
}

FdtWriter &FdtWriter::property_u64(std::string_view name, std::uint64_t value)
{
    return property_cells(name, {static_cast<std::uint32_t>(value >> 32),
                                 static_cast<std::uint32_t>(value)});
}

FdtWriter &FdtWriter::property_strings(std::string_view name,
                                       std::initializer_list<std::string_view> strings)
{
    std::vector<std::uint8_t> value;
    for (std::string_view s : strings) {
        value.insert(value.end(), s.begin(), s.end());
        value.push_back(0);
    }
    return property(name, value);
}

FdtWriter &FdtWriter::property_empty(std::string_view name) { return property(name, {}); }

FdtWriter &FdtWriter::nop() { return raw_word(fdt_token::nop); }

FdtWriter &FdtWriter::raw_word(std::uint32_t word)
{
    append_be32(structure_, word);
    return *this;
}

FdtWriter &FdtWriter::raw_bytes(const std::vector<std::uint8_t> &bytes)
{
    structure_.insert(structure_.end(), bytes.begin(), bytes.end());
    return *this;
}

std::uint32_t FdtWriter::string_offset(std::string_view name)
{
    // Reuse an existing entry only at an entry start, as dtc does.
    for (std::size_t at = 0; at < strings_.size(); at = strings_.find('\0', at) + 1)
        if (std::string_view(strings_.c_str() + at) == name)
            return static_cast<std::uint32_t>(at);
    std::uint32_t offset = static_cast<std::uint32_t>(strings_.size());
    strings_.append(name);
    strings_.push_back('\0');
    return offset;
}

std::vector<std::uint8_t> FdtWriter::finish(bool with_end) const
{
    std::vector<std::uint8_t> structure = structure_;
    if (with_end)
        append_be32(structure, fdt_token::end);

    std::vector<std::uint8_t> blob(fdt_header::size, 0);
    std::size_t reservations = blob.size(); // 8-aligned: one terminating {0, 0} entry
    blob.resize(blob.size() + 16, 0);
    std::size_t structure_offset = blob.size();
    blob.insert(blob.end(), structure.begin(), structure.end());
    std::size_t strings_offset = blob.size();
    blob.insert(blob.end(), strings_.begin(), strings_.end());
    pad4(blob);

    put_be32(blob, fdt_header::magic, 0xd00dfeed);
    put_be32(blob, fdt_header::totalsize, static_cast<std::uint32_t>(blob.size()));
    put_be32(blob, fdt_header::off_dt_struct, static_cast<std::uint32_t>(structure_offset));
    put_be32(blob, fdt_header::off_dt_strings, static_cast<std::uint32_t>(strings_offset));
    put_be32(blob, fdt_header::off_mem_rsvmap, static_cast<std::uint32_t>(reservations));
    put_be32(blob, fdt_header::version, 17);
    put_be32(blob, fdt_header::last_comp_version, 16);
    put_be32(blob, fdt_header::boot_cpuid_phys, 0);
    put_be32(blob, fdt_header::size_dt_strings, static_cast<std::uint32_t>(strings_.size()));
    put_be32(blob, fdt_header::size_dt_struct, static_cast<std::uint32_t>(structure.size()));
    return blob;
}

std::vector<std::uint8_t> make_virt_tree()
{
    FdtWriter w;
    w.begin_node("")
        .property_cells("#address-cells", {2})
        .property_cells("#size-cells", {2})
        .property_strings("compatible", {"riscv-virtio"})
        .property_strings("model", {"riscv-virtio,qemu"});
    w.begin_node("chosen")
        .property_strings("stdout-path", {"/soc/serial@10000000"})
        .end_node();
    w.begin_node("memory@80000000")
        .property_strings("device_type", {"memory"})
        .property_cells("reg", {0x0, 0x80000000, 0x0, 0x20000000})
        .end_node();
    w.begin_node("cpus")
        .property_cells("#address-cells", {1})
        .property_cells("#size-cells", {0})
        .property_cells("timebase-frequency", {10000000});
    w.begin_node("cpu@0")
        .property_cells("phandle", {1})
        .property_strings("device_type", {"cpu"})
        .property_cells("reg", {0})
        .property_strings("status", {"okay"})
        .property_strings("compatible", {"riscv"})
        .property_strings("riscv,isa", {"rv64imafdch_zicsr_zifencei"})
        .property_strings("mmu-type", {"riscv,sv48"});
    w.begin_node("interrupt-controller")
        .property_cells("#interrupt-cells", {1})
        .property_empty("interrupt-controller")
        .property_strings("compatible", {"riscv,cpu-intc"})
        .property_cells("phandle", {2})
        .end_node();
    w.end_node(); // cpu@0
    w.begin_node("cpu-map").begin_node("cluster0").begin_node("core0");
    w.property_cells("cpu", {1}).end_node().end_node().end_node();
    w.end_node(); // cpus
    w.begin_node("soc")
        .property_cells("#address-cells", {2})
        .property_cells("#size-cells", {2})
        .property_strings("compatible", {"simple-bus"})
        .property_empty("ranges");
    w.begin_node("rtc@101000")
        .property_cells("interrupts", {11})
        .property_cells("reg", {0x0, 0x101000, 0x0, 0x1000})
        .property_strings("compatible", {"google,goldfish-rtc"})
        .end_node();
    w.begin_node("serial@10000000")
        .property_cells("interrupts", {10})
        .property_cells("interrupt-parent", {3})
        .property_cells("clock-frequency", {0x384000})
        .property_cells("reg", {0x0, 0x10000000, 0x0, 0x100})
        .property_strings("compatible", {"ns16550a"})
        .end_node();
    w.begin_node("test@100000")
        .property_cells("phandle", {4})
        .property_cells("reg", {0x0, 0x100000, 0x0, 0x1000})
        .property_strings("compatible", {"sifive,test1", "sifive,test0", "syscon"})
        .end_node();
    w.begin_node("plic@c000000")
        .property_cells("phandle", {3})
        .property_cells("riscv,ndev", {0x5f})
        .property_cells("reg", {0x0, 0xc000000, 0x0, 0x600000})
        .property_cells("interrupts-extended", {2, 0xb, 2, 0x9})
        .property_empty("interrupt-controller")
        .property_strings("compatible", {"sifive,plic-1.0.0", "riscv,plic0"})
        .property_cells("#address-cells", {0})
        .property_cells("#interrupt-cells", {1})
        .end_node();
    w.begin_node("clint@2000000")
        .property_cells("interrupts-extended", {2, 3, 2, 7})
        .property_cells("reg", {0x0, 0x2000000, 0x0, 0x10000})
        .property_strings("compatible", {"sifive,clint0", "riscv,clint0"})
        .end_node();
    w.end_node(); // soc
    w.end_node(); // root
    return w.finish();
}

} // namespace test_support
