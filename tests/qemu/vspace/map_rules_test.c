/* VSPACE, part 2: the rules Page_Map and PageTable_Map enforce (§5.2 "Kernel-side checks";
   issue 5, point 2): alignment, the user top, kernel-window and non-canonical addresses, missing
   tables reported with their level, occupied slots, the VSpace argument, and the order of the
   checks. Each test maps in its own GiB (20 and up). */
#include "vspacetest.h"

/* A misaligned vaddr is AlignmentError: a 4 KiB frame at +0x800 and +8, a 2 MiB frame at a
   4 KiB and a 1 MiB boundary (§5.2); the refused frames then map at aligned addresses. */
static const char *misaligned(void)
{
    const seL4_Word base = GIB(20);
    TRY(map_tables(VSPACE, base, NULL));
    seL4_CPtr frame = memory_object(seL4_RISCV_4K_Page), untyped = untyped_alloc(seL4_LargePageBits);
    EXPECT_SLOT(frame && untyped);
    seL4_CPtr large = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    EXPECT_SLOT(large);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, base + 0x800, seL4_ReadWrite, DEFAULT_ATTR), seL4_AlignmentError);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, base + 8, seL4_ReadWrite, DEFAULT_ATTR), seL4_AlignmentError);
    EXPECT_ERR(seL4_RISCV_Page_Map(large, VSPACE, base + LARGE_PAGE_BYTES + PAGE_BYTES, seL4_ReadWrite,
                                   DEFAULT_ATTR),
               seL4_AlignmentError);
    EXPECT_ERR(seL4_RISCV_Page_Map(large, VSPACE, base + LARGE_PAGE_BYTES + LARGE_PAGE_BYTES / 2, seL4_ReadWrite,
                                   DEFAULT_ATTR),
               seL4_AlignmentError);
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(large, VSPACE, base + LARGE_PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    return NULL;
}

/* vaddr + size - 1 >= seL4_UserTop is InvalidArgument with MR0 = 0 (§5.2, §4 seL4_UserTop):
   the last 4 KiB page below the top maps and works, the page at the top does not, nor a 2 MiB
   frame that starts below the top but ends above it; PageTable_Map at the top is refused too. */
static const char *user_top(void)
{
    const seL4_Word last = seL4_UserTop - PAGE_BYTES;
    struct probe p;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, last, NULL));
    seL4_CPtr frame = memory_object(seL4_RISCV_4K_Page), table = memory_object(seL4_RISCV_PageTableObject);
    seL4_CPtr untyped = untyped_alloc(seL4_LargePageBits);
    EXPECT_SLOT(frame && table && untyped);
    seL4_CPtr large = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    EXPECT_SLOT(large);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, seL4_UserTop, seL4_ReadWrite, DEFAULT_ATTR), seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_ERR(seL4_RISCV_Page_Map(large, VSPACE, seL4_UserTop & ~(LARGE_PAGE_BYTES - 1), seL4_ReadWrite,
                                   DEFAULT_ATTR),
               seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_ERR(seL4_RISCV_PageTable_Map(table, VSPACE, seL4_UserTop, DEFAULT_ATTR), seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, last, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_STORE(&p, last + PAGE_BYTES - 8, 0x70b);
    EXPECT_LOAD(&p, last + PAGE_BYTES - 8, 0x70b);
    return NULL;
}

/* Kernel-window and non-canonical addresses (Sv39: bits 63..39 must equal bit 38) are
   InvalidArgument, MR0 = 0, for Page_Map and PageTable_Map (issue 5, point 2), including ones
   whose low 39 bits name a GiB where the tables exist; the frame then maps normally there. */
static const char *kernel_and_noncanonical(void)
{
    const seL4_Word base = GIB(21);
    const seL4_Word bad[] = {
        0xffffffc000000000ul, 0xffffffc080200000ul, 0xfffffffffffff000ul, 0x0000004000000000ul,
        0x0000008000000000ul, 0xffff800000000000ul, base | BIT(39),        base | BIT(50),
        base | BIT(63),
    };
    struct probe p;
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    seL4_CPtr frame = memory_object(seL4_RISCV_4K_Page), table = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(frame && table);
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        seL4_Error error = seL4_RISCV_Page_Map(frame, VSPACE, bad[i], seL4_ReadWrite, DEFAULT_ATTR);
        EXPECT(error == seL4_InvalidArgument && seL4_GetMR(0) == 0,
               "Page_Map at 0x%lx: %s (MR0 %lu), expected InvalidArgument (MR0 0)", bad[i], error_name(error),
               seL4_GetMR(0));
        error = seL4_RISCV_PageTable_Map(table, VSPACE, bad[i], DEFAULT_ATTR);
        EXPECT(error == seL4_InvalidArgument && seL4_GetMR(0) == 0,
               "PageTable_Map at 0x%lx: %s (MR0 %lu), expected InvalidArgument (MR0 0)", bad[i], error_name(error),
               seL4_GetMR(0));
    }
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_STORE(&p, base, 0xca11);
    EXPECT_LOAD(&p, base, 0xca11);
    return NULL;
}

