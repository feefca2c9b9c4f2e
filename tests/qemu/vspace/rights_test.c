/* VSPACE, part 3: mapping rights and attributes (§3.2 frame rights, §4 seL4_RISCV_ExecuteNever,
   §5.2 Page_Map) and the VM faults that enforce them (§8.6, §12.11: FSR 7 for a store, 1 with
   PrefetchFault 1 for a fetch, 5 for a load). Each test maps in its own GiB (40 and up). */
#include "vspacetest.h"

/* A read-write frame at base with `value` stored through it by the probe. */
static const char *frame_with_value(struct probe *p, seL4_Word base, seL4_Word value, seL4_CPtr *frame)
{
    TRY(probe_new(p, 0));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR, frame));
    EXPECT_STORE(p, base, value);
    return NULL;
}

/* Calling Page_Map again with the same VSpace and vaddr changes the mapping's rights (§5.2):
   read-write, then read-only (a store faults with FSR 7, the old translation is gone), then
   read-write again. */
static const char *remap_changes_rights(void)
{
    const seL4_Word base = GIB(40);
    struct probe p;
    seL4_CPtr frame;
    TRY(frame_with_value(&p, base, 0xaa01, &frame));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_CanRead, DEFAULT_ATTR));
    EXPECT_FAULT(&p, STORE, base);
    EXPECT_LOAD(&p, base, 0xaa01);
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_STORE(&p, base, 0xaa02);
    EXPECT_LOAD(&p, base, 0xaa02);
    return NULL;
}

/* A read-only mapping (rights CanRead, §3.2): loads see the frame, a store sends a VMFault with
   IP = the store, Addr = the target, PrefetchFault 0 and FSR 7, and changes nothing. */
static const char *read_only(void)
{
    const seL4_Word base = GIB(41);
    struct probe p;
    seL4_CPtr frame;
    TRY(frame_with_value(&p, base, 0xaa03, &frame));
    seL4_CPtr copy = cap_copied(frame, seL4_AllRights);
    EXPECT_SLOT(copy);
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, base + PAGE_BYTES, seL4_CanRead, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0xaa03);
    EXPECT_FAULT(&p, STORE, base + PAGE_BYTES + 16);
    EXPECT_LOAD(&p, base + 16, 0);
    EXPECT_LOAD(&p, base, 0xaa03);
    return NULL;
}

/* Write-only rights are refused (issue 5, point 2; §3.2: a write-only mapping gives no user
   access): Page_Map with CanWrite either fails, or maps a page that user code can neither store
   to (FSR 7) nor load from (FSR 5). Both with and without ExecuteNever; the frame is unchanged. */
static const char *write_only(void)
{
    const seL4_Word base = GIB(42);
    const seL4_Word attrs[] = {DEFAULT_ATTR, NX_ATTR};
    struct probe p;
    seL4_CPtr frame;
    TRY(frame_with_value(&p, base, 0xaa04, &frame));
    for (int i = 0; i < 2; i++) {
        seL4_Word vaddr = base + (seL4_Word)(i + 1) * PAGE_BYTES;
        seL4_CPtr copy = cap_copied(frame, seL4_AllRights);
        EXPECT_SLOT(copy);
        (void)seL4_RISCV_Page_Map(copy, VSPACE, vaddr, seL4_CanWrite, (seL4_RISCV_VMAttributes)attrs[i]);
        EXPECT_FAULT(&p, STORE, vaddr);
        EXPECT_FAULT(&p, LOAD, vaddr);
    }
    EXPECT_LOAD(&p, base, 0xaa04);
    return NULL;
}

/* A frame cap copied with Read only maps read-only even when Page_Map asks for ReadWrite: the
   mapping gets the cap's rights masked by the requested ones, and a mask only removes rights
   (§3.2). */
static const char *cap_rights_limit_mapping(void)
{
    const seL4_Word base = GIB(43);
    struct probe p;
    seL4_CPtr frame;
    TRY(frame_with_value(&p, base, 0xaa05, &frame));
    seL4_CPtr reader = cap_copied(frame, seL4_CanRead);
    EXPECT(reader != 0, "a frame cap does not copy with rights CanRead");
    EXPECT_OK(seL4_RISCV_Page_Map(reader, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&p, base + PAGE_BYTES, 0xaa05);
    EXPECT_FAULT(&p, STORE, base + PAGE_BYTES);
    EXPECT_OK(seL4_RISCV_Page_Map(reader, VSPACE, base + PAGE_BYTES, seL4_AllRights, DEFAULT_ATTR));
    EXPECT_FAULT(&p, STORE, base + PAGE_BYTES);
    return NULL;
}

/* Code in a frame mapped with the default attributes runs, read-write or read-only; mapped with
   seL4_RISCV_ExecuteNever the same code is readable but a jump to it sends a VMFault with IP =
   Addr = its address, PrefetchFault 1, FSR 1 (§4, §8.6, §12.11). */
static const char *execute_never(void)
{
    const seL4_Word base = GIB(44);
    struct probe p;
    seL4_CPtr frame;
    TRY(frame_with_value(&p, base, CODE_ECALL_LOOP, &frame));
    EXPECT_FETCH(&p, base);
    seL4_CPtr read_exec = cap_copied(frame, seL4_AllRights), no_exec = cap_copied(frame, seL4_AllRights);
    EXPECT_SLOT(read_exec && no_exec);
    EXPECT_OK(seL4_RISCV_Page_Map(read_exec, VSPACE, base + PAGE_BYTES, seL4_CanRead, DEFAULT_ATTR));
    EXPECT_FETCH(&p, base + PAGE_BYTES);
    EXPECT_OK(seL4_RISCV_Page_Map(no_exec, VSPACE, base + 2 * PAGE_BYTES, seL4_ReadWrite, NX_ATTR));
    EXPECT_LOAD(&p, base + 2 * PAGE_BYTES, CODE_ECALL_LOOP);
    EXPECT_FAULT(&p, FETCH, base + 2 * PAGE_BYTES);
    return NULL;
}

void run_rights_tests(void)
{
    vspace_test("VSPACE0011", remap_changes_rights);
    vspace_test("VSPACE0012", read_only);
    vspace_test("VSPACE0013", write_only);
    vspace_test("VSPACE0014", cap_rights_limit_mapping);
    vspace_test("VSPACE0015", execute_never);
}
