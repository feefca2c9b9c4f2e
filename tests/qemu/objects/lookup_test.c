/* LOOKUP: CSpace addressing (§6) and the lookup-failure details of FailedLookup (§3.1): MR0 =
   source flag, MR1 = failure type, then bitsLeft and, for DepthMismatch, bitsFound, for
   GuardMismatch guardFound and bitsFound (MR4, read from the IPC buffer). */
#include "objtest.h"

#define ROOT_GUARD_BITS (64 - 12)

/* On the root CNode a depth of 12 (its radix) is a guard mismatch: the 52 guard bits do not fit
   in 12 (§6, §12.6). Destination lookup: MR0 = 0. */
static const char *root_depth_12_is_a_guard_mismatch(void)
{
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(dest);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, 12, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights),
               seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_MR(2, 12);               /* bitsLeft */
    EXPECT_MR(4, ROOT_GUARD_BITS);  /* bitsFound: the guard's size */
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* The same through the source lookup: MR0 = 1. */
static const char *source_guard_mismatch(void)
{
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(dest);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, seL4_CapInitThreadTCB, 12, seL4_AllRights),
               seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_MR(2, 12);
    EXPECT_MR(4, ROOT_GUARD_BITS);
    return NULL;
}

/* At depth 64, any bit set above the root's 12 index bits breaks the guard (§6). */
static const char *nonzero_guard_bits(void)
{
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(dest);
    EXPECT_ERR(cap_copy(BIT(12) | dest, seL4_CapInitThreadTCB, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_MR(2, 64);
    EXPECT_MR(4, ROOT_GUARD_BITS);
    EXPECT_ERR(cap_copy(dest, BIT(63) | seL4_CapInitThreadTCB, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* A CNode minted with guard 0x2A of 6 bits (radix 4) resolves depth-10 indices that carry the
   guard, and reports GuardMismatch (bitsLeft 10, bitsFound 6) for any other guard (§6). */
static const char *minted_guard(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr guarded = slot_alloc(), out = slot_alloc();
    EXPECT_SLOT(cnode && out);
    EXPECT_OK(cap_mint(guarded, cnode, seL4_AllRights, seL4_CNode_CapData_new(0x2a, 6).words[0]));
    EXPECT_OK(seL4_CNode_Copy(guarded, (0x2a << 4) | 3, 10, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH,
                              seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 3, 4, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    EXPECT_ERR(seL4_CNode_Delete(guarded, (0x15 << 4) | 3, 10), seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_MR(2, 10);
    EXPECT_MR(4, 6);
    return NULL;
}

/* GuardMismatch's guardFound (MR3) is the guard of the CNode cap that did not match, as seL4's
   resolveAddressBits reports it: 0 for the root, 0x2A for the minted CNode. */
static const char *guard_found_is_the_cnode_guard(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr guarded = slot_alloc(), empty = slot_alloc();
    EXPECT_SLOT(cnode && empty);
    EXPECT_ERR(cap_delete(BIT(20) | empty), seL4_FailedLookup);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_MR(3, 0);
    EXPECT_OK(cap_mint(guarded, cnode, seL4_AllRights, seL4_CNode_CapData_new(0x2a, 6).words[0]));
    EXPECT_ERR(seL4_CNode_Delete(guarded, (0x15 << 4) | 3, 10), seL4_FailedLookup);
    EXPECT_MR(1, seL4_GuardMismatch);
    EXPECT_MR(3, 0x2a);
    return NULL;
}

/* On an unguarded CNode, a depth smaller than its radix is a DepthMismatch that reports
   bitsLeft = depth and bitsFound = radix (§6, §12.6), for destination and source alike. */
static const char *unguarded_depth_mismatch(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(cnode && dest);
    EXPECT_ERR(seL4_CNode_Copy(cnode, 3, 3, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights),
               seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 3);
    EXPECT_MR(3, 4);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 3, 3, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 3);
    EXPECT_MR(3, 4);
    return NULL;
}

/* A depth beyond the last CNode must still be consumed exactly (§6): resolving 5 bits in a
   radix-4 CNode ends on a slot that is not a CNode (an endpoint, or empty) with 1 bit left. */
static const char *depth_past_a_leaf(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(cnode && dest);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, cnode, 0, 0, 3, 1));
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, (3 << 1) | 1, 5, seL4_AllRights),
               seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 1);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 5 << 1, 5, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 1);
    EXPECT_OK(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, cnode, 3, 4, seL4_AllRights));
    EXPECT_TAG(dest, TAG_ENDPOINT);
    return NULL;
}

/* Explicit depths must be 1..64: 0 and 65 are RangeError [1, 64] (§6), on every lookup. */
static const char *depth_out_of_range(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr dest = slot_alloc(), tcb = seL4_CapInitThreadTCB;
    EXPECT_SLOT(dest);
    EXPECT_RANGE(seL4_CNode_Copy(ROOT, dest, 0, ROOT, tcb, ROOT_DEPTH, seL4_AllRights), 1, 64);
    EXPECT_RANGE(seL4_CNode_Copy(ROOT, dest, 65, ROOT, tcb, ROOT_DEPTH, seL4_AllRights), 1, 64);
    EXPECT_RANGE(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, tcb, 0, seL4_AllRights), 1, 64);
    EXPECT_RANGE(seL4_CNode_Mint(ROOT, dest, ROOT_DEPTH, ROOT, tcb, 65, seL4_AllRights, 0), 1, 64);
    EXPECT_RANGE(seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, ROOT, tcb, 0), 1, 64);
    EXPECT_RANGE(seL4_CNode_Delete(ROOT, dest, 0), 1, 64);
    EXPECT_RANGE(seL4_CNode_Revoke(ROOT, dest, 65), 1, 64);
    EXPECT_RANGE(seL4_CNode_CancelBadgedSends(ROOT, dest, 0), 1, 64);
    EXPECT_RANGE(seL4_CNode_Rotate(ROOT, dest, ROOT_DEPTH, 0, ROOT, tcb, 0, 0, ROOT, ut, ROOT_DEPTH), 1, 64);
    /* node_depth 0 means "the root itself" for Retype, so only 65 is out of range. */
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, dest, 65, 0, 1), 1, 64);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_TAG(tcb, TAG_THREAD);
    return NULL;
}

