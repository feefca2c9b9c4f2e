// Tests of the flattened device tree walker and platform scan (kernel/src/fdt.cpp).
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "fdt.hpp"
#include "support/fdt_writer.hpp"

using test_support::FdtWriter;
using test_support::get_be32;
using test_support::make_virt_tree;
using test_support::put_be32;
namespace header = test_support::fdt_header;
namespace token = test_support::fdt_token;

namespace {

// Parses a copy of the first @p length bytes in a buffer of exactly that size, so ASan
// reports any read past the end.
Result<fdt::Platform, fdt::Error> parse_prefix(const std::vector<std::uint8_t> &blob,
                                               std::size_t length)
{
    std::vector<std::uint8_t> copy(blob.begin(), blob.begin() + static_cast<long>(length));
    return fdt::parse(copy.data(), copy.size());
}

Result<fdt::Platform, fdt::Error> parse_exact(const std::vector<std::uint8_t> &blob)
{
    return parse_prefix(blob, blob.size());
}

fdt::Error parse_error(const std::vector<std::uint8_t> &blob)
{
    auto result = parse_exact(blob);
    REQUIRE_FALSE(result.is_ok());
    return result.error();
}

// A root with the spec's default cells and one memory node: the smallest valid tree.
FdtWriter &begin_minimal_tree(FdtWriter &w)
{
    w.begin_node("");
    w.begin_node("memory@1000").property_strings("device_type", {"memory"});
    w.property_cells("reg", {0, 0x1000, 0x2000}).end_node();
    return w;
}

std::vector<std::uint8_t> bytes_of(const char *text, std::size_t length)
{
    return std::vector<std::uint8_t>(text, text + length);
}

} // namespace

TEST_CASE("fdt: parse finds memory, uart and plic of a virt-like tree", "[fdt]")
{
    auto blob = make_virt_tree();
    auto result = parse_exact(blob);
    REQUIRE(result.is_ok());
    const fdt::Platform &p = result.value();
    CHECK(p.memory.base == 0x80000000);
    CHECK(p.memory.size == 0x20000000);
    CHECK(p.uart.base == 0x10000000);
    CHECK(p.uart.size == 0x100);
    CHECK(p.uart_irq == 10);
    CHECK(p.plic.base == 0xc000000);
    CHECK(p.plic.size == 0x600000);
    CHECK(p.plic_ndev == 0x5f);
    CHECK(p.test_device.base == 0x100000);
    CHECK(p.test_device.size == 0x1000);
    CHECK(p.timebase_frequency == 10000000);
    CHECK(p.blob_size == blob.size());
}

TEST_CASE("fdt: parse accepts a blob inside a larger buffer", "[fdt]")
{
    auto blob = make_virt_tree();
    std::size_t size = blob.size();
    blob.resize(size + 4096, 0xff);
    auto result = fdt::parse(blob.data(), blob.size());
    REQUIRE(result.is_ok());
    CHECK(result.value().blob_size == size);
}

TEST_CASE("fdt: parse reads reg with the parent's #address-cells and #size-cells", "[fdt]")
{
    FdtWriter w;
    w.begin_node("").property_cells("#address-cells", {1}).property_cells("#size-cells", {1});
    w.begin_node("memory@40000000").property_strings("device_type", {"memory"});
    w.property_cells("reg", {0x40000000, 0x8000000}).end_node();
    w.begin_node("soc").property_cells("#address-cells", {2}).property_cells("#size-cells", {2});
    w.begin_node("serial@1,0").property_strings("compatible", {"ns16550a"});
    w.property_cells("reg", {0x1, 0x0, 0x0, 0x100}).end_node();
    w.end_node();
    w.begin_node("test@100000").property_strings("compatible", {"sifive,test0"});
    w.property_cells("reg", {0x100000, 0x1000}).end_node(); // back under the root's 1/1 cells
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().memory.base == 0x40000000);
    CHECK(result.value().memory.size == 0x8000000);
    CHECK(result.value().uart.base == 0x100000000);
    CHECK(result.value().uart.size == 0x100);
    CHECK(result.value().test_device.base == 0x100000);
    CHECK(result.value().test_device.size == 0x1000);
}

