/// @file
/// The root task's CSpace, built at boot as seL4 builds it: a root CNode of
/// 2^root_cnode_radix slots holding the initial capabilities in seL4's slots, capabilities to
/// the root task's image frames and page tables, and untyped capabilities for the remaining RAM
/// (largest aligned blocks) and for device memory; bootinfo describes where they are.
#pragma once

#include <cstdint>

#include "fdt.hpp"
#include "root_task.hpp"

namespace kernel::boot {

/// log2 of the root CNode's slot count (seL4's CONFIG_ROOT_CNODE_SIZE_BITS default).
inline constexpr unsigned root_cnode_radix = 12;

/// Allocates the root CNode (cleared). Called first, so its alignment wastes least memory.
std::uint64_t allocate_root_cnode();

/// Fills the root CNode at @p cnode_paddr for @p task, gives the root thread its CSpace, VSpace
/// and IPC buffer capabilities, turns the free memory left after boot into untypeds, and fills
/// bootinfo's regions.
void create_root_cspace(RootTask &task, std::uint64_t cnode_paddr, const fdt::Platform &platform);

/// Calls @p emit(base, size_bits) for the largest naturally aligned blocks, at most 2^max_bits
/// bytes, that tile [@p start, @p end); blocks smaller than 2^min_bits are dropped.
template <typename Emit>
void for_each_aligned_block(std::uint64_t start, std::uint64_t end, unsigned min_bits,
                            unsigned max_bits, Emit emit)
{
    // Along a range, block sizes first grow (alignment allows more) and then shrink (the end
    // draws near), so each step moves bits by a little from the last block: no bit scans,
    // which rv64gc lacks (libgcc would loop in software).
    unsigned bits = 0;
    while (start < end) {
        while (bits < max_bits && (start & ((std::uint64_t{2} << bits) - 1)) == 0 &&
               (std::uint64_t{2} << bits) <= end - start) {
            ++bits;
        }
        while ((start & ((std::uint64_t{1} << bits) - 1)) != 0 ||
               (std::uint64_t{1} << bits) > end - start) {
            --bits;
        }
        if (bits >= min_bits) {
            emit(start, bits);
        }
        start += std::uint64_t{1} << bits;
    }
}

} // namespace kernel::boot
