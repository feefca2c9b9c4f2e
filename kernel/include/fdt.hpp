/// @file
/// A read-only parser for flattened device trees (DTB, Devicetree Specification v0.4, chapter 5)
/// and the platform facts the kernel takes from QEMU's `virt` machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "result.hpp"

/// Flattened device tree parsing. Every read is bounds-checked against the blob's totalsize
/// and the caller's size limit: a malformed blob yields an Error, never an out-of-bounds read.
namespace fdt {

/// Why a blob was rejected.
enum class Error {
    bad_magic,      ///< the header does not start with 0xd00dfeed
    bad_version,    ///< not a version 17 blob (or not backward compatible with it)
    truncated,      ///< the blob is shorter than its header says, or than a header
    malformed,      ///< the blocks or tokens are inconsistent
    no_memory_node, ///< the tree has no usable /memory node
};

/// A physical address range.
struct Region {
    std::uint64_t base = 0; ///< first physical address
    std::uint64_t size = 0; ///< length in bytes
};

/// What the kernel needs to know about the machine. A device that is absent from the tree
/// (or has status "disabled") leaves its fields zero.
struct Platform {
    Region memory;                        ///< the first /memory node's first reg entry
    Region uart;                          ///< compatible "ns16550a"
    std::uint32_t uart_irq = 0;           ///< the UART's first `interrupts` cell
    Region plic;                          ///< compatible "sifive,plic-1.0.0" or "riscv,plic0"
    std::uint32_t plic_ndev = 0;          ///< the PLIC's "riscv,ndev"
    Region test_device;                   ///< compatible "sifive,test1" or "sifive,test0"
    std::uint64_t timebase_frequency = 0; ///< /cpus "timebase-frequency"
    std::uint64_t blob_size = 0;          ///< totalsize from the header
};

/// Reads the platform facts from the blob at @p blob, reading at most @p max_size bytes.
Result<Platform, Error> parse(const void *blob, std::size_t max_size);

/// A one-line explanation of @p error.
const char *describe(Error error);

/// Reads the big-endian 32-bit cell at @p index of @p value; false when it is out of range.
bool read_cell(std::span<const std::uint8_t> value, std::size_t index, std::uint32_t &cell);

/// True when the string list @p value (NUL-separated, as `compatible`) contains @p string.
bool contains_string(std::span<const std::uint8_t> value, const char *string);

} // namespace fdt
