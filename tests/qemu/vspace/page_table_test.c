/* VSPACE, part 4: PageTable_Map and PageTable_Unmap (§5.2 "PageTable_Map / Unmap" row; §8.7
   RevokeFirst), and copying page-table caps (§5.2, last paragraph). Each test maps in its own
   GiB of the root task's VSpace (4 and up). */
#include "vspacetest.h"

/* PageTable_Map puts a table at the first level on the walk that has none (§5.2): the first
   one in an empty GiB is the 2 MiB-level table (a 4 KiB frame then misses level 21), a second
   one the 4 KiB-level table (the frame maps), a third at the same address has no level left
   (DeleteFirst), and at the next 2 MiB it becomes that region's 4 KiB-level table. */
static const char *placement(void)
{
    const seL4_Word base = GIB(4);
    struct probe p;
    TRY(probe_new(&p, 0));
    seL4_CPtr tables[3], frames[2];
    for (int i = 0; i < 3; i++) {
        tables[i] = memory_object(seL4_RISCV_PageTableObject);
        EXPECT_SLOT(tables[i]);
    }
    for (int i = 0; i < 2; i++) {
        frames[i] = memory_object(seL4_RISCV_4K_Page);
        EXPECT_SLOT(frames[i]);
    }
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[0], VSPACE, base, DEFAULT_ATTR));
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(frames[0], VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), NO_4K_TABLE);
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[1], VSPACE, base + PAGE_BYTES, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(frames[0], VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_ERR(seL4_RISCV_PageTable_Map(tables[2], VSPACE, base, DEFAULT_ATTR), seL4_DeleteFirst);
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[2], VSPACE, base + LARGE_PAGE_BYTES, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(frames[1], VSPACE, base + LARGE_PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_STORE(&p, base + LARGE_PAGE_BYTES, 0xbb01);
    EXPECT_LOAD(&p, base + LARGE_PAGE_BYTES, 0xbb01);
    EXPECT_LOAD(&p, base, 0);
    return NULL;
}

/* PageTable_Map of a table that is already mapped is InvalidCapability with MR0 = 0, wherever
   it is asked to go (§5.2); an assigned VSpace root, the root task's included, counts as mapped. */
static const char *already_mapped(void)
{
    const seL4_Word base = GIB(5);
    seL4_CPtr table = memory_object(seL4_RISCV_PageTableObject), vspace;
    EXPECT_SLOT(table);
    TRY(new_vspace(&vspace));
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, base, DEFAULT_ATTR));
    const seL4_CPtr mapped[] = {table, vspace, VSPACE};
    const seL4_Word where[] = {base, GIB(6)};
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 2; j++) {
            seL4_Error error = seL4_RISCV_PageTable_Map(mapped[i], VSPACE, where[j], DEFAULT_ATTR);
            EXPECT(error == seL4_InvalidCapability && seL4_GetMR(0) == 0,
                   "PageTable_Map of mapped table %d at 0x%lx: %s (MR0 %lu), expected InvalidCapability (MR0 0)",
                   i, where[j], error_name(error), seL4_GetMR(0));
        }
    }
    return NULL;
}

/* PageTable_Map where a 2 MiB frame is mapped is DeleteFirst (§5.2: the slot is valid), for any
   address inside the frame; in the next 2 MiB the table maps. */
