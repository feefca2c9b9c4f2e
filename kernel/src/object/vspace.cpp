// seL4's RISC-V VSpace methods (reference §5.2 "Kernel-side checks"): frames, page tables and
// ASIDs, decoded in seL4's order. Sv39 levels map 1 GiB, 2 MiB and 4 KiB.
#include "vspace.hpp"

#include <arch/page_table.hpp>
#include <sel4/constants.h>
#include <sel4/invocation.h>

#include "arch.hpp"
#include "delete.hpp"
#include "fastpath.hpp"
#include "object_clearing.hpp"

namespace kernel {

AsidPool *asid_pools[asid_pool_count];

namespace {

using E = SyscallError;
using S = InvocationStatus;

auto &pools = asid_pools;

AsidPool &pool_at(std::uint64_t paddr) { return *static_cast<AsidPool *>(arch::phys_to_virt(paddr)); }

std::uint64_t root_for_asid(std::uint64_t asid)
{
    AsidPool *pool = pools[(asid >> 9) % asid_pool_count];
    return pool != nullptr ? pool->roots[asid % asids_per_pool] : 0;
}

// Removes the translation the mapped frame @p cap records, if its address space still exists and
// still maps this frame there.
void unmap_frame(const Capability &cap)
{
    std::uint64_t root = root_for_asid(cap.mapped_asid());
    if (root == 0) {
        return;
    }
    arch::PtSlot slot = arch::lookup_pt_slot(root, cap.mapped_vaddr());
    if (slot.bits_left == cap.frame_size_bits() && arch::is_entry_valid(slot.entry) &&
        arch::entry_address(slot.entry) == cap.paddr()) {
        arch::clear_entry(slot.entry);
        arch::flush_tlb_page(cap.mapped_vaddr(), cap.mapped_asid());
    }
}

void unmap_page_table(const Capability &cap)
{
    std::uint64_t root = root_for_asid(cap.mapped_asid());
    if (root == 0) {
        return;
    }
    if (std::uint64_t *entry = arch::find_table_entry(root, cap.mapped_vaddr(), cap.paddr())) {
        arch::clear_entry(entry);
        // Everything below the table goes: flush the address space's translations.
        arch::flush_asid(cap.mapped_asid());
    }
}

S map_frame(Invocation &inv)
{
    if (inv.length < 3 || inv.extra_count < 1) {
        return S::err(E::truncated_message("Page_Map takes 3 words and a VSpace"));
    }
    Capability &frame = inv.slot.cap;
    std::uint64_t vaddr = inv.arg(0);
    const Capability &vspace = inv.extra_caps[0]->cap;
    if (!is_valid_vspace_root(vspace)) {
        return S::err(E::invalid_capability(1, "not the root of a live address space"));
    }
    std::uint64_t size = std::uint64_t{1} << frame.frame_size_bits();
    if (vaddr + size - 1 >= seL4_UserTop || vaddr + size - 1 < vaddr) {
        return S::err(E::invalid_argument(0, "the mapping would reach the kernel's half"));
    }
    if (vaddr % size != 0) {
        return S::err(E::alignment_error("the address is not aligned to the frame size"));
    }
    Rights rights = frame.rights().masked(Rights(inv.arg(1)));
    if (!rights.has(Rights::read)) {
        // Sv39 has no write-only pages, and a page without R, W and X would read as a table.
        return S::err(E::invalid_argument(1, "mappings need Read (write-only is refused)"));
    }
    arch::PtSlot slot = arch::lookup_pt_slot(vspace.paddr(), vaddr);
    if (slot.bits_left != frame.frame_size_bits()) {
        return S::err(E::failed_lookup(false, {seL4_MissingCapability, slot.bits_left},
                                       "a page table is missing on the way"));
    }
    if (frame.mapping() != 0) {
        if (frame.mapped_asid() != vspace.mapped_asid()) {
            return S::err(E::invalid_capability(1, "the frame is mapped in another address space"));
        }
        if (frame.mapped_vaddr() != vaddr) {
            return S::err(E::invalid_argument(0, "the frame is mapped elsewhere: copy the cap"));
        }
    }
    bool remap = frame.mapping() != 0 && arch::is_entry_valid(slot.entry) &&
                 arch::entry_address(slot.entry) == frame.paddr();
    if (arch::is_entry_valid(slot.entry) && !remap) {
        return S::err(E::delete_first("something is mapped there already"));
    }
    bool execute = (inv.arg(2) & seL4_RISCV_ExecuteNever) == 0;
    arch::set_page_entry(slot.entry, frame.paddr(),
                         {rights.has(Rights::read), rights.has(Rights::write), execute});
    arch::flush_tlb_page(vaddr, vspace.mapped_asid());
    frame.set_mapping(Capability::mapping_word(vspace.mapped_asid(), vaddr));
    return S::ok();
}

} // namespace

void register_root_asid_pool(std::uint64_t pool_paddr, std::uint64_t asid, std::uint64_t root_paddr)
{
    invalidate_fastpath_views(); // ASIDs and the tables they name may change
    pools[0] = &pool_at(pool_paddr);
    pools[0]->roots[asid] = root_paddr;
}

bool is_valid_vspace_root(const Capability &cap)
{
    return cap.is_vspace_root() && root_for_asid(cap.mapped_asid()) == cap.paddr();
}

void unmap_for_deletion(const Capability &cap, bool final)
{
    invalidate_fastpath_views(); // ASIDs and the tables they name may change
    if (cap.mapping() == 0) {
        return;
    }
    if (cap.type() == CapType::frame) {
        unmap_frame(cap);
    } else if (final && cap.is_vspace_root()) {
        AsidPool *pool = pools[cap.mapped_asid() >> 9];
        if (pool != nullptr && pool->roots[cap.mapped_asid() % asids_per_pool] == cap.paddr()) {
            pool->roots[cap.mapped_asid() % asids_per_pool] = 0; // the ASID is free again
        }
    } else if (final) {
        unmap_page_table(cap);
    }
}

void forget_asid_pool(const Capability &cap)
{
    invalidate_fastpath_views(); // ASIDs and the tables they name may change
    AsidPool *&pool = pools[(cap.asid_base() >> 9) % asid_pool_count];
    if (pool == &pool_at(cap.paddr())) {
        pool = nullptr;
    }
}

InvocationStatus perform_frame_invocation(Invocation &inv)
{
    switch (inv.label) {
    case RISCVPageMap: return map_frame(inv);
    case RISCVPageUnmap:
        if (inv.slot.cap.mapping() != 0) {
            unmap_frame(inv.slot.cap);
            inv.slot.cap.set_mapping(0);
        }
        return S::ok();
    case RISCVPageGetAddress:
        inv.results[0] = inv.slot.cap.paddr();
        inv.result_count = 1;
        return S::ok();
    default: return S::err(E::illegal_operation("not a Page method"));
    }
}

InvocationStatus perform_page_table_invocation(Invocation &inv)
{
    invalidate_fastpath_views(); // ASIDs and the tables they name may change
    Capability &table = inv.slot.cap;
    if (inv.label == RISCVPageTableUnmap) {
        if (!cdt::is_final(inv.slot) || table.is_vspace_root()) {
            return S::err(E::revoke_first("only the last cap to a non-root page table unmaps"));
        }
        if (table.mapping() != 0) {
            unmap_page_table(table);
            arch::clear_table(table.paddr());
            table.set_mapping(0);
        }
        return S::ok();
    }
    if (inv.label != RISCVPageTableMap) {
        return S::err(E::illegal_operation("not a PageTable method"));
    }
    if (table.mapping() != 0) {
        return S::err(E::invalid_capability(0, "the page table is mapped already"));
    }
    if (inv.length < 2 || inv.extra_count < 1) {
        return S::err(E::truncated_message("PageTable_Map takes 2 words and a VSpace"));
    }
    std::uint64_t vaddr = inv.arg(0);
    const Capability &vspace = inv.extra_caps[0]->cap;
    if (!is_valid_vspace_root(vspace)) {
        return S::err(E::invalid_capability(1, "not the root of a live address space"));
    }
    if (vaddr >= seL4_UserTop) {
        return S::err(E::invalid_argument(0, "the address is in the kernel's half"));
    }
    arch::PtSlot slot = arch::lookup_pt_slot(vspace.paddr(), vaddr);
    if (slot.bits_left == seL4_PageBits || arch::is_entry_valid(slot.entry)) {
        return S::err(E::delete_first("a table or page is mapped there already"));
    }
    arch::set_table_entry(slot.entry, table.paddr());
    arch::flush_tlb_page(vaddr, vspace.mapped_asid());
    std::uint64_t covered = (std::uint64_t{1} << slot.bits_left) - 1;
    table.set_mapping(Capability::mapping_word(vspace.mapped_asid(), vaddr & ~covered));
    return S::ok();
}

InvocationStatus perform_asid_control_invocation(Invocation &inv)
{
    invalidate_fastpath_views(); // ASIDs and the tables they name may change
    if (inv.label != RISCVASIDControlMakePool) {
        return S::err(E::illegal_operation("ASIDControl's only method is MakePool"));
    }
    // As Retype: no half-destroyed object may remain in the memory about to be reused.
    if (finish_deletions() == Progress::preempted) {
        return S::err(E::preemption());
    }
    if (inv.length < 2 || inv.extra_count < 2) {
        return S::err(E::truncated_message("MakePool takes 2 words, an untyped and a CNode"));
    }
    unsigned index = 0;
    while (index < asid_pool_count && pools[index] != nullptr) {
        ++index;
    }
    if (index == asid_pool_count) {
        return S::err(E::delete_first("every ASID pool is in use"));
    }
    Slot &untyped_slot = *inv.extra_caps[0];
    const Capability &untyped = untyped_slot.cap;
    if (untyped.type() != CapType::untyped || untyped.size_bits() != seL4_ASIDPoolBits ||
        untyped.is_device()) {
        return S::err(E::invalid_capability(1, "needs a 4 KiB untyped of RAM"));
    }
    if (cdt::has_children(untyped_slot)) {
        return S::err(E::revoke_first("the untyped has children"));
    }
    auto dest = lookup_empty_slot(inv.extra_caps[1]->cap, inv.arg(0), inv.arg(1));
    if (!dest.is_ok()) {
        return S::err(dest.error());
    }
    // Made like any object: a preempted Retype's record of cleared memory must not outlive it.
    if (clear_for_new_objects(inv.thread, untyped_slot, untyped.paddr(),
                              untyped.paddr() + sizeof(AsidPool)) == Progress::preempted) {
        return S::err(E::preemption());
    }
    untyped_slot.cap.set_free_offset(sizeof(AsidPool));
    cdt::insert_new(Capability::asid_pool(untyped.paddr(), std::uint64_t{index} << 9), untyped_slot,
                    *dest.value());
    pools[index] = &pool_at(untyped.paddr());
    return S::ok();
}

InvocationStatus perform_asid_pool_invocation(Invocation &inv)
{
    invalidate_fastpath_views(); // ASIDs and the tables they name may change
    if (inv.label != RISCVASIDPoolAssign) {
        return S::err(E::illegal_operation("ASIDPool's only method is Assign"));
    }
    if (inv.extra_count < 1) {
        return S::err(E::truncated_message("Assign takes a page table"));
    }
    Slot &vspace_slot = *inv.extra_caps[0];
    if (vspace_slot.cap.type() != CapType::page_table || vspace_slot.cap.mapping() != 0) {
        return S::err(E::invalid_capability(1, "needs an unmapped page table"));
    }
    std::uint64_t base = inv.slot.cap.asid_base();
    AsidPool &pool = pool_at(inv.slot.cap.paddr());
    if (pools[base >> 9] != &pool) {
        return S::err(E::invalid_capability(0, "the pool is not in use"));
    }
    unsigned index = 0;
    while (index < asids_per_pool && (base + index == 0 || pool.roots[index] != 0)) {
        ++index;
    }
    if (index == asids_per_pool) {
        return S::err(E::delete_first("the pool is full"));
    }
    pool.roots[index] = vspace_slot.cap.paddr();
    arch::init_vspace_root(vspace_slot.cap.paddr());
    arch::flush_asid(base + index); // the ASID may have named an address space before
    vspace_slot.cap.set_mapping(Capability::mapping_word(base + index, 0, true));
    return S::ok();
}

} // namespace kernel