/* A missing table is FailedLookup with the level (§3.1: MR0 = 0, MR1 = MissingCapability,
   MR2 = bitsLeft = seL4_MappingFailedLookupLevel()): 30 with no table below the root (for a
   4 KiB and a 2 MiB frame), 21 when only the 4 KiB-level table is missing; then it maps. */
static const char *lookup_level(void)
{
    const seL4_Word base = GIB(22);
    seL4_CPtr frame = memory_object(seL4_RISCV_4K_Page), untyped = untyped_alloc(seL4_LargePageBits);
    seL4_CPtr upper = memory_object(seL4_RISCV_PageTableObject), lower = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(frame && untyped && upper && lower);
    seL4_CPtr large = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    EXPECT_SLOT(large);
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), NO_TABLE_BELOW_ROOT);
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(large, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), NO_TABLE_BELOW_ROOT);
    EXPECT_OK(seL4_RISCV_PageTable_Map(upper, VSPACE, base, DEFAULT_ATTR));
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), NO_4K_TABLE);
    EXPECT(NO_4K_TABLE == SEL4_MAPPING_LOOKUP_NO_PT, "libsel4's SEL4_MAPPING_LOOKUP_NO_PT is %d",
           SEL4_MAPPING_LOOKUP_NO_PT);
    EXPECT_OK(seL4_RISCV_PageTable_Map(lower, VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    return NULL;
}

/* Mapping over a mapping is DeleteFirst (§5.2 "slot already valid"), also for an unmapped copy
   of the mapped frame and for a 2 MiB frame over a 2 MiB frame; the first mapping is unchanged
   and the refused frame maps elsewhere. */
static const char *over_a_mapping(void)
{
    const seL4_Word base = GIB(23);
    struct probe p;
    seL4_CPtr first, tables[2];
    TRY(probe_new(&p, 0));
    TRY(map_tables(VSPACE, base, tables));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &first));
    EXPECT_STORE(&p, base, 0xf125);
    seL4_CPtr second = memory_object(seL4_RISCV_4K_Page), copy = cap_copied(first, seL4_AllRights);
    EXPECT_SLOT(second && copy);
    EXPECT_ERR(seL4_RISCV_Page_Map(second, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), seL4_DeleteFirst);
    EXPECT_ERR(seL4_RISCV_Page_Map(copy, VSPACE, base, seL4_CanRead, DEFAULT_ATTR), seL4_DeleteFirst);
    EXPECT_LOAD(&p, base, 0xf125);
    EXPECT_STORE(&p, base, 0xf126); /* still writable: the refused read-only copy changed nothing */
    EXPECT_OK(seL4_RISCV_Page_Map(second, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0);
    seL4_CPtr untyped = untyped_alloc(seL4_LargePageBits + 1);
    EXPECT_SLOT(untyped);
    seL4_CPtr large1 = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    seL4_CPtr large2 = new_object(untyped, seL4_RISCV_Mega_Page, 0);
    EXPECT_SLOT(large1 && large2);
    EXPECT_OK(seL4_RISCV_Page_Map(large1, VSPACE, base + LARGE_PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_ERR(seL4_RISCV_Page_Map(large2, VSPACE, base + LARGE_PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
               seL4_DeleteFirst);
    return NULL;
}

/* Page_Map's checks come in the order §5.2 lists them: the VSpace argument before the address
   range, the range before the alignment, the alignment before the table lookup, and the lookup
   before "this frame is mapped elsewhere". */
static const char *check_order(void)
{
    const seL4_Word base = GIB(24), fresh = GIB(25);
    seL4_CPtr mapped, frame = memory_object(seL4_RISCV_4K_Page), unassigned = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(frame && unassigned);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, unassigned, seL4_UserTop + 0x800, seL4_ReadWrite, DEFAULT_ATTR),
               seL4_InvalidCapability);
    EXPECT_MR(0, 1);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, seL4_UserTop + 0x800, seL4_ReadWrite, DEFAULT_ATTR),
               seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, fresh + 0x800, seL4_ReadWrite, DEFAULT_ATTR), seL4_AlignmentError);
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, &mapped));
    EXPECT_LOOKUP_LEVEL(seL4_RISCV_Page_Map(mapped, VSPACE, fresh, seL4_ReadWrite, DEFAULT_ATTR), NO_TABLE_BELOW_ROOT);
    return NULL;
}

