/* DELETE, part 2: CNodes that hold caps to themselves or to each other, and long chains of CNodes
   each holding the only cap to the next. Deleting them must neither crash the kernel nor recurse
   without bound (issue 3, §8.7); afterwards their untyped is whole and reusable. */
#include "objtest.h"

#define UT_BITS 12

/* The untyped is whole again (every object from it is gone) and a whole-size untyped fits. */
static const char *expect_whole(seL4_CPtr ut, unsigned size_bits)
{
    seL4_Word free = free_bytes(ut, size_bits);
    EXPECT(free == BIT(size_bits), "%lu of %lu bytes free", free, BIT(size_bits));
    seL4_CPtr reuse = slot_alloc();
    EXPECT_SLOT(reuse);
    EXPECT_OK(retype(ut, seL4_UntypedObject, size_bits, reuse));
    return NULL;
}

/* A CNode with a copy of its own cap in slot 0 (and an endpoint in slot 1): deleting the outside
   cap leaves it alive through itself; revoking its untyped destroys it. */
static const char *self_referential_cnode(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_CNode_Copy(cnode, 0, 2, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, cnode, 0, 0, 1, 1));
    EXPECT_OK(cap_delete(cnode));
    EXPECT_TAG(cnode, TAG_NULL);
    EXPECT(free_bytes(ut, UT_BITS) < BIT(UT_BITS), "the CNode died although it holds a cap to itself");
    EXPECT_OK(cap_revoke(ut));
    return expect_whole(ut, UT_BITS);
}

/* The CNode's only cap moved into the CNode itself, then its untyped revoked. */
static const char *cnode_holding_its_only_cap(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_CNode_Move(cnode, 3, 2, ROOT, cnode, ROOT_DEPTH));
    EXPECT_TAG(cnode, TAG_NULL);
    EXPECT_OK(cap_revoke(ut));
    return expect_whole(ut, UT_BITS);
}

/* Two CNodes holding each other's caps, their outside caps deleted, then their untyped revoked. */
static const char *two_cnodes_in_a_cycle(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr a = new_object(ut, seL4_CapTableObject, 2), b = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(a && b);
    EXPECT_OK(seL4_CNode_Copy(a, 0, 2, ROOT, b, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(b, 0, 2, ROOT, a, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(cap_delete(a));
    EXPECT_OK(cap_delete(b));
    EXPECT(free_bytes(ut, UT_BITS) < BIT(UT_BITS), "the cycle died although each holds the other");
    EXPECT_OK(cap_revoke(ut));
    return expect_whole(ut, UT_BITS);
}

/* Deleting a CNode's cap to itself from inside it, then its last outside cap: all gone. */
static const char *delete_the_self_cap_from_inside(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_CNode_Copy(cnode, 0, 2, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, cnode, 0, 0, 2, 1));
    EXPECT_OK(seL4_CNode_Delete(cnode, 0, 2));
    EXPECT_TAG(cnode, TAG_CNODE);
    EXPECT_OK(cap_delete(cnode));
    return expect_whole(ut, UT_BITS);
}

/* Revoke of a CNode cap whose only copy sits inside that CNode: the copy goes, the CNode stays
   and is still usable. */
static const char *revoke_the_self_cap(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), out = slot_alloc();
    EXPECT_SLOT(ut && out);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_CNode_Copy(cnode, 0, 2, ROOT, cnode, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(cap_revoke(cnode));
    EXPECT_TAG(cnode, TAG_CNODE);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 0, 2, seL4_AllRights), seL4_FailedLookup);
    EXPECT_OK(seL4_CNode_Copy(cnode, 1, 2, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 1, 2, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    return NULL;
}

/* `depth` radix-1 CNodes, each holding the only cap to the next in slot 0; the last one holds an
   endpoint in slot 1. On return only *top (a root slot) names the first CNode. */
static const char *build_chain(seL4_CPtr ut, seL4_Word depth, seL4_CPtr *top)
{
    seL4_CPtr first = slots_alloc(depth);
    EXPECT_SLOT(first);
    for (seL4_Word done = 0; done < depth;) {
        seL4_Word batch = depth - done < 256 ? depth - done : 256;
        EXPECT_OK(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, 0, 0, first + done, batch));
        done += batch;
    }
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, first + depth - 1, 0, 0, 1, 1));
    for (seL4_Word i = depth - 1; i > 0; i--) {
        EXPECT_OK(seL4_CNode_Move(first + i - 1, 0, 1, ROOT, first + i, ROOT_DEPTH));
    }
    for (seL4_Word i = 1; i < depth; i++) {
        EXPECT_TAG(first + i, TAG_NULL);
    }
    *top = first;
    return NULL;
}

/* Deleting the top cap of a chain destroys every CNode in it and the endpoint at the bottom. */
static const char *delete_chain(seL4_Word depth, unsigned ut_bits)
{
    seL4_CPtr ut = untyped_alloc(ut_bits), top = 0;
    EXPECT_SLOT(ut);
    const char *why = build_chain(ut, depth, &top);
    if (why != NULL) {
        return why;
    }
    EXPECT(free_bytes(ut, ut_bits) < BIT(ut_bits), "the chain used no memory");
    EXPECT_OK(cap_delete(top));
    EXPECT_TAG(top, TAG_NULL);
    return expect_whole(ut, ut_bits);
}

static const char *delete_chain_of_200(void)
{
    return delete_chain(200, 14); /* 200 x 64 bytes + an endpoint */
}

static const char *delete_chain_of_1000(void)
{
    return delete_chain(1000, 16);
}

/* The same chain destroyed by revoking its untyped instead. */
static const char *revoke_chain_of_200(void)
{
    seL4_CPtr ut = untyped_alloc(14), top = 0;
    EXPECT_SLOT(ut);
    const char *why = build_chain(ut, 200, &top);
    if (why != NULL) {
        return why;
    }
    EXPECT_OK(cap_revoke(ut));
    EXPECT_TAG(top, TAG_NULL);
    return expect_whole(ut, 14);
}

void run_cycle_tests(void)
{
    run_test("DELETE0011", self_referential_cnode);
    run_test("DELETE0012", cnode_holding_its_only_cap);
    run_test("DELETE0013", two_cnodes_in_a_cycle);
    run_test("DELETE0014", delete_the_self_cap_from_inside);
    run_test("DELETE0015", revoke_the_self_cap);
    run_test("DELETE0016", delete_chain_of_200);
    run_test("DELETE0017", revoke_chain_of_200);
    run_test("DELETE0018", delete_chain_of_1000);
}