static const char *over_a_large_page(void)
{
    const seL4_Word base = GIB(7);
    seL4_CPtr upper = memory_object(seL4_RISCV_PageTableObject), table = memory_object(seL4_RISCV_PageTableObject);
    seL4_CPtr untyped = untyped_alloc(seL4_LargePageBits);
    EXPECT_SLOT(upper && table && untyped);
    seL4_CPtr large = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    EXPECT_SLOT(large);
    EXPECT_OK(seL4_RISCV_PageTable_Map(upper, VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(large, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_ERR(seL4_RISCV_PageTable_Map(table, VSPACE, base, DEFAULT_ATTR), seL4_DeleteFirst);
    EXPECT_ERR(seL4_RISCV_PageTable_Map(table, VSPACE, base + LARGE_PAGE_BYTES - PAGE_BYTES, DEFAULT_ATTR),
               seL4_DeleteFirst);
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, base + LARGE_PAGE_BYTES, DEFAULT_ATTR));
    return NULL;
}

/* PageTable_Unmap is RevokeFirst for a VSpace root (the root task's and a new one, which stays
   usable) and for a table whose cap has a copy; once the copy is deleted it unmaps (§5.2, §8.7). */
static const char *unmap_revoke_first(void)
{
    const seL4_Word base = GIB(8);
    seL4_CPtr vspace, table = memory_object(seL4_RISCV_PageTableObject);
    seL4_CPtr inner = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(table && inner);
    TRY(new_vspace(&vspace));
    EXPECT_ERR(seL4_RISCV_PageTable_Unmap(VSPACE), seL4_RevokeFirst);
    EXPECT_ERR(seL4_RISCV_PageTable_Unmap(vspace), seL4_RevokeFirst);
    EXPECT_OK(seL4_RISCV_PageTable_Map(inner, vspace, GIB(1), DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, base, DEFAULT_ATTR));
    seL4_CPtr copy = cap_copied(table, seL4_AllRights);
    EXPECT(copy != 0, "a mapped page-table cap does not copy");
    EXPECT_ERR(seL4_RISCV_PageTable_Unmap(table), seL4_RevokeFirst);
    EXPECT_ERR(seL4_RISCV_PageTable_Unmap(copy), seL4_RevokeFirst);
    EXPECT_OK(cap_delete(copy));
    EXPECT_OK(seL4_RISCV_PageTable_Unmap(table));
    EXPECT_OK(seL4_RISCV_PageTable_Unmap(table)); /* an unmapped table: nothing to do */
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, base, DEFAULT_ATTR));
    return NULL;
}

/* PageTable_Unmap of a 4 KiB-level table unmaps the pages below it: a load faults and Page_Map
   there misses level 21 (§3.1, §5.2). The table maps again elsewhere and is empty there (seL4
   clears it on unmap, so the frame that was in it cannot reappear behind its cap's back); the
   unmapped frame keeps its contents and maps below it. */
static const char *unmap_table(void)
{
    const seL4_Word base = GIB(9);
    struct probe p;
    seL4_CPtr tables[2], frame, other = memory_object(seL4_RISCV_4K_Page);
    EXPECT_SLOT(other);
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, tables));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_STORE(&p, base, 0xbb02);
    EXPECT_OK(seL4_RISCV_PageTable_Unmap(tables[1]));
    EXPECT_FAULT(&p, LOAD, base);
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(other, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
                        NO_4K_TABLE);
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[1], VSPACE, base + LARGE_PAGE_BYTES, DEFAULT_ATTR));
    EXPECT_FAULT(&p, LOAD, base + LARGE_PAGE_BYTES);
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + LARGE_PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + LARGE_PAGE_BYTES, 0xbb02);
    return NULL;
}

/* Copying an unmapped page-table cap is IllegalOperation (§5.2, last paragraph); a mapped table
   and an assigned VSpace root copy, and the copies are page-table caps. */
static const char *copy_table_caps(void)
{
    seL4_CPtr table = memory_object(seL4_RISCV_PageTableObject), dest = slot_alloc(), vspace;
    EXPECT_SLOT(table && dest);
    EXPECT_ERR(cap_copy(dest, table, seL4_AllRights), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, GIB(10), DEFAULT_ATTR));
    EXPECT_OK(cap_copy(dest, table, seL4_AllRights));
    EXPECT_TAG(dest, TAG_PAGE_TABLE);
    TRY(new_vspace(&vspace));
    seL4_CPtr copy = cap_copied(vspace, seL4_AllRights);
    EXPECT(copy != 0, "an assigned VSpace root does not copy");
    EXPECT_TAG(copy, TAG_PAGE_TABLE);
    return NULL;
}

void run_page_table_tests(void)
{
    vspace_test("VSPACE0020", placement);
    vspace_test("VSPACE0021", already_mapped);
    vspace_test("VSPACE0022", over_a_large_page);
    vspace_test("VSPACE0023", unmap_revoke_first);
    vspace_test("VSPACE0024", unmap_table);
    vspace_test("VSPACE0025", copy_table_caps);
}
