// Sv39 entries (privileged spec §4.4.1): V bit 0, R/W/X bits 1-3 (all clear = pointer to the
// next table), U bit 4, A/D bits 6-7 set up front so the hardware never has to; the physical
// page number from bit 10.
#include <arch/page_table.hpp>

#include "arch.hpp"

namespace arch {
namespace {

constexpr unsigned entries = 512;

std::uint64_t *table_at(std::uint64_t paddr) { return static_cast<std::uint64_t *>(phys_to_virt(paddr)); }

} // namespace

PtSlot lookup_pt_slot(std::uint64_t root_paddr, std::uint64_t vaddr)
{
    std::uint64_t *table = table_at(root_paddr);
    for (unsigned bits = 30;; bits -= 9) {
        std::uint64_t *entry = &table[(vaddr >> bits) & (entries - 1)];
        if (bits == 12 || (*entry & pte::valid) == 0 || (*entry & pte::leaf) != 0) {
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
        if ((*entry & pte::valid) == 0 || (*entry & pte::leaf) != 0) {
            return nullptr;
        }
        if (entry_address(entry) == table_paddr) {
            return entry;
        }
        table = table_at(entry_address(entry));
    }
    return nullptr;
}

bool is_entry_valid(const std::uint64_t *entry) { return (*entry & pte::valid) != 0; }

std::uint64_t entry_address(const std::uint64_t *entry) { return (*entry >> 10) << 12; }

void set_table_entry(std::uint64_t *entry, std::uint64_t table_paddr)
{
    *entry = ((table_paddr >> 12) << 10) | pte::valid;
}

void set_page_entry(std::uint64_t *entry, std::uint64_t frame_paddr, MapRights rights)
{
    *entry = ((frame_paddr >> 12) << 10) | pte::valid | pte::user | pte::accessed | pte::dirty |
             (rights.read || rights.write ? pte::read : 0) | (rights.write ? pte::write : 0) |
             (rights.execute ? pte::execute : 0);
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
