/* VSPACE, part 5: deleting mapped frames and page tables unmaps them, stale caps stay harmless,
   and a remapped address shows the new frame at once (issue 5, point 2: "deleting a mapped frame
   or page table unmaps it", "remapping a vaddr flushes the stale translation"). Each test maps
   in its own GiB of the root task's VSpace (20 and up). */
#include "vspacetest.h"

/* Deleting a mapped frame cap unmaps that mapping, even while a copy of the cap lives: a load
   faults and the vaddr takes another frame (no DeleteFirst); the copy's own mapping still works. */
static const char *delete_mapped_frame(void)
{
    const seL4_Word base = GIB(20);
    struct probe p;
    seL4_CPtr frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_STORE(&p, base, 0xcc01);
    seL4_CPtr copy = cap_copied(frame, seL4_AllRights), other = memory_object(seL4_RISCV_4K_Page);
    EXPECT_SLOT(copy && other);
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_OK(cap_delete(frame));
    EXPECT_FAULT(&p, LOAD, base);
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0xcc01);
    EXPECT_OK(seL4_RISCV_Page_Map(other, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base, 0);
    return NULL;
}

/* Deleting a 4 KiB-level table unmaps every page below it: loads fault and Page_Map there misses
   level 21. The frames' caps then unmap without harm, and below a new table the first frame maps
   again with its contents while the second address stays unmapped. */
static const char *delete_table(void)
{
    const seL4_Word base = GIB(21);
    struct probe p;
    seL4_CPtr tables[2], first, second;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, tables));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &first));
    TRY(map_new_frame(VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR, &second));
    EXPECT_STORE(&p, base, 0xcc02);
    EXPECT_STORE(&p, base + PAGE_BYTES, 0xcc03);
    seL4_CPtr other = memory_object(seL4_RISCV_4K_Page), table = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(other && table);
    EXPECT_OK(cap_delete(tables[1]));
    EXPECT_FAULT(&p, LOAD, base);
    EXPECT_FAULT(&p, LOAD, base + PAGE_BYTES);
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(other, VSPACE, base + 2 * PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
                        NO_4K_TABLE);
    EXPECT_OK(seL4_RISCV_Page_Unmap(first));
    EXPECT_OK(seL4_RISCV_Page_Unmap(second));
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(first, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base, 0xcc02);
    EXPECT_FAULT(&p, LOAD, base + PAGE_BYTES);
    return NULL;
}

/* Deleting the 2 MiB-level table cuts off the table below it (loads fault, Page_Map misses level
   30); that table then unmaps and maps again, empty. A stale frame cap (its mapping went with
   the table) is harmless: Page_Unmap of it does not remove another frame mapped at its old vaddr,
   and it maps again with its contents. */
static const char *stale_frame_cap(void)
{
    const seL4_Word base = GIB(22);
    struct probe p;
    seL4_CPtr tables[2], frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, tables));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_STORE(&p, base, 0xcc04);
    seL4_CPtr other = memory_object(seL4_RISCV_4K_Page), upper = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(other && upper);
    EXPECT_OK(cap_delete(tables[0]));
    EXPECT_FAULT(&p, LOAD, base);
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(other, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
                        NO_TABLE_BELOW_ROOT);
    EXPECT_OK(seL4_RISCV_PageTable_Unmap(tables[1]));
    EXPECT_OK(seL4_RISCV_PageTable_Map(upper, VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[1], VSPACE, base, DEFAULT_ATTR));
    EXPECT_FAULT(&p, LOAD, base);
    EXPECT_OK(seL4_RISCV_Page_Map(other, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_STORE(&p, base, 0xcc05);
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_LOAD(&p, base, 0xcc05);
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0xcc04);
    return NULL;
}

/* Remapping a vaddr flushes the stale translation (issue 5, point 2): after the root task and a
   thread have read frame 1 at the address, Unmap and a Map of frame 2 there make both read frame
   2 at once, and back again. The root task reads only once Page_Map of a third frame at the
   address is DeleteFirst, i.e. the address is known to be mapped. */
static const char *remap_flushes(void)
{
    const seL4_Word base = GIB(23);
    struct probe p;
    seL4_CPtr first, second;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &first));
    TRY(map_new_frame(VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR, &second));
    seL4_CPtr copy = cap_copied(second, seL4_AllRights), third = memory_object(seL4_RISCV_4K_Page);
    EXPECT_SLOT(copy && third);
    EXPECT_STORE(&p, base, 0xcc06);
    EXPECT_STORE(&p, base + PAGE_BYTES, 0xcc07);
    EXPECT_LOAD(&p, base, 0xcc06);
    EXPECT(peek(base) == 0xcc06, "the root task reads 0x%lx", peek(base));
    EXPECT_OK(seL4_RISCV_Page_Unmap(first));
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_ERR(seL4_RISCV_Page_Map(third, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), seL4_DeleteFirst);
    EXPECT(peek(base) == 0xcc07, "after the remap the root task reads 0x%lx, expected 0xcc07", peek(base));
    EXPECT_LOAD(&p, base, 0xcc07);
    EXPECT_OK(seL4_RISCV_Page_Unmap(copy));
    EXPECT_OK(seL4_RISCV_Page_Map(first, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_ERR(seL4_RISCV_Page_Map(third, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), seL4_DeleteFirst);
    EXPECT(peek(base) == 0xcc06, "after remapping back the root task reads 0x%lx, expected 0xcc06", peek(base));
    EXPECT_LOAD(&p, base, 0xcc06);
    return NULL;
}

void run_unmap_tests(void)
{
    vspace_test("VSPACE0026", delete_mapped_frame);
    vspace_test("VSPACE0027", delete_table);
    vspace_test("VSPACE0028", stale_frame_cap);
    vspace_test("VSPACE0029", remap_flushes);
}