/* The VSpace argument of Page_Map and PageTable_Map must be an ASID-assigned top-level table
   (§5.2): a table without an ASID, a table mapped inside a VSpace, a frame and an endpoint are
   InvalidCapability with MR0 = 1. */
static const char *vspace_argument(void)
{
    const seL4_Word base = GIB(26);
    seL4_CPtr tables[2];
    TRY(map_tables(VSPACE, base, tables));
    seL4_CPtr frame = memory_object(seL4_RISCV_4K_Page), table = memory_object(seL4_RISCV_PageTableObject);
    seL4_CPtr unassigned = memory_object(seL4_RISCV_PageTableObject), other = memory_object(seL4_RISCV_4K_Page);
    seL4_CPtr endpoint = memory_object(seL4_EndpointObject);
    EXPECT_SLOT(frame && table && unassigned && other && endpoint);
    const seL4_CPtr bad[] = {unassigned, tables[0], tables[1], other, endpoint};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        seL4_Error error = seL4_RISCV_Page_Map(frame, bad[i], base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR);
        EXPECT(error == seL4_InvalidCapability && seL4_GetMR(0) == 1,
               "Page_Map with VSpace argument %u: %s (MR0 %lu), expected InvalidCapability (MR0 1)", i,
               error_name(error), seL4_GetMR(0));
        error = seL4_RISCV_PageTable_Map(table, bad[i], GIB(27), DEFAULT_ATTR);
        EXPECT(error == seL4_InvalidCapability && seL4_GetMR(0) == 1,
               "PageTable_Map with VSpace argument %u: %s (MR0 %lu), expected InvalidCapability (MR0 1)", i,
               error_name(error), seL4_GetMR(0));
    }
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_PageTable_Map(table, VSPACE, GIB(27), DEFAULT_ATTR));
    return NULL;
}

void run_map_rule_tests(void)
{
    vspace_test("VSPACE0006", misaligned);
    vspace_test("VSPACE0007", user_top);
    vspace_test("VSPACE0008", kernel_and_noncanonical);
    vspace_test("VSPACE0009", lookup_level);
    vspace_test("VSPACE0010", over_a_mapping);
    vspace_test("VSPACE0018", check_order);
    vspace_test("VSPACE0019", vspace_argument);
}
