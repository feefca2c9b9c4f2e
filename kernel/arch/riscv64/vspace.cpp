// Sv39 page tables (privileged spec §4.4): three levels of 512 eight-byte entries, each level
// indexed by 9 bits of the virtual address above the 12-bit page offset. The upper half of every
// address space (root entries 256..511) is the kernel window, shared by all address spaces.
#include <array>

#include <arch/csr.hpp>
#include <arch/machine.hpp>

#include <arch/page_table.hpp>

#include "arch.hpp"

namespace arch {
namespace {

constexpr std::uint64_t kernel_leaf = pte::valid | pte::leaf | pte::global | pte::accessed | pte::dirty;

constexpr unsigned levels = 3;
constexpr unsigned entries = 512;
constexpr unsigned first_kernel_entry = entries / 2;
constexpr std::uint64_t gigabyte = 1ul << 30;

constexpr std::uint64_t make_pte(std::uint64_t paddr, std::uint64_t flags)
{
    return ((paddr >> 12) << 10) | flags;
}
constexpr std::uint64_t pte_paddr(std::uint64_t pte) { return (pte >> 10) << 12; }
constexpr unsigned index_at(std::uint64_t vaddr, unsigned level)
{
    return (vaddr >> (12 + 9 * level)) & (entries - 1);
}

// The boot table maps the whole upper half onto physical memory from 0 with gigapages, and
// identity-maps the gigabyte the kernel is loaded in so entry.S survives turning the MMU on.
constexpr std::array<std::uint64_t, entries> make_boot_table()
{
    std::array<std::uint64_t, entries> table{};
    for (unsigned i = first_kernel_entry; i < entries; ++i) {
        table[i] = make_pte((i - first_kernel_entry) * gigabyte, kernel_leaf);
    }
    table[kernel_phys_base / gigabyte] = make_pte(kernel_phys_base & ~(gigabyte - 1), kernel_leaf);
    return table;
}

// Root entries from first_kernel_entry on that map the kernel window (set at boot).
unsigned window_entries = entries - first_kernel_entry;

std::uint64_t *table_at(std::uint64_t paddr) { return static_cast<std::uint64_t *>(phys_to_virt(paddr)); }

// The level-0 entry for vaddr, or nullptr when an intermediate table is missing (and allocate is
// null) or a superpage covers vaddr.
std::uint64_t *find_leaf_entry(std::uint64_t root, std::uint64_t vaddr, PageTableAllocator allocate)
{
    std::uint64_t *table = table_at(root);
    for (unsigned level = levels - 1; level > 0; --level) {
        std::uint64_t &entry = table[index_at(vaddr, level)];
        if ((entry & pte::valid) == 0) {
            if (allocate == nullptr) {
                return nullptr;
            }
            entry = make_pte(allocate(), pte::valid);
        } else if ((entry & pte::leaf) != 0) {
            return nullptr;
        }
        table = table_at(pte_paddr(entry));
    }
    return &table[index_at(vaddr, 0)];
}

} // namespace

void init_kernel_window(const fdt::Platform &platform)
{
    // Keep physical memory from 0 to the end of RAM (MMIO lies below RAM on virt); drop the rest
    // and the identity map.
    std::uint64_t ram_end = platform.memory.base + platform.memory.size;
    window_entries = static_cast<unsigned>((ram_end + gigabyte - 1) / gigabyte);
    for (unsigned i = first_kernel_entry + window_entries; i < entries; ++i) {
        kernel_root_table[i] = 0;
    }
    kernel_root_table[kernel_phys_base / gigabyte] = 0;
    asm volatile("sfence.vma" ::: "memory");
}

void init_vspace_root(std::uint64_t root_paddr)
{
    // The table is zero; only the window's entries need copying.
    std::uint64_t *table = table_at(root_paddr);
    for (unsigned i = first_kernel_entry; i < first_kernel_entry + window_entries; ++i) {
        table[i] = kernel_root_table[i];
    }
}

bool map_user_page(std::uint64_t root_paddr, std::uint64_t vaddr, std::uint64_t frame_paddr,
                   PageRights rights, PageTableAllocator allocate)
{
    std::uint64_t *entry = find_leaf_entry(root_paddr, vaddr, allocate);
    if (entry == nullptr) {
        return false;
    }
    // Sv39 reserves write-without-read, so writable pages are readable too.
    std::uint64_t flags = pte::valid | pte::user | pte::accessed | pte::dirty |
                          (rights.read || rights.write ? pte::read : 0) |
                          (rights.write ? pte::write : 0) | (rights.execute ? pte::execute : 0);
    if ((*entry & pte::valid) != 0) {
        if (pte_paddr(*entry) != frame_paddr) {
            return false;
        }
        flags |= *entry & pte::leaf;
    }
    *entry = make_pte(frame_paddr, flags);
    return true;
}

std::uint64_t lookup_user_page(std::uint64_t root_paddr, std::uint64_t vaddr)
{
    std::uint64_t *entry = find_leaf_entry(root_paddr, vaddr, nullptr);
    if (entry == nullptr || (*entry & pte::valid) == 0) {
        return 0;
    }
    return pte_paddr(*entry);
}

void flush_tlb_page(std::uint64_t vaddr, std::uint64_t asid)
{
    asm volatile("sfence.vma %0, %1" ::"r"(vaddr), "r"(asid) : "memory");
}

void flush_asid(std::uint64_t asid) { asm volatile("sfence.vma zero, %0" ::"r"(asid) : "memory"); }

std::uint64_t kernel_vspace_root() { return virt_to_phys(kernel_root_table.data()); }

void init_user_context(UserContext &context, std::uint64_t pc, std::uint64_t sp)
{
    context = UserContext{};
    context.set_pc(pc);
    context.set(Register::sp, sp);
    // The FPU starts off: the first FP instruction traps and the kernel hands it over (fpu.cpp).
    context.sstatus = csr::sstatus_spie;
}

// With the ASID in satp, translations of different address spaces live side by side in the
// TLB: a switch needs no flush (unmapping flushes one ASID's page, reusing an ASID flushes it).
void return_to_user(UserContext &context, std::uint64_t root_paddr, std::uint64_t asid)
{
    switch_address_space(address_space_token(root_paddr, asid));
    restore_user_context(&context);
}

} // namespace arch

// Constant-initialised, so it is ready when entry.S loads satp.
alignas(4096) __attribute__((section(".data.page_aligned")))
std::array<std::uint64_t, 512> kernel_root_table = arch::make_boot_table();
