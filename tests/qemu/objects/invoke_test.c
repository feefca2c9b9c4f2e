/* INVOKE: a method invoked on the wrong kind of object. A label that the invoked cap's type does
   not know is IllegalOperation; an empty slot is InvalidCapability with MR0 = 0 (§12.2). Endpoint,
   notification and reply caps are never invoked with Write here: a Call on them is IPC. */
#include "objtest.h"

/* CNode methods on an untyped cap, Retype on a CNode cap. */
static const char *swapped_methods(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(ut && dest);
    EXPECT_ERR(seL4_CNode_Copy(ut, dest, ROOT_DEPTH, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights),
               seL4_IllegalOperation);
    EXPECT_ERR(seL4_CNode_Delete(ut, dest, ROOT_DEPTH), seL4_IllegalOperation);
    EXPECT_ERR(seL4_Untyped_Retype(ROOT, seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_TAG(ut, TAG_UNTYPED);
    return NULL;
}

/* Every other kind of initial cap rejects CNode and Untyped labels. */
static const char *initial_caps_reject_foreign_labels(void)
{
    seL4_BootInfo *bi = bootinfo();
    const seL4_CPtr caps[] = {seL4_CapInitThreadTCB, seL4_CapInitThreadVSpace, seL4_CapIRQControl,
                              seL4_CapASIDControl, seL4_CapInitThreadASIDPool, seL4_CapBootInfoFrame,
                              seL4_CapDomain, seL4_CapInitThreadSC, bi->schedcontrol.start};
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(dest);
    for (unsigned i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        seL4_Error copy = seL4_CNode_Copy(caps[i], dest, ROOT_DEPTH, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH,
                                          seL4_AllRights);
        EXPECT(copy == seL4_IllegalOperation, "CNode_Copy on cap %lu: %s", caps[i], error_name(copy));
        seL4_Error retyped = seL4_Untyped_Retype(caps[i], seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1);
        EXPECT(retyped == seL4_IllegalOperation, "Untyped_Retype on cap %lu: %s", caps[i], error_name(retyped));
    }
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Objects made by Retype reject foreign labels as well: TCB, frame, page table, SchedContext. */
static const char *new_objects_reject_foreign_labels(void)
{
    seL4_CPtr ut = untyped_alloc(14);
    EXPECT_SLOT(ut);
    const seL4_Word types[] = {seL4_TCBObject, seL4_RISCV_4K_Page, seL4_RISCV_PageTableObject,
                               seL4_SchedContextObject};
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(dest);
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
        seL4_CPtr object = new_object(ut, types[i], seL4_MinSchedContextBits);
        EXPECT_SLOT(object);
        seL4_Error error = seL4_CNode_Move(object, dest, ROOT_DEPTH, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH);
        EXPECT(error == seL4_IllegalOperation, "CNode_Move on type %lu: %s", types[i], error_name(error));
        error = seL4_Untyped_Retype(object, seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1);
        EXPECT(error == seL4_IllegalOperation, "Untyped_Retype on type %lu: %s", types[i], error_name(error));
    }
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_TAG(seL4_CapInitThreadTCB, TAG_THREAD);
    return NULL;
}

/* Invoking an empty slot (slot 0, or any empty slot): InvalidCapability, MR0 = 0 (§12.2). */
static const char *empty_slot_is_invalid(void)
{
    seL4_CPtr empty = slot_alloc(), dest = slot_alloc();
    EXPECT_SLOT(dest);
    EXPECT_ERR(seL4_CNode_Copy(empty, 0, 1, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights),
               seL4_InvalidCapability);
    EXPECT_MR(0, 0);
    EXPECT_ERR(seL4_Untyped_Retype(seL4_CapNull, seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1),
               seL4_InvalidCapability);
    EXPECT_MR(0, 0);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* An endpoint or notification cap without Write, invoked with any label: InvalidCapability,
   MR0 = 0 (§12.1); nothing is sent, so no IPC is needed. */
static const char *read_only_endpoint_is_invalid(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = new_object(ut, seL4_NotificationObject, 0);
    seL4_CPtr ep_read = slot_alloc(), ntfn_read = slot_alloc(), dest = slot_alloc();
    EXPECT_SLOT(ep && ntfn && dest);
    EXPECT_OK(cap_copy(ep_read, ep, seL4_NoWrite));
    EXPECT_OK(cap_copy(ntfn_read, ntfn, seL4_CanRead));
    EXPECT_ERR(seL4_CNode_Delete(ep_read, 0, ROOT_DEPTH), seL4_InvalidCapability);
    EXPECT_MR(0, 0);
    EXPECT_ERR(seL4_Untyped_Retype(ntfn_read, seL4_EndpointObject, 0, ROOT, 0, 0, dest, 1),
               seL4_InvalidCapability);
    EXPECT_MR(0, 0);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* A Call with a label and two argument words, read back as seL4's stubs do (§3.1). */
static seL4_Error call_with_label(seL4_CPtr cap, seL4_Word label)
{
    seL4_SetMR(0, 5);
    seL4_SetMR(1, ROOT_DEPTH);
    seL4_MessageInfo_t reply = seL4_Call(cap, seL4_MessageInfo_new(label, 0, 0, 2));
    return (seL4_Error)seL4_MessageInfo_get_label(reply);
}

/* Labels outside the CNode range (0 = InvalidInvocation, other objects' labels, labels past
   the last one) on a CNode cap and on an untyped cap. */
static const char *unknown_labels(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    const seL4_Word labels[] = {InvalidInvocation, TCBSuspend, RISCVPageMap, nArchInvocationLabels, 4000};
    for (unsigned i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        seL4_Error on_cnode = call_with_label(ROOT, labels[i]);
        EXPECT(on_cnode == seL4_IllegalOperation, "label %lu on a CNode: %s", labels[i], error_name(on_cnode));
        seL4_Error on_untyped = call_with_label(ut, labels[i]);
        EXPECT(on_untyped == seL4_IllegalOperation, "label %lu on an untyped: %s", labels[i],
               error_name(on_untyped));
    }
    EXPECT_TAG(ROOT, TAG_CNODE);
    return NULL;
}

void run_invoke_tests(void)
{
    run_test("INVOKE0001", swapped_methods);
    run_test("INVOKE0002", initial_caps_reject_foreign_labels);
    run_test("INVOKE0003", new_objects_reject_foreign_labels);
    run_test("INVOKE0004", empty_slot_is_invalid);
    run_test("INVOKE0005", unknown_labels);
    /* Last: a kernel that forgot to mask the rights would turn this Call into a blocking send. */
    run_test("INVOKE0006", read_only_endpoint_is_invalid);
}
