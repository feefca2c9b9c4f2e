/* REVOKE: Revoke deletes every capability derived from a slot's cap, its CDT descendants, and
   never the cap itself (§8.7). */
#include "objtest.h"

/* Revoke of an (unbadged, original) endpoint cap deletes its copies, its badged mints and their
   copies; the cap itself stays and still works. */
static const char *revoke_endpoint(void)
{
    seL4_CPtr ut = untyped_alloc(12), derived = slots_alloc(4);
    EXPECT_SLOT(ut && derived);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(ep);
    EXPECT_OK(cap_copy(derived, ep, seL4_AllRights));
    EXPECT_OK(cap_mint(derived + 1, ep, seL4_AllRights, 1));
    EXPECT_OK(cap_mint(derived + 2, ep, seL4_CanWrite, 2));
    EXPECT_OK(cap_copy(derived + 3, derived + 1, seL4_AllRights));
    EXPECT_OK(cap_revoke(ep));
    EXPECT_TAG(ep, TAG_ENDPOINT);
    for (seL4_CPtr slot = derived; slot < derived + 4; slot++) {
        EXPECT_TAG(slot, TAG_NULL);
    }
    EXPECT_OK(cap_mint(derived, ep, seL4_AllRights, 3));
    return NULL;
}

/* Revoke of a badged cap deletes the copies of that badge only (seL4's CDT: a badged mint is
   the parent of its copies); other badges, the original and its unbadged copy stay. */
static const char *revoke_badged_endpoint(void)
{
    seL4_CPtr ut = untyped_alloc(12), caps = slots_alloc(5);
    EXPECT_SLOT(ut && caps);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(ep);
    seL4_CPtr one = caps, one_copy = caps + 1, two = caps + 2, two_copy = caps + 3, plain = caps + 4;
    EXPECT_OK(cap_mint(one, ep, seL4_AllRights, 1));
    EXPECT_OK(cap_copy(one_copy, one, seL4_AllRights));
    EXPECT_OK(cap_mint(two, ep, seL4_AllRights, 2));
    EXPECT_OK(cap_copy(two_copy, two, seL4_AllRights));
    EXPECT_OK(cap_copy(plain, ep, seL4_AllRights));
    EXPECT_OK(cap_revoke(one));
    EXPECT_TAG(one, TAG_ENDPOINT);
    EXPECT_TAG(one_copy, TAG_NULL);
    EXPECT_TAG(two, TAG_ENDPOINT);
    EXPECT_TAG(two_copy, TAG_ENDPOINT);
    EXPECT_TAG(plain, TAG_ENDPOINT);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    return NULL;
}

/* Revoke with nothing to revoke succeeds: a cap without descendants stays; an empty slot is
   fine too, like Delete of an empty slot. */
static const char *revoke_without_descendants(void)
{
    seL4_CPtr ut = untyped_alloc(12), empty = slot_alloc();
    EXPECT_SLOT(ut && empty);
    seL4_CPtr tcb = new_object(ut, seL4_TCBObject, 0);
    EXPECT_SLOT(tcb);
    EXPECT_OK(cap_revoke(tcb));
    EXPECT_TAG(tcb, TAG_THREAD);
    EXPECT_OK(cap_revoke(empty));
    EXPECT_TAG(empty, TAG_NULL);
    EXPECT_OK(cap_revoke(ut)); /* deletes the TCB, keeps the untyped */
    EXPECT_TAG(tcb, TAG_NULL);
    EXPECT_TAG(ut, TAG_UNTYPED);
    return NULL;
}

/* Revoke of a CNode cap deletes its copies; the CNode and what it holds stay. */
static const char *revoke_cnode(void)
{
    seL4_CPtr ut = untyped_alloc(12), copies = slots_alloc(2), out = slot_alloc();
    EXPECT_SLOT(ut && out);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(cnode);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, cnode, 0, 0, 1, 1));
    EXPECT_OK(cap_copy(copies, cnode, seL4_AllRights));
    EXPECT_OK(cap_mint(copies + 1, cnode, seL4_AllRights, seL4_CNode_CapData_new(0, 3).words[0]));
    EXPECT_OK(cap_revoke(cnode));
    EXPECT_TAG(copies, TAG_NULL);
    EXPECT_TAG(copies + 1, TAG_NULL);
    EXPECT_TAG(cnode, TAG_CNODE);
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 1, 2, seL4_AllRights));
    EXPECT_TAG(out, TAG_ENDPOINT);
    return NULL;
}

/* Revoke of an untyped deletes its objects wherever their caps are, here inside a CNode made
   from another untyped; that CNode stays. */
static const char *revoke_untyped_reaches_other_cnodes(void)
{
    seL4_CPtr ut = untyped_alloc(12), other = untyped_alloc(12), out = slot_alloc();
    EXPECT_SLOT(ut && other && out);
    seL4_CPtr cnode = new_object(other, seL4_CapTableObject, 2);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(cnode && ep);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, cnode, 0, 0, 0, 1));
    EXPECT_OK(seL4_CNode_Copy(cnode, 1, 2, ROOT, ep, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(cap_revoke(ut));
    EXPECT_TAG(ep, TAG_NULL);
    EXPECT_TAG(cnode, TAG_CNODE);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 0, 2, seL4_AllRights), seL4_FailedLookup);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 1, 2, seL4_AllRights), seL4_FailedLookup);
    EXPECT(free_bytes(ut, 12) == BIT(12), "objects of the revoked untyped survived");
    return NULL;
}

void run_revoke_tests(void)
{
    run_test("REVOKE0001", revoke_endpoint);
    run_test("REVOKE0002", revoke_badged_endpoint);
    run_test("REVOKE0003", revoke_without_descendants);
    run_test("REVOKE0004", revoke_cnode);
    run_test("REVOKE0005", revoke_untyped_reaches_other_cnodes);
}
