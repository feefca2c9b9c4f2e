/* VSPACE, part 7: new VSpaces with threads in them (issue 5, point 1: every VSpace has an ASID
   and its own translations), frames shared between VSpaces by copying caps (§5.2), the TCB's
   VSpace argument (§5.2 TCB row), and deleting a VSpace or its pool before what is mapped in it
   (issue 5, point 2). In a new VSpace the probes run the code sites from a copied frame. */
#include "vspacetest.h"

#define DATA GIB(1)                     /* where the new VSpaces keep their data frame */
#define ROOT_BASE(n) GIB(4 + 2 * (n))   /* two GiB of the root task's VSpace per test */

/* A new VSpace with the code sites, tables at DATA and a new frame there; *frame is its cap. */
static const char *vspace_with_data(seL4_CPtr *vspace, seL4_CPtr tables[2], seL4_CPtr *frame)
{
    TRY(new_vspace(vspace));
    TRY(map_sites(*vspace));
    TRY(map_tables(*vspace, DATA, tables));
    return map_new_frame(*vspace, DATA, seL4_ReadWrite, DEFAULT_ATTR, frame);
}

/* A copy of `frame` mapped read-write in the root task's VSpace at base (tables made there). */
static const char *share_with_root(seL4_CPtr frame, seL4_Word base)
{
    seL4_CPtr copy = cap_copied(frame, seL4_AllRights);
    EXPECT(copy != 0, "a mapped frame cap does not copy");
    TRY(map_tables(VSPACE, base, NULL));
    seL4_Error error = seL4_RISCV_Page_Map(copy, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR);
    EXPECT(error == seL4_NoError, "set-up: Page_Map of the copy at 0x%lx failed with %s", base, error_name(error));
    return NULL;
}

/* A thread moved into a new VSpace with TCB_SetSpace runs code from a copied frame there and
   shares a frame with the root task through a copy of its cap: each sees what the other stored. */
static const char *thread_in_new_vspace(void)
{
    const seL4_Word base = ROOT_BASE(0);
    seL4_CPtr vspace, frame;
    struct probe inside, outside;
    TRY(vspace_with_data(&vspace, NULL, &frame));
    TRY(share_with_root(frame, base));
    TRY(probe_new(&inside, vspace));
    TRY(probe_new(&outside, 0));
    EXPECT_STORE(&inside, DATA, 0xee01);
    EXPECT_LOAD(&outside, base, 0xee01);
    EXPECT_STORE(&outside, base + 8, 0xee02);
    EXPECT_LOAD(&inside, DATA + 8, 0xee02);
    return NULL;
}

/* VSpaces are separate: two threads in two VSpaces read different frames at the same vaddr,
   in turn, each always its own (a translation cached for one ASID never serves the other); an
   address mapped only in the root task's VSpace, and its bootinfo page, fault in a new one. */
static const char *separate_vspaces(void)
{
    const seL4_Word base = ROOT_BASE(1);
    seL4_CPtr vspaces[2], frames[2];
    struct probe probes[2], outside;
    TRY(probe_new(&outside, 0));
    for (int i = 0; i < 2; i++) {
        TRY(vspace_with_data(&vspaces[i], NULL, &frames[i]));
        TRY(share_with_root(frames[i], base + GIB(i)));
        EXPECT_STORE(&outside, base + GIB(i), 0xee10 + (seL4_Word)i);
        TRY(probe_new(&probes[i], vspaces[i]));
    }
    for (int round = 0; round < 3; round++) {
        EXPECT_LOAD(&probes[0], DATA, 0xee10);
        EXPECT_LOAD(&probes[1], DATA, 0xee11);
    }
    EXPECT_FAULT(&probes[0], LOAD, base);
    EXPECT_FAULT(&probes[1], LOAD, (seL4_Word)bootinfo());
    return NULL;
}

/* A frame mapped in one VSpace is InvalidCapability (MR0 = 1) to map in another, at the same or
   another vaddr (§5.2 "mapped in another ASID"); a copy of its cap maps; after Unmap it maps. */
static const char *frame_in_other_asid(void)
{
    const seL4_Word base = ROOT_BASE(2);
    seL4_CPtr vspace, frame, tables[2];
    TRY(new_vspace(&vspace));
    TRY(map_tables(vspace, base, tables));
    TRY(map_tables(VSPACE, base, NULL));
    TRY(map_new_frame(vspace, base, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR), seL4_InvalidCapability);
    EXPECT_MR(0, 1);
    EXPECT_ERR(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR),
               seL4_InvalidCapability);
    EXPECT_MR(0, 1);
    seL4_CPtr copy = cap_copied(frame, seL4_AllRights);
    EXPECT_SLOT(copy);
    EXPECT_OK(seL4_RISCV_Page_Map(copy, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    return NULL;
}

/* A thread's VSpace must be a table with an ASID: TCB_SetSpace and TCB_Configure with an
   unassigned page table are IllegalOperation (§5.2 TCB row); once assigned it is accepted. */
static const char *tcb_needs_assigned_vspace(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_CPtr tcb = object_new(seL4_TCBObject), table = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(tcb && table);
    EXPECT_ERR(seL4_TCB_SetSpace(tcb, h.badged, ROOT, 0, table, 0), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(tcb, ROOT, 0, table, 0, 0, 0), seL4_IllegalOperation);
    EXPECT_OK(seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, table));
    EXPECT_OK(seL4_TCB_SetSpace(tcb, h.badged, ROOT, 0, table, 0));
    EXPECT_OK(seL4_TCB_Configure(tcb, ROOT, 0, table, 0, 0, 0));
    return NULL;
}