TEST_CASE("fdt: parse uses the spec's default of 2 address cells and 1 size cell", "[fdt]")
{
    FdtWriter w;
    begin_minimal_tree(w).end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().memory.base == 0x1000);
    CHECK(result.value().memory.size == 0x2000);
}

TEST_CASE("fdt: parse takes the first memory node's first reg entry", "[fdt]")
{
    FdtWriter w;
    w.begin_node("");
    w.begin_node("memory@80000000").property_strings("device_type", {"memory"});
    w.property_cells("reg", {0, 0x80000000, 0x1000000, 1, 0, 0x2000000}).end_node();
    w.begin_node("memory@100000000").property_strings("device_type", {"memory"});
    w.property_cells("reg", {1, 0, 0x4000000}).end_node();
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().memory.base == 0x80000000);
    CHECK(result.value().memory.size == 0x1000000);
}

TEST_CASE("fdt: parse recognises a memory node by its name alone", "[fdt]")
{
    FdtWriter w;
    w.begin_node("").begin_node("memory").property_cells("reg", {0, 0x5000, 0x1000});
    w.end_node().end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().memory.base == 0x5000);
}

TEST_CASE("fdt: parse matches any entry of a compatible string list", "[fdt]")
{
    FdtWriter w;
    begin_minimal_tree(w);
    w.begin_node("uart").property_strings("compatible", {"vendor,uart", "ns16550a"});
    w.property_cells("reg", {0, 0x3000, 0x10}).end_node();
    w.begin_node("interrupt-controller").property_strings("compatible", {"riscv,plic0"});
    w.property_cells("reg", {0, 0x4000, 0x100}).property_cells("riscv,ndev", {31}).end_node();
    w.begin_node("finisher").property_strings("compatible", {"sifive,test0"});
    w.property_cells("reg", {0, 0x6000, 0x10}).end_node();
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().uart.base == 0x3000);
    CHECK(result.value().uart_irq == 0); // no interrupts property
    CHECK(result.value().plic.base == 0x4000);
    CHECK(result.value().plic_ndev == 31);
    CHECK(result.value().test_device.base == 0x6000);
}

TEST_CASE("fdt: parse does not match a compatible that is only a prefix", "[fdt]")
{
    FdtWriter w;
    begin_minimal_tree(w);
    w.begin_node("uart").property_strings("compatible", {"ns16550", "ns16550ab"});
    w.property_cells("reg", {0, 0x3000, 0x10}).end_node();
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().uart.base == 0);
}

TEST_CASE("fdt: parse skips devices whose status is not okay", "[fdt]")
{
    FdtWriter w;
    begin_minimal_tree(w);
    w.begin_node("uart@1").property_strings("compatible", {"ns16550a"});
    w.property_strings("status", {"disabled"}).property_cells("reg", {0, 0x1000, 0x10}).end_node();
    w.begin_node("uart@2").property_strings("compatible", {"ns16550a"});
    w.property_strings("status", {"okay"}).property_cells("reg", {0, 0x2000, 0x10}).end_node();
    w.begin_node("plic@1").property_strings("compatible", {"riscv,plic0"});
    w.property_strings("status", {"fail"}).property_cells("reg", {0, 0x3000, 0x10}).end_node();
    w.begin_node("plic@2").property_strings("compatible", {"riscv,plic0"});
    w.property_strings("status", {"ok"}).property_cells("reg", {0, 0x4000, 0x10}).end_node();
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().uart.base == 0x2000);
    CHECK(result.value().plic.base == 0x4000); // "ok" is the older spelling of "okay"
}

TEST_CASE("fdt: parse leaves absent devices zero", "[fdt]")
{
    FdtWriter w;
    begin_minimal_tree(w).end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().uart.base == 0);
    CHECK(result.value().plic.size == 0);
    CHECK(result.value().test_device.base == 0);
    CHECK(result.value().timebase_frequency == 0);
}

