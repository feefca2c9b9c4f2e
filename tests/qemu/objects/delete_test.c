/* DELETE: deleting the last cap of an object destroys it (§8.7), observed through its untyped:
   once nothing of it is left, the untyped reports all its bytes free again (NotEnoughMemory
   MR0, §3.1) and can be retyped whole. Objects are never used for IPC or run. */
#include "objtest.h"

#define UT_BITS 12

/* The object's last cap goes; the slot is empty and the untyped is whole and reusable. */
static const char *delete_last_cap(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr object = new_object(ut, type, size_bits);
    EXPECT_SLOT(object);
    EXPECT(free_bytes(ut, UT_BITS) < BIT(UT_BITS), "type %lu used no memory", type);
    EXPECT_OK(cap_delete(object));
    EXPECT_TAG(object, TAG_NULL);
    seL4_Word free = free_bytes(ut, UT_BITS);
    EXPECT(free == BIT(UT_BITS), "type %lu: %lu bytes free after its deletion", type, free);
    EXPECT_OK(retype(ut, seL4_UntypedObject, UT_BITS, object));
    return NULL;
}

static const char *delete_endpoint(void)
{
    return delete_last_cap(seL4_EndpointObject, 0);
}

static const char *delete_notification(void)
{
    return delete_last_cap(seL4_NotificationObject, 0);
}

/* A TCB that never ran: deleting it suspends and unlinks it (§8.7) without touching the caller. */
static const char *delete_tcb(void)
{
    return delete_last_cap(seL4_TCBObject, 0);
}

static const char *delete_cnode(void)
{
    return delete_last_cap(seL4_CapTableObject, 4);
}

static const char *delete_other_objects(void)
{
    static const struct {
        seL4_Word type, size_bits;
    } kinds[] = {{seL4_SchedContextObject, 8}, {seL4_ReplyObject, 0},        {seL4_RISCV_4K_Page, 0},
                 {seL4_RISCV_PageTableObject, 0}, {seL4_UntypedObject, 10}};
    for (unsigned i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const char *why = delete_last_cap(kinds[i].type, kinds[i].size_bits);
        if (why != NULL) {
            return why;
        }
    }
    return NULL;
}

/* Deleting a cap that is not the last one leaves the object: its copy still names it, and its
   memory stays allocated until the copy goes too. */
static const char *delete_a_copy_keeps_the_object(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), copy = slot_alloc();
    EXPECT_SLOT(ut && copy);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(ep);
    EXPECT_OK(cap_copy(copy, ep, seL4_AllRights));
    EXPECT_OK(cap_delete(ep));
    EXPECT_TAG(copy, TAG_ENDPOINT);
    EXPECT(free_bytes(ut, UT_BITS) == BIT(UT_BITS) - BIT(seL4_EndpointBits), "the endpoint's memory was freed");
    EXPECT_OK(cap_delete(copy));
    EXPECT(free_bytes(ut, UT_BITS) == BIT(UT_BITS), "the endpoint's memory is still in use");
    return NULL;
}

/* Deleting a CNode deletes the caps in it (§8.7, issue 3): the endpoint retyped into it was its
   only cap, so it is destroyed as well. */
static const char *delete_cnode_with_contents(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, cnode, 0, 0, 1, 1));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_TCBObject, 0, cnode, 0, 0, 3, 1));
    EXPECT_OK(cap_delete(cnode));
    EXPECT_TAG(cnode, TAG_NULL);
    EXPECT(free_bytes(ut, UT_BITS) == BIT(UT_BITS), "objects inside the CNode survived it");
    return NULL;
}

/* A CNode holding a copy of an untyped: while the copy exists the untyped has a child and cannot
   be copied (RevokeFirst, §8.5); deleting the CNode deletes the copy, and then it can. */
static const char *delete_cnode_holding_an_untyped(void)
{
    seL4_CPtr holder_ut = untyped_alloc(UT_BITS), ut = untyped_alloc(UT_BITS), dest = slot_alloc();
    EXPECT_SLOT(holder_ut && ut && dest);
    seL4_CPtr cnode = new_object(holder_ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_CNode_Copy(cnode, 0, 2, ROOT, ut, ROOT_DEPTH, seL4_AllRights));
    EXPECT_ERR(cap_copy(dest, ut, seL4_AllRights), seL4_RevokeFirst);
    EXPECT_OK(cap_delete(cnode));
    EXPECT_OK(cap_copy(dest, ut, seL4_AllRights));
    EXPECT_TAG(dest, TAG_UNTYPED);
    return NULL;
}

/* Deleting a CNode that holds a copy of an endpoint deletes only the copy. */
static const char *delete_cnode_holding_a_copy(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(ep && cnode);
    EXPECT_OK(seL4_CNode_Copy(cnode, 2, 2, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(cap_delete(cnode));
    EXPECT_TAG(ep, TAG_ENDPOINT);
    EXPECT_OK(cap_cancel_badged_sends(ep)); /* still a working endpoint cap */
    return NULL;
}

/* Across untypeds: a CNode from one untyped holds the only cap of a TCB from another. Revoking
   the first untyped destroys the CNode, hence the TCB, and the second untyped is whole again. */
static const char *revoke_reaches_other_untypeds(void)
{
    seL4_CPtr first = untyped_alloc(UT_BITS), second = untyped_alloc(UT_BITS);
    EXPECT_SLOT(first && second);
    seL4_CPtr cnode = new_object(first, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_Untyped_Retype(second, seL4_TCBObject, 0, cnode, 0, 0, 0, 1));
    EXPECT(free_bytes(second, UT_BITS) == BIT(UT_BITS) - BIT(seL4_TCBBits), "the TCB used no memory");
    EXPECT_OK(cap_revoke(first));
    EXPECT_TAG(cnode, TAG_NULL);
    EXPECT(free_bytes(second, UT_BITS) == BIT(UT_BITS), "the TCB outlived the CNode holding its only cap");
    EXPECT(free_bytes(first, UT_BITS) == BIT(UT_BITS), "the CNode outlived the Revoke");
    return NULL;
}

void run_delete_tests(void)
{
    run_test("DELETE0001", delete_endpoint);
    run_test("DELETE0002", delete_notification);
    run_test("DELETE0003", delete_tcb);
    run_test("DELETE0004", delete_cnode);
    run_test("DELETE0005", delete_other_objects);
    run_test("DELETE0006", delete_a_copy_keeps_the_object);
    run_test("DELETE0007", delete_cnode_with_contents);
    run_test("DELETE0008", delete_cnode_holding_an_untyped);
    run_test("DELETE0009", delete_cnode_holding_a_copy);
    run_test("DELETE0010", revoke_reaches_other_untypeds);
}
