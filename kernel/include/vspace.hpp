/// @file
/// Address spaces from user level (seL4's RISC-V VSpace API): ASID pools, page tables mapped
/// as roots (ASIDPool_Assign) or below them (PageTable_Map), frames mapped with rights
/// (Page_Map). A frame or page-table capability records where it is mapped; deleting it
/// unmaps it; an address space whose root is gone makes its mappings inert.
#pragma once

#include <cstdint>

#include "arch.hpp"
#include "capability.hpp"
#include "invocation.hpp"

namespace kernel {

/// ASIDs per pool (2^seL4_ASIDPoolIndexBits).
inline constexpr unsigned asids_per_pool = 512;
/// Number of pools (2^seL4_NumASIDPoolsBits).
inline constexpr unsigned asid_pool_count = 128;

/// An ASID pool object (4 KiB): the root page table of each ASID it hands out (0 = free).
class AsidPool final {
public:
    std::uint64_t roots[asids_per_pool]; ///< root page table's physical address per ASID
};
static_assert(sizeof(AsidPool) == 4096, "an ASID pool is one page");

/// The pools by number (ASID >> 9); nullptr for a free pool number. vspace.cpp changes them;
/// the inline lookups below read them.
extern AsidPool *asid_pools[asid_pool_count];

/// Records the root task's pool at @p pool_paddr (pool 0) with @p asid mapping @p root_paddr.
void register_root_asid_pool(std::uint64_t pool_paddr, std::uint64_t asid, std::uint64_t root_paddr);
/// True when @p cap is a page table assigned as the root of a live address space.
bool is_valid_vspace_root(const Capability &cap);
/// The root page table (and its ASID) a thread runs on: its VSpace if that is still live, else
/// one that maps only the kernel, with ASID 0 (the thread then faults).
struct UsableVSpace {
    std::uint64_t root; ///< physical address of the root page table
    std::uint64_t asid; ///< its ASID
};
/// See UsableVSpace. Inline: every thread switch asks.
[[gnu::always_inline]] inline UsableVSpace usable_vspace(const Capability &vspace_cap)
{
    if (vspace_cap.is_vspace_root()) {
        std::uint64_t asid = vspace_cap.mapped_asid();
        const AsidPool *pool = asid_pools[(asid >> 9) % asid_pool_count];
        if (pool != nullptr && pool->roots[asid % asids_per_pool] == vspace_cap.paddr()) {
            return {vspace_cap.paddr(), asid};
        }
    }
    return {arch::kernel_vspace_root(), 0};
}

/// Undoes what the mapped frame or page table @p cap maps (on Unmap or deletion); @p final for
/// the last capability to a page table (a root frees its ASID).
void unmap_for_deletion(const Capability &cap, bool final);
/// The last capability to the ASID pool at @p cap is gone: its ASIDs are dead.
void forget_asid_pool(const Capability &cap);

/// Page (frame) methods: Map, Unmap, GetAddress.
InvocationStatus perform_frame_invocation(Invocation &invocation);
/// PageTable methods: Map, Unmap.
InvocationStatus perform_page_table_invocation(Invocation &invocation);
/// ASIDControl_MakePool.
InvocationStatus perform_asid_control_invocation(Invocation &invocation);
/// ASIDPool_Assign.
InvocationStatus perform_asid_pool_invocation(Invocation &invocation);

} // namespace kernel
