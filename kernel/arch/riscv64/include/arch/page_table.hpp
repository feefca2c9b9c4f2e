/// @file
/// Sv39 page-table entries as user mappings need them (privileged spec §4.4). Pure memory
/// work on tables in the kernel window, so host builds use the same code on simulated RAM.
#pragma once

#include <cstdint>

namespace arch {

/// Sv39 entry bits (privileged spec §4.4.1): V, R, W, X, U, G, A, D from bit 0; all of R, W and
/// X clear means the entry points to the next table. The physical page number starts at bit 10.
namespace pte {
inline constexpr std::uint64_t valid = 1 << 0;     ///< V
inline constexpr std::uint64_t read = 1 << 1;      ///< R
inline constexpr std::uint64_t write = 1 << 2;     ///< W
inline constexpr std::uint64_t execute = 1 << 3;   ///< X
inline constexpr std::uint64_t user = 1 << 4;      ///< U
inline constexpr std::uint64_t global = 1 << 5;    ///< G
inline constexpr std::uint64_t accessed = 1 << 6;  ///< A
inline constexpr std::uint64_t dirty = 1 << 7;     ///< D
inline constexpr std::uint64_t leaf = read | write | execute; ///< any of R, W, X: a page
} // namespace pte

/// Where a walk for a virtual address stopped (seL4's lookupPTSlot).
struct PtSlot {
    std::uint64_t *entry; ///< the entry reached
    unsigned bits_left;   ///< bits of address the entry maps: 30, 21 or 12
};

/// Access a user mapping gives (write implies read: Sv39 reserves write-only).
struct MapRights {
    bool read;    ///< loads
    bool write;   ///< stores
    bool execute; ///< instruction fetches
};

/// Walks the tables rooted at @p root_paddr for @p vaddr while entries point to tables; stops at
/// the first invalid or leaf entry, or at the last level.
PtSlot lookup_pt_slot(std::uint64_t root_paddr, std::uint64_t vaddr);
/// True when @p entry maps something (a table or a page).
bool is_entry_valid(const std::uint64_t *entry);
/// The physical address @p entry points to.
std::uint64_t entry_address(const std::uint64_t *entry);
/// Makes @p entry point to the page table at @p table_paddr.
void set_table_entry(std::uint64_t *entry, std::uint64_t table_paddr);
/// Makes @p entry map the frame at @p frame_paddr for user access with @p rights.
void set_page_entry(std::uint64_t *entry, std::uint64_t frame_paddr, MapRights rights);
/// Makes @p entry invalid.
void clear_entry(std::uint64_t *entry);
/// Invalidates every entry of the page table at @p table_paddr.
void clear_table(std::uint64_t table_paddr);
/// Drops stale translations of @p vaddr in the address space tagged @p asid from the TLB.
void flush_tlb_page(std::uint64_t vaddr, std::uint64_t asid);

} // namespace arch

namespace arch {
/// The entry in the tables rooted at @p root_paddr, on the way to @p vaddr, that points to the
/// page table at @p table_paddr; nullptr when none does.
std::uint64_t *find_table_entry(std::uint64_t root_paddr, std::uint64_t vaddr, std::uint64_t table_paddr);
} // namespace arch