/* Deleting a VSpace root before what is mapped in it is safe (issue 5, point 2): its frame then
   unmaps and maps in the root task's VSpace with its contents, its tables unmap and map there. */
static const char *delete_vspace_first(void)
{
    const seL4_Word base = ROOT_BASE(3);
    seL4_CPtr vspace, frame, tables[2];
    struct probe inside, outside;
    TRY(vspace_with_data(&vspace, tables, &frame));
    TRY(probe_new(&inside, vspace));
    TRY(probe_new(&outside, 0));
    EXPECT_STORE(&inside, DATA, 0xee20);
    EXPECT_OK(seL4_TCB_Suspend(inside.t->tcb));
    EXPECT_OK(cap_delete(inside.t->tcb)); /* the thread may hold a reference to its VSpace */
    EXPECT_OK(cap_delete(vspace));
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_OK(seL4_RISCV_PageTable_Unmap(tables[1]));
    EXPECT_OK(seL4_RISCV_PageTable_Unmap(tables[0]));
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[0], VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_PageTable_Map(tables[1], VSPACE, base, DEFAULT_ATTR));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&outside, base, 0xee20);
    return NULL;
}

/* A VSpace whose caps go while a thread in it is blocked: the thread's next load still reads
   its frame (seL4's TCB holds a copy of the VSpace cap) or faults, but the kernel keeps running;
   after the thread is deleted too, the frame unmaps and maps in the root task's VSpace. */
static const char *delete_vspace_under_thread(void)
{
    const seL4_Word base = ROOT_BASE(4);
    seL4_CPtr vspace, frame;
    struct probe inside, outside;
    TRY(vspace_with_data(&vspace, NULL, &frame));
    TRY(probe_new(&inside, vspace));
    TRY(probe_new(&outside, 0));
    EXPECT_STORE(&inside, DATA, 0xee30);
    EXPECT_OK(cap_delete(vspace));
    seL4_MessageInfo_t info;
    TRY(probe_load(__LINE__, &inside, DATA, &info));
    seL4_Word label = seL4_MessageInfo_get_label(info);
    EXPECT((label == PROBE_LABEL && seL4_GetMR(0) == 0xee30) || label == seL4_Fault_VMFault,
           "after its VSpace cap was deleted the thread's load sent label %lu, MR0 0x%lx", label, seL4_GetMR(0));
    EXPECT_OK(cap_delete(inside.t->tcb));
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    TRY(map_tables(VSPACE, base, NULL));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&outside, base, 0xee30);
    return NULL;
}

/* Deleting an ASID pool detaches the VSpaces in it: mapping into one then fails (with an error,
   not a crash), while its frame unmaps and maps in the root task's VSpace with its contents;
   the pool's untyped, childless again, makes a new pool. */
static const char *delete_pool_first(void)
{
    const seL4_Word base = ROOT_BASE(5);
    seL4_CPtr untyped = untyped_alloc(seL4_ASIDPoolBits), pools = slots_alloc(2), frame, tables[2];
    seL4_CPtr vspace = memory_object(seL4_RISCV_PageTableObject), other = memory_object(seL4_RISCV_4K_Page);
    seL4_CPtr table = memory_object(seL4_RISCV_PageTableObject);
    EXPECT_SLOT(untyped && pools && vspace && other && table);
    EXPECT_OK(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, pools, ROOT_DEPTH));
    EXPECT_OK(seL4_RISCV_ASIDPool_Assign(pools, vspace));
    TRY(map_tables(vspace, DATA, tables));
    TRY(map_new_frame(vspace, DATA, seL4_ReadWrite, DEFAULT_ATTR, &frame));
    TRY(share_with_root(frame, base));
    struct probe outside;
    TRY(probe_new(&outside, 0));
    EXPECT_STORE(&outside, base, 0xee40);
    EXPECT_OK(cap_delete(pools));
    seL4_Error error = seL4_RISCV_Page_Map(other, vspace, DATA + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR);
    EXPECT(error != seL4_NoError, "Page_Map into a VSpace whose pool was deleted succeeded");
    error = seL4_RISCV_PageTable_Map(table, vspace, GIB(2), DEFAULT_ATTR);
    EXPECT(error != seL4_NoError, "PageTable_Map into a VSpace whose pool was deleted succeeded");
    EXPECT_OK(seL4_RISCV_Page_Unmap(frame));
    EXPECT_OK(seL4_RISCV_Page_Map(frame, VSPACE, base + PAGE_BYTES, seL4_ReadWrite, DEFAULT_ATTR));
    EXPECT_LOAD(&outside, base + PAGE_BYTES, 0xee40);
    EXPECT_OK(seL4_RISCV_ASIDControl_MakePool(seL4_CapASIDControl, untyped, ROOT, pools + 1, ROOT_DEPTH));
    return NULL;
}

void run_address_space_tests(void)
{
    vspace_test("VSPACE0047", thread_in_new_vspace);
    vspace_test("VSPACE0048", separate_vspaces);
    vspace_test("VSPACE0049", frame_in_other_asid);
    vspace_test("VSPACE0050", tcb_needs_assigned_vspace);
    vspace_test("VSPACE0051", delete_vspace_first);
    vspace_test("VSPACE0052", delete_vspace_under_thread);
    vspace_test("VSPACE0053", delete_pool_first);
}