TEST_CASE("fdt: parse reads a two-cell timebase-frequency and a cpu node's fallback", "[fdt]")
{
    SECTION("64-bit value in /cpus")
    {
        FdtWriter w;
        begin_minimal_tree(w);
        w.begin_node("cpus").property_u64("timebase-frequency", 0x100000000ULL + 5).end_node();
        w.end_node();
        auto result = parse_exact(w.finish());
        REQUIRE(result.is_ok());
        CHECK(result.value().timebase_frequency == 0x100000005ULL);
    }
    SECTION("only in cpu@0")
    {
        FdtWriter w;
        begin_minimal_tree(w);
        w.begin_node("cpus").begin_node("cpu@0").property_cells("timebase-frequency", {1000});
        w.end_node().end_node().end_node();
        auto result = parse_exact(w.finish());
        REQUIRE(result.is_ok());
        CHECK(result.value().timebase_frequency == 1000);
    }
    SECTION("/cpus wins over cpu@0")
    {
        FdtWriter w;
        begin_minimal_tree(w);
        w.begin_node("cpus").property_cells("timebase-frequency", {2000});
        w.begin_node("cpu@0").property_cells("timebase-frequency", {1000});
        w.end_node().end_node().end_node();
        auto result = parse_exact(w.finish());
        REQUIRE(result.is_ok());
        CHECK(result.value().timebase_frequency == 2000);
    }
    SECTION("three cells are malformed")
    {
        FdtWriter w;
        begin_minimal_tree(w);
        w.begin_node("cpus").property_cells("timebase-frequency", {1, 2, 3}).end_node();
        w.end_node();
        CHECK(parse_error(w.finish()) == fdt::Error::malformed);
    }
}

TEST_CASE("fdt: parse skips FDT_NOP tokens anywhere in the structure block", "[fdt]")
{
    FdtWriter w;
    w.nop().begin_node("").nop().property_cells("#address-cells", {1}).nop();
    w.property_cells("#size-cells", {1}).nop().nop();
    w.begin_node("memory@0").nop().property_cells("reg", {0x0, 0x4000}).nop().end_node();
    w.nop().end_node().nop();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().memory.size == 0x4000);
}

TEST_CASE("fdt: parse rejects a blob without a usable memory node", "[fdt]")
{
    SECTION("no memory node")
    {
        FdtWriter w;
        w.begin_node("").begin_node("cpus").end_node().end_node();
        CHECK(parse_error(w.finish()) == fdt::Error::no_memory_node);
    }
    SECTION("memory node of size zero")
    {
        FdtWriter w;
        w.begin_node("").begin_node("memory@0").property_cells("reg", {0, 0, 0});
        w.end_node().end_node();
        CHECK(parse_error(w.finish()) == fdt::Error::no_memory_node);
    }
    SECTION("memory below the root's children is not a memory node")
    {
        FdtWriter w;
        w.begin_node("").begin_node("soc").begin_node("memory@0");
        w.property_strings("device_type", {"memory"}).property_cells("reg", {0, 0, 0x1000});
        w.end_node().end_node().end_node();
        CHECK(parse_error(w.finish()) == fdt::Error::no_memory_node);
    }
}

TEST_CASE("fdt: parse rejects bad headers", "[fdt]")
{
    auto blob = make_virt_tree();
    SECTION("bad magic")
    {
        put_be32(blob, header::magic, 0xfeedd00d);
        CHECK(parse_error(blob) == fdt::Error::bad_magic);
    }
    SECTION("version 16")
    {
        put_be32(blob, header::version, 16);
        CHECK(parse_error(blob) == fdt::Error::bad_version);
    }
    SECTION("last compatible version 18")
    {
        put_be32(blob, header::last_comp_version, 18);
        CHECK(parse_error(blob) == fdt::Error::bad_version);
    }
    SECTION("totalsize larger than the buffer")
    {
        put_be32(blob, header::totalsize, static_cast<std::uint32_t>(blob.size() + 1));
        CHECK(parse_error(blob) == fdt::Error::truncated);
    }
    SECTION("totalsize smaller than the header")
    {
        put_be32(blob, header::totalsize, 39);
        CHECK(parse_error(blob) == fdt::Error::malformed);
    }
    SECTION("structure block past totalsize")
    {
        put_be32(blob, header::size_dt_struct, static_cast<std::uint32_t>(blob.size()));
        CHECK(parse_error(blob) == fdt::Error::malformed);
    }
    SECTION("strings block offset past totalsize")
    {
        put_be32(blob, header::off_dt_strings, 0xfffffff0);
        CHECK(parse_error(blob) == fdt::Error::malformed);
    }
    SECTION("misaligned structure block")
    {
        // Move the whole structure block two bytes on: complete, but not 4-byte aligned (5.4).
        std::uint32_t offset = get_be32(blob, header::off_dt_struct);
        blob.insert(blob.begin() + offset, 2, 0);
        put_be32(blob, header::off_dt_struct, offset + 2);
        put_be32(blob, header::off_dt_strings, get_be32(blob, header::off_dt_strings) + 2);
        put_be32(blob, header::totalsize, static_cast<std::uint32_t>(blob.size()));
        CHECK(parse_error(blob) == fdt::Error::malformed);
    }
}

