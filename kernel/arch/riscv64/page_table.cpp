// Sv39 entries (privileged spec §4.4.1): V bit 0, R/W/X bits 1-3 (all clear = pointer to the
// next table), U bit 4, A/D bits 6-7 set up front so the hardware never has to; the physical
// page number from bit 10.
#include <arch/page_table.hpp>

#include "arch.hpp"

namespace arch {
namespace {

constexpr std::uint64_t pte_valid = 1 << 0;
constexpr std::uint64_t pte_read = 1 << 1;
constexpr std::uint64_t pte_write = 1 << 2;
constexpr std::uint64_t pte_execute = 1 << 3;
constexpr std::uint64_t pte_user = 1 << 4;
constexpr std::uint64_t pte_accessed = 1 << 6;
constexpr std::uint64_t pte_dirty = 1 << 7;
constexpr std::uint64_t pte_leaf = pte_read | pte_write | pte_execute;
constexpr unsigned entries = 512;

std::uint64_t *table_at(std::uint64_t paddr) { return static_cast<std::uint64_t *>(phys_to_virt(paddr)); }

} // namespace

PtSlot lookup_pt_slot(std::uint64_t root_paddr, std::uint64_t vaddr)
{
    std::uint64_t *table = table_at(root_paddr);
    for (unsigned bits = 30;; bits -= 9) {
        std::uint64_t *entry = &table[(vaddr >> bits) & (entries - 1)];
        if (bits == 12 || (*entry & pte_valid) == 0 || (*entry & pte_leaf) != 0) {
            return {entry, bits};
        }
        table = table_at(entry_address(entry));
    }
}

std::uint64_t *find_table_entry(std::uint64_t root_paddr, std::uint64_t vaddr, std::uint64_t table_paddr)
{
    std::uint64_t *table = table_at(root_paddr);
    for (unsigned bits = 30; bits > 12; bits -= 9) {
        std::uint64_t *entry = &table[(vaddr >> bits) & (entries - 1)];
        if ((*entry & pte_valid) == 0 || (*entry & pte_leaf) != 0) {
            return nullptr;
        }
        if (entry_address(entry) == table_paddr) {
            return entry;
        }
        table = table_at(entry_address(entry));
    }
    return nullptr;
}

bool is_entry_valid(const std::uint64_t *entry) { return (*entry & pte_valid) != 0; }

std::uint64_t entry_address(const std::uint64_t *entry) { return (*entry >> 10) << 12; }

void set_table_entry(std::uint64_t *entry, std::uint64_t table_paddr)
{
    *entry = ((table_paddr >> 12) << 10) | pte_valid;
}

void set_page_entry(std::uint64_t *entry, std::uint64_t frame_paddr, MapRights rights)
{
    *entry = ((frame_paddr >> 12) << 10) | pte_valid | pte_user | pte_accessed | pte_dirty |
             (rights.read || rights.write ? pte_read : 0) | (rights.write ? pte_write : 0) |
             (rights.execute ? pte_execute : 0);
}

void clear_entry(std::uint64_t *entry) { *entry = 0; }

void clear_table(std::uint64_t table_paddr)
{
    std::uint64_t *table = table_at(table_paddr);
    for (unsigned i = 0; i < entries; ++i) {
        table[i] = 0;
    }
}

} // namespace arch
