/* VSPACE, part 1: frames mapped into the root task's own VSpace and used (§5.2 Page_Map,
   Page_Unmap, Page_GetAddress, PageTable_Map; §4 object sizes). Each test maps in its own GiB. */
#include "vspacetest.h"

/* A 4 KiB frame mapped read-write at GiB 4, below the two tables it needs: a fresh frame reads
   zero (Retype zeroes memory, §8.7), a thread's store and load work, and the root task reads
   what the thread stored and the thread what the root task wrote, at both ends of the page. */
static const char *map_and_use(void)
{
    const seL4_Word base = GIB(4);
    struct probe p;
    seL4_CPtr frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_LOAD(&p, base, 0);
    EXPECT_STORE(&p, base, 0x1111);
    EXPECT_LOAD(&p, base, 0x1111);
    EXPECT(peek(base) == 0x1111, "the root task reads 0x%lx", peek(base));
    poke(base + PAGE_BYTES - 8, 0x2222);
    EXPECT_LOAD(&p, base + PAGE_BYTES - 8, 0x2222);
    return NULL;
}

/* Page_GetAddress returns the frame's physical address (§5.2, length 1): objects are placed at
   the untyped's free pointer, so the first frame of a fresh boot untyped is at its listed paddr
   (§12.13) and the next one 4 KiB on; a copy and a mapped frame report the same. */
static const char *get_address(void)
{
    seL4_Word paddr = 0;
    seL4_CPtr untyped = spare_untyped(seL4_PageBits + 1, &paddr), frames = slots_alloc(2);
    EXPECT(untyped != 0, "bootinfo lists no spare RAM untyped of 8 KiB or more");
    EXPECT_SLOT(frames);
    EXPECT_OK(seL4_Untyped_Retype(untyped, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, frames, 2));
    for (seL4_Word i = 0; i < 2; i++) {
        seL4_RISCV_Page_GetAddress_t got = seL4_RISCV_Page_GetAddress(frames + i);
        EXPECT_ERR((seL4_Error)got.error, seL4_NoError);
        EXPECT(got.paddr == paddr + i * PAGE_BYTES, "frame %lu is at 0x%lx, expected 0x%lx", i, got.paddr,
               paddr + i * PAGE_BYTES);
    }
    seL4_CPtr copy = cap_copied(frames, seL4_AllRights);
    EXPECT_SLOT(copy);
    TRY(map_tables(VSPACE, GIB(5), NULL));
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, GIB(5), seL4_ReadWrite, DEFAULT_ATTR));
    seL4_RISCV_Page_GetAddress_t got = seL4_RISCV_Page_GetAddress(copy);
    EXPECT_ERR((seL4_Error)got.error, seL4_NoError);
    EXPECT(got.paddr == paddr, "the mapped copy is at 0x%lx, expected 0x%lx", got.paddr, paddr);
    return NULL;
}

/* After Page_Unmap a load from the address sends a VMFault (IP, Addr, PrefetchFault 0, FSR 5,
   §8.6); unmapping an unmapped frame succeeds; the frame keeps its contents and maps again. */
static const char *unmap(void)
{
    const seL4_Word base = GIB(6);
    struct probe p;
    seL4_CPtr frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_STORE(&p, base, 0x3333);
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_FAULT(&p, LOAD, base);
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0x3333);
    return NULL;
}

/* A frame cap maps in one place at a time (§5.2: a mapped frame at another vaddr is
   InvalidArgument, MR0 = 0); the root task's image frames count as mapped; after Unmap the
   frame maps at the new address. */
static const char *maps_once(void)
{
    const seL4_Word base = GIB(7);
    struct probe p;
    seL4_CPtr frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_STORE(&p, base, 0x4444);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
               seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_FAULT(&p, LOAD, base + PAGE_BYTES);
    seL4_CPtr image = image_frame_cap(vs_sites_page);
    EXPECT(image != 0, "bootinfo lists no frame cap for the code-site page");
    EXPECT_ERR(seL4_RISCV_Page_Map(image, VSPACE, base + 2 * PAGE_BYTES, seL4_CanRead, DEFAULT_ATTR),
               seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0x4444);
    return NULL;
}

/* A copy of a mapped frame cap is unmapped (§5.2, last paragraph) and maps at a second address:
   both addresses show the same memory; unmapping the copy leaves the original mapping. */
static const char *shared_by_copy(void)
{
    const seL4_Word base = GIB(8);
    struct probe p;
    seL4_CPtr frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    seL4_CPtr copy = cap_copied(frame, seL4_AllRights);
    EXPECT(copy != 0, "a mapped frame cap does not copy");
    EXPECT_TAG(copy, TAG_FRAME);
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_STORE(&p, base, 0x5555);
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0x5555);
    EXPECT_STORE(&p, base + PAGE_BYTES + 8, 0x6666);
    EXPECT_LOAD(&p, base + 8, 0x6666);
    EXPECT_OK(seL4_RISCV_Page_Unmap(copy));
    EXPECT_FAULT(&p, LOAD, base + PAGE_BYTES);
    EXPECT_LOAD(&p, base, 0x5555);
    return NULL;
}

/* A pager: the fault handler maps a frame at the faulting address and replies; the thread
   restarts the load and reads the new frame (§8.6: a reply to a VMFault restarts it; issue 5,
   point 3). */
static const char *pager(void)
{
    const seL4_Word base = GIB(9);
    struct probe p;
    seL4_CPtr frame;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_STORE(&p, base + PAGE_BYTES, 0x7777);
    EXPECT_FAULT(&p, LOAD, base);
    seL4_CPtr copy = cap_copied(frame, seL4_AllRights);
    EXPECT_SLOT(copy);
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    TRY(expect_restarted_load(__LINE__, &p, 0x7777));
    return NULL;
}

/* A 2 MiB frame maps at a 2 MiB-aligned vaddr below only the table under the root (§4:
   seL4_LargePageBits 21; §5.2: the lookup stops at the 2 MiB level): its first, a middle and its
   last word work, a fresh one reads zero, and its physical address is 2 MiB aligned (§8.7). */
static const char *large_page(void)
{
    const seL4_Word base = GIB(10) + 2 * LARGE_PAGE_BYTES;
    struct probe p;
    TRY(probe_new(&p, 0));
    seL4_CPtr untyped = untyped_alloc(seL4_LargePageBits), table = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(untyped && table);
    seL4_CPtr large = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    EXPECT_SLOT(large);
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(large, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    const seL4_Word offsets[] = {0, LARGE_PAGE_BYTES / 2 + 8, LARGE_PAGE_BYTES - 8};
    for (int i = 0; i < 3; i++) {
        EXPECT_LOAD(&p, base + offsets[i], 0);
        EXPECT_STORE(&p, base + offsets[i], 0x8800 + i);
        EXPECT_LOAD(&p, base + offsets[i], 0x8800 + i);
    }
    seL4_RISCV_Page_GetAddress_t got = seL4_RISCV_Page_GetAddress(large);
    EXPECT_ERR((seL4_Error)got.error, seL4_NoError);
    EXPECT(got.paddr % LARGE_PAGE_BYTES == 0, "the 2 MiB frame is at 0x%lx", got.paddr);
    return NULL;
}

void run_map_tests(void)
{
    vspace_test("VSPACE0001", map_and_use);
    vspace_test("VSPACE0002", get_address);
    vspace_test("VSPACE0003", unmap);
    vspace_test("VSPACE0004", maps_once);
    vspace_test("VSPACE0005", shared_by_copy);
    vspace_test("VSPACE0016", pager);
    vspace_test("VSPACE0017", large_page);
}