TEST_CASE("fdt: parse rejects a null or short buffer as truncated", "[fdt]")
{
    auto blob = make_virt_tree();
    CHECK(fdt::parse(nullptr, 4096).error() == fdt::Error::truncated);
    CHECK(fdt::parse(blob.data(), 0).error() == fdt::Error::truncated);
    CHECK(fdt::parse(blob.data(), 3).error() == fdt::Error::truncated);
    CHECK(fdt::parse(blob.data(), 39).error() == fdt::Error::truncated);
    CHECK(fdt::parse(blob.data(), blob.size() - 1).error() == fdt::Error::truncated);
}

TEST_CASE("fdt: parse rejects malformed token streams", "[fdt]")
{
    FdtWriter w;
    bool with_end = true;
    SECTION("missing FDT_END")
    {
        begin_minimal_tree(w).end_node();
        with_end = false;
    }
    SECTION("FDT_END inside a node") { begin_minimal_tree(w); }
    SECTION("FDT_END_NODE without a node") { begin_minimal_tree(w).end_node().end_node(); }
    SECTION("empty structure block") { with_end = false; }
    SECTION("FDT_END before any node") {}
    SECTION("two root nodes")
    {
        begin_minimal_tree(w).end_node();
        w.begin_node("").end_node();
    }
    SECTION("property outside the root")
    {
        w.property_cells("reg", {1});
        begin_minimal_tree(w).end_node();
    }
    SECTION("unknown token")
    {
        begin_minimal_tree(w).raw_word(7).end_node();
    }
    SECTION("node name runs off the structure block")
    {
        with_end = false;
        w.begin_node("").raw_word(token::begin_node).raw_bytes(bytes_of("abcd", 4));
    }
    SECTION("property value runs off the structure block")
    {
        begin_minimal_tree(w);
        w.raw_word(token::prop).raw_word(0x1000).raw_word(w.string_offset("reg"));
        w.end_node();
    }
    SECTION("property name offset outside the strings block")
    {
        begin_minimal_tree(w).raw_word(token::prop).raw_word(0).raw_word(0x10000).end_node();
    }
    SECTION("property header runs off the structure block")
    {
        with_end = false;
        begin_minimal_tree(w).raw_word(token::prop).raw_word(0);
    }
    SECTION("property after a child node")
    {
        begin_minimal_tree(w).property_cells("#size-cells", {2}).end_node();
    }
    SECTION("#address-cells of the wrong size")
    {
        w.begin_node("").property_cells("#address-cells", {1, 2});
        w.begin_node("memory").property_cells("reg", {0, 0x1000, 0x2000}).end_node().end_node();
    }
    SECTION("memory reg shorter than one entry")
    {
        w.begin_node("").begin_node("memory").property_cells("reg", {0, 0x1000});
        w.end_node().end_node();
    }
    SECTION("uart reg with more than 64-bit addresses")
    {
        w.begin_node("").property_cells("#address-cells", {3});
        w.begin_node("memory").property_cells("reg", {0, 0, 0x1000, 0x2000}).end_node();
        w.begin_node("uart").property_strings("compatible", {"ns16550a"});
        w.property_cells("reg", {0, 0, 0x1000, 0x2000}).end_node().end_node();
    }
    SECTION("nesting deeper than the scan supports")
    {
        begin_minimal_tree(w);
        for (int i = 0; i < 20; ++i)
            w.begin_node("n");
        for (int i = 0; i < 21; ++i)
            w.end_node();
    }
    CHECK(parse_error(w.finish(with_end)) == fdt::Error::malformed);
}