/* A root argument that is not a CNode: FailedLookup with InvalidRoot (§3.1), MR0 = 1 for the
   source root, 0 for Retype's destination root. */
static const char *invalid_root(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(ep && dest);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ut, 0, ROOT_DEPTH, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_InvalidRoot);
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ep, 5, ROOT_DEPTH, 0, 1), seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_MR(1, seL4_InvalidRoot);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Two levels: a radix-4 CNode holding a radix-4 CNode in slot 2 resolves 8 bits; minted with
   guard size 56 it makes depth 64 span both levels, the course library's layout (§6, §10). */
static const char *two_level_cspace(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr top = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr guarded = slot_alloc(), out = slot_alloc();
    EXPECT_SLOT(top && out);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_CapTableObject, 4, top, 0, 0, 2, 1));
    EXPECT_OK(seL4_CNode_Copy(top, (2 << 4) | 5, 8, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(cap_mint(guarded, top, seL4_AllRights, seL4_CNode_CapData_new(0, 56).words[0]));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, guarded, (2 << 4) | 5, 64, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    EXPECT_ERR(seL4_CNode_Delete(guarded, (2 << 4) | 5, 60), seL4_FailedLookup);
    return NULL;
}

/* Implicit lookups (the invoked cap; DebugCapIdentify) also check the root's guard (§6). */
static const char *implicit_lookup_checks_the_guard(void)
{
    EXPECT_TAG(seL4_CapInitThreadCNode, TAG_CNODE);
    EXPECT_TAG(BIT(12) | seL4_CapInitThreadCNode, TAG_NULL);
    EXPECT_TAG(BIT(63) | seL4_CapInitThreadCNode, TAG_NULL);
    return NULL;
}

/* Retype's destination may be a CNode named by node_index/node_depth from the root (§5.2). */
static const char *retype_into_a_named_cnode(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    seL4_CPtr out = slot_alloc();
    EXPECT_SLOT(cnode && out);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, ROOT, cnode, ROOT_DEPTH, 3, 1));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 3, 2, seL4_AllRights));
    EXPECT_TAG(out, TAG_NOTIFICATION);
    return NULL;
}

void run_lookup_tests(void)
{
    run_test("LOOKUP0001", root_depth_12_is_a_guard_mismatch);
    run_test("LOOKUP0002", source_guard_mismatch);
    run_test("LOOKUP0003", nonzero_guard_bits);
    run_test("LOOKUP0004", minted_guard);
    run_test("LOOKUP0005", guard_found_is_the_cnode_guard);
    run_test("LOOKUP0006", unguarded_depth_mismatch);
    run_test("LOOKUP0007", depth_past_a_leaf);
    run_test("LOOKUP0008", depth_out_of_range);
    run_test("LOOKUP0009", invalid_root);
    run_test("LOOKUP0010", two_level_cspace);
    run_test("LOOKUP0011", implicit_lookup_checks_the_guard);
    run_test("LOOKUP0012", retype_into_a_named_cnode);
}
