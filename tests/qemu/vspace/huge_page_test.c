/* VSPACE, part 8: 1 GiB frames (§4: seL4_RISCV_Giga_Page, seL4_HugePageBits 30), which map in an
   entry of the VSpace root itself, so they need no page tables (§5.2: the lookup stops at once).
   The machine boots with 3 GiB, so bootinfo lists a 1 GiB RAM untyped besides the objects' pool. */
#include "vspacetest.h"

/* A new 1 GiB frame from the spare 1 GiB untyped; *paddr is where it must be (§12.13: the first
   object of a fresh boot untyped is at its listed paddr). */
static const char *new_huge_frame(seL4_CPtr *frame, seL4_Word *paddr)
{
    seL4_CPtr untyped = spare_untyped(seL4_HugePageBits, paddr);
    EXPECT(untyped != 0, "bootinfo lists no spare RAM untyped of 1 GiB");
    *frame = new_object(untyped, seL4_RISCV_Giga_Page, 0);
    EXPECT_SLOT(*frame);
    return NULL;
}

/* A 1 GiB frame maps at a 1 GiB-aligned vaddr with no tables: its first, a middle and its last
   word read zero and then what was stored; Page_GetAddress gives the untyped's paddr. */
static const char *huge_page(void)
{
    const seL4_Word base = GIB(8);
    const seL4_Word offsets[] = {0, HUGE_PAGE_BYTES / 2 + 8, HUGE_PAGE_BYTES - 8};
    seL4_CPtr huge;
    seL4_Word paddr = 0;
    struct probe p;
    TRY(probe_new(&p, 0));
    TRY(new_huge_frame(&huge, &paddr));
    EXPECT_OK(seL4_RISCV_Page_Map(huge, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    for (int i = 0; i < 3; i++) {
        EXPECT_LOAD(&p, base + offsets[i], 0);
        EXPECT_STORE(&p, base + offsets[i], 0x9900 + i);
        EXPECT_LOAD(&p, base + offsets[i], 0x9900 + i);
    }
    seL4_RISCV_Page_GetAddress_t got = seL4_RISCV_Page_GetAddress(huge);
    EXPECT_ERR((seL4_Error)got.error, seL4_NoError);
    EXPECT(got.paddr == paddr, "the 1 GiB frame is at 0x%lx, expected 0x%lx", got.paddr, paddr);
    return NULL;
}

/* The rules for 1 GiB frames (§5.2): a 2 MiB-aligned vaddr is AlignmentError; the last GiB
   below seL4_UserTop cannot hold one (it would end above the top: InvalidArgument, MR0 = 0);
   once it is mapped, a page table cannot go over it (the root entry is valid: DeleteFirst), and
   a table elsewhere still maps. */
static const char *huge_page_rules(void)
{
    seL4_CPtr huge, table = memory_object(seL4_RISCV_PageTableObject);
    seL4_Word paddr = 0;
    EXPECT_SLOT(table);
    TRY(new_huge_frame(&huge, &paddr));
    EXPECT_ERR(seL4_RISCV_Page_Map(huge, VSPACE, GIB(9) + LARGE_PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
               seL4_AlignmentError);
    EXPECT_ERR(seL4_RISCV_Page_Map(huge, VSPACE, seL4_UserTop & ~(HUGE_PAGE_BYTES - 1), seL4_ReadWrite,
                                   DEFAULT_ATTR),
               seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_OK(seL4_RISCV_Page_Map(huge, VSPACE, GIB(11), seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_ERR(seL4_RISCV_PageTable_Map(table, VSPACE, GIB(11) + LARGE_PAGE_BYTES, DEFAULT_ATTR),
               seL4_DeleteFirst);
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, GIB(12), DEFAULT_ATTR));
    return NULL;
}

void run_huge_page_tests(void)
{
    vspace_test("VSPACE0060", huge_page);
    vspace_test("VSPACE0061", huge_page_rules);
}