TEST_CASE("fdt: every truncation of a valid blob is an error, never a crash", "[fdt]")
{
    auto blob = make_virt_tree();
    std::vector<std::size_t> wrong; // lengths that did not give Error::truncated
    for (std::size_t length = 0; length < blob.size(); ++length) {
        auto result = parse_prefix(blob, length);
        if (result.is_ok() || result.error() != fdt::Error::truncated)
            wrong.push_back(length);
    }
    CHECK(wrong == std::vector<std::size_t>{});
}

TEST_CASE("fdt: a structure block cut short anywhere is an error, never a crash", "[fdt]")
{
    // Rebuild the blob with only the first `size` bytes of its structure block (header fields
    // consistent, strings block intact), so the walker itself meets the end of the block in
    // every possible place: inside a token, a name, a property header or a value.
    auto blob = make_virt_tree();
    std::uint32_t structure_offset = get_be32(blob, header::off_dt_struct);
    std::uint32_t structure_size = get_be32(blob, header::size_dt_struct);
    std::uint32_t strings_offset = get_be32(blob, header::off_dt_strings);
    std::uint32_t strings_size = get_be32(blob, header::size_dt_strings);
    std::vector<std::uint32_t> accepted;
    for (std::uint32_t size = 0; size < structure_size; ++size) {
        std::vector<std::uint8_t> damaged(blob.begin(), blob.begin() + structure_offset + size);
        damaged.insert(damaged.end(), blob.begin() + strings_offset,
                       blob.begin() + strings_offset + strings_size);
        put_be32(damaged, header::size_dt_struct, size);
        put_be32(damaged, header::off_dt_strings, structure_offset + size);
        put_be32(damaged, header::totalsize, static_cast<std::uint32_t>(damaged.size()));
        if (parse_exact(damaged).is_ok())
            accepted.push_back(size);
    }
    CHECK(accepted == std::vector<std::uint32_t>{});
}

TEST_CASE("fdt: corrupting any byte of a valid blob never reads out of bounds", "[fdt]")
{
    auto blob = make_virt_tree();
    const std::uint8_t patterns[] = {0x00, 0x01, 0x03, 0x09, 0x80, 0xff};
    std::size_t accepted = 0;
    std::vector<std::size_t> oversized; // accepted blobs claiming more bytes than they have
    for (std::size_t i = 0; i < blob.size(); ++i) {
        for (std::uint8_t pattern : patterns) {
            auto damaged = blob; // a copy of exactly blob.size() bytes
            damaged[i] = pattern;
            auto result = parse_exact(damaged);
            if (!result.is_ok())
                continue;
            ++accepted;
            if (result.value().blob_size > damaged.size())
                oversized.push_back(i);
        }
    }
    CHECK(oversized == std::vector<std::size_t>{});
    CHECK(accepted > 0); // most string and value bytes do not matter
}

TEST_CASE("fdt: parse reads a blob at any alignment", "[fdt]")
{
    // The walk loads whole words from a word-aligned structure block; elsewhere it reads bytes.
    auto blob = make_virt_tree();
    for (std::size_t shift = 1; shift < 8; ++shift) {
        std::vector<std::uint8_t> shifted(shift + blob.size());
        std::copy(blob.begin(), blob.end(), shifted.begin() + static_cast<long>(shift));
        auto result = fdt::parse(shifted.data() + shift, blob.size());
        REQUIRE(result.is_ok());
        CHECK(result.value().memory.base == 0x80000000);
        CHECK(result.value().uart.base == 0x10000000);
        CHECK(result.value().uart_irq == 10);
        CHECK(result.value().plic_ndev == 0x5f);
        CHECK(result.value().test_device.base == 0x100000);
        CHECK(result.value().timebase_frequency == 10000000);
    }
}

