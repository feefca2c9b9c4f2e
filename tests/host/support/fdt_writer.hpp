// A flattened device tree writer for host tests: builds DTB blobs (spec v0.4, chapter 5),
// including deliberately broken ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace test_support {

/// Byte offsets of the DTB header fields (section 5.2).
namespace fdt_header {
constexpr std::size_t magic = 0, totalsize = 4, off_dt_struct = 8, off_dt_strings = 12,
                      off_mem_rsvmap = 16, version = 20, last_comp_version = 24,
                      boot_cpuid_phys = 28, size_dt_strings = 32, size_dt_struct = 36, size = 40;
}

/// Structure block tokens.
namespace fdt_token {
constexpr std::uint32_t begin_node = 1, end_node = 2, prop = 3, nop = 4, end = 9;
}

/// Appends tokens to a structure block and assembles a blob: header, an empty memory
/// reservation block, the structure block, then the strings block.
class FdtWriter {
public:
    FdtWriter &begin_node(std::string_view name);
    FdtWriter &end_node();
    FdtWriter &property(std::string_view name, const std::vector<std::uint8_t> &value);
    FdtWriter &property_cells(std::string_view name, std::initializer_list<std::uint32_t> cells);
    FdtWriter &property_u64(std::string_view name, std::uint64_t value);
    FdtWriter &property_strings(std::string_view name,
                                std::initializer_list<std::string_view> strings);
    FdtWriter &property_empty(std::string_view name);
    FdtWriter &nop();
    /// Appends any 32-bit word, for broken token streams.
    FdtWriter &raw_word(std::uint32_t word);
    /// Appends raw bytes, unpadded, for broken token streams.
    FdtWriter &raw_bytes(const std::vector<std::uint8_t> &bytes);
    /// The offset of @p name in the strings block (added if new).
    std::uint32_t string_offset(std::string_view name);

    /// The blob with FDT_END appended (unless @p with_end is false).
    std::vector<std::uint8_t> finish(bool with_end = true) const;

private:
    std::vector<std::uint8_t> structure_;
    std::string strings_;
};

void put_be32(std::vector<std::uint8_t> &blob, std::size_t offset, std::uint32_t value);
std::uint32_t get_be32(const std::vector<std::uint8_t> &blob, std::size_t offset);

/// A tree shaped like QEMU virt's: memory at 0x80000000 (512 MiB), /cpus with a 10 MHz
/// timebase, and under /soc a ns16550a UART (irq 10), a PLIC (95 sources) and the test finisher.
std::vector<std::uint8_t> make_virt_tree();

} // namespace test_support
