// Sv39 page-table walks (the same source as the riscv64 kernel's, on simulated memory).
#include <catch2/catch.hpp>

#include <cstring>

#include <arch/page_table.hpp>

#include "arch.hpp"

namespace {

constexpr std::uint64_t root = 0x80e00000, level1 = 0x80e01000, level0 = 0x80e02000,
                        frame = 0x80e03000;

void clear_tables()
{
    std::memset(arch::phys_to_virt(root), 0, 4 * 4096);
}

} // namespace

TEST_CASE("page table: a walk stops where a table is missing and says how much it maps",
          "[vspace]")
{
    clear_tables();
    constexpr std::uint64_t vaddr = 0x40201000;
    arch::PtSlot slot = arch::lookup_pt_slot(root, vaddr);
    CHECK(slot.bits_left == 30); // only the root exists: a 1 GiB-level entry
    arch::set_table_entry(slot.entry, level1);
    slot = arch::lookup_pt_slot(root, vaddr);
    CHECK(slot.bits_left == 21);
    arch::set_table_entry(slot.entry, level0);
    slot = arch::lookup_pt_slot(root, vaddr);
    CHECK(slot.bits_left == 12);
    CHECK_FALSE(arch::is_entry_valid(slot.entry));
    arch::set_page_entry(slot.entry, frame, {true, true, false});
    CHECK(arch::is_entry_valid(arch::lookup_pt_slot(root, vaddr).entry));
    CHECK(arch::entry_address(arch::lookup_pt_slot(root, vaddr).entry) == frame);
    CHECK_FALSE(arch::is_entry_valid(arch::lookup_pt_slot(root, vaddr + 4096).entry));
}

TEST_CASE("page table: a leaf entry ends the walk (a large page covers the address)", "[vspace]")
{
    clear_tables();
    constexpr std::uint64_t vaddr = 0x600000;
    arch::set_table_entry(arch::lookup_pt_slot(root, vaddr).entry, level1);
    arch::PtSlot slot = arch::lookup_pt_slot(root, vaddr);
    arch::set_page_entry(slot.entry, 0x80c00000, {true, false, true}); // a 2 MiB page
    arch::PtSlot again = arch::lookup_pt_slot(root, vaddr + 0x1000);
    CHECK(again.bits_left == 21);
    CHECK(again.entry == slot.entry);
}

TEST_CASE("page table: the entry pointing to a table is found for unmapping, and only that",
          "[vspace]")
{
    clear_tables();
    constexpr std::uint64_t vaddr = 0x1000;
    arch::set_table_entry(arch::lookup_pt_slot(root, vaddr).entry, level1);
    arch::set_table_entry(arch::lookup_pt_slot(root, vaddr).entry, level0);
    std::uint64_t *to_level0 = arch::find_table_entry(root, vaddr, level0);
    REQUIRE(to_level0 != nullptr);
    CHECK(arch::entry_address(to_level0) == level0);
    CHECK(arch::find_table_entry(root, vaddr, frame) == nullptr);
    arch::clear_entry(to_level0);
    CHECK(arch::lookup_pt_slot(root, vaddr).bits_left == 21);
}