TEST_CASE("fdt: parse tells apart sibling compatible lists of the same length", "[fdt]")
{
    // The walk remembers the last compatible list it matched; a list of the same length with
    // other bytes must still be matched afresh.
    FdtWriter w;
    begin_minimal_tree(w);
    for (std::uint32_t i = 0; i < 3; ++i) {
        w.begin_node("virtio_mmio").property_strings("compatible", {"virtio,mmio"});
        w.property_cells("reg", {0, 0x8000 + i, 0x10}).end_node();
    }
    w.begin_node("serial@1").property_strings("compatible", {"ns16550b"});
    w.property_cells("reg", {0, 0x1000, 0x10}).end_node();
    w.begin_node("serial@2").property_strings("compatible", {"ns16550a"});
    w.property_cells("reg", {0, 0x2000, 0x10}).end_node();
    w.begin_node("serial@3").property_strings("compatible", {"ns16550a"});
    w.property_cells("reg", {0, 0x3000, 0x10}).end_node();
    w.begin_node("plic").property_strings("compatible", {"sifive,plic-1.0.x", "riscv,plic0"});
    w.property_cells("reg", {0, 0x4000, 0x10}).end_node();
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().uart.base == 0x2000); // the first match wins
    CHECK(result.value().plic.base == 0x4000);
}

TEST_CASE("fdt: parse reads property names anywhere in the strings block", "[fdt]")
{
    FdtWriter w;
    begin_minimal_tree(w);
    // A name offset may point into the middle of a longer string (a shared suffix).
    std::uint32_t shared = w.string_offset("linux,reg") + 6;
    w.begin_node("uart").property_strings("compatible", {"ns16550a"});
    w.raw_word(token::prop).raw_word(12).raw_word(shared).raw_word(0).raw_word(0x7000).raw_word(8);
    w.end_node();
    // Many distinct names: more than the walk remembers.
    w.begin_node("many");
    for (int i = 0; i < 100; ++i)
        w.property_cells("name-" + std::to_string(i), {1});
    w.property_cells("#size-cells", {2}).end_node();
    // A value of 64 KiB or more.
    w.begin_node("big").property("blob", std::vector<std::uint8_t>(0x10003, 0xaa));
    w.property_cells("re", {1}).end_node(); // a prefix of "reg" that ends the strings block
    w.end_node();
    auto result = parse_exact(w.finish());
    REQUIRE(result.is_ok());
    CHECK(result.value().uart.base == 0x7000);
    CHECK(result.value().uart.size == 8);
}

TEST_CASE("fdt: contains_string matches whole entries of a string list", "[fdt]")
{
    auto list = bytes_of("sifive,test1\0sifive,test0\0syscon", 33);
    std::span<const std::uint8_t> value(list);
    CHECK(fdt::contains_string(value, "sifive,test1"));
    CHECK(fdt::contains_string(value, "sifive,test0"));
    CHECK(fdt::contains_string(value, "syscon")); // unterminated last entry, leniently
    CHECK_FALSE(fdt::contains_string(value, "sifive"));
    CHECK_FALSE(fdt::contains_string(value, "sifive,test"));
    CHECK_FALSE(fdt::contains_string(value, "syscon2"));
    CHECK_FALSE(fdt::contains_string(value, ""));
    CHECK_FALSE(fdt::contains_string({}, "syscon"));
    auto empty_entry = bytes_of("\0x", 3);
    CHECK(fdt::contains_string(std::span<const std::uint8_t>(empty_entry), ""));
}

TEST_CASE("fdt: read_cell reads big-endian cells within the value only", "[fdt]")
{
    const std::uint8_t raw[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01};
    std::span<const std::uint8_t> value(raw);
    std::uint32_t cell = 0;
    CHECK((fdt::read_cell(value, 0, cell) && cell == 0x12345678));
    CHECK((fdt::read_cell(value, 1, cell) && cell == 0x9abcdef0));
    CHECK_FALSE(fdt::read_cell(value, 2, cell));
    CHECK_FALSE(fdt::read_cell(value, static_cast<std::size_t>(-1), cell));
}

TEST_CASE("fdt: describe explains every error", "[fdt]")
{
    const fdt::Error errors[] = {fdt::Error::bad_magic, fdt::Error::bad_version,
                                 fdt::Error::truncated, fdt::Error::malformed,
                                 fdt::Error::no_memory_node};
    std::vector<std::string> texts;
    for (fdt::Error error : errors) {
        std::string text = fdt::describe(error);
        CHECK(text.rfind("device tree: ", 0) == 0);
        for (const std::string &other : texts)
            CHECK(other != text);
        texts.push_back(text);
    }
}
