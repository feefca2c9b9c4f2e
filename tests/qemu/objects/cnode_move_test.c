/* CNODE, part 2: Move, Mutate, Rotate and Delete. Mutate and Rotate "preserve" cap data, so they
   may change a CNode's guard but fail on endpoint and notification caps (§8.5, §12.5). */
#include "objtest.h"

/* Move empties the source; a moved untyped keeps its children (Move derives nothing, so an
   untyped with children may move), and revoking it in its new slot deletes them. */
static const char *move_caps(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr moved_ep = slot_alloc(), moved_ut = slot_alloc();
    EXPECT_SLOT(ep && moved_ut);
    EXPECT_OK(cap_move(moved_ep, ep));
    EXPECT_TAG(ep, TAG_NULL);
    EXPECT_TAG(moved_ep, TAG_ENDPOINT);
    EXPECT_OK(cap_move(moved_ut, ut));
    EXPECT_TAG(ut, TAG_NULL);
    EXPECT_TAG(moved_ut, TAG_UNTYPED);
    EXPECT_OK(cap_revoke(moved_ut));
    EXPECT_TAG(moved_ep, TAG_NULL);
    EXPECT_TAG(moved_ut, TAG_UNTYPED);
    return NULL;
}

/* Copy and Move keep the badge (§12.5): Mint from the moved copy still fails. */
static const char *move_keeps_the_badge(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr slots = slots_alloc(4);
    EXPECT_SLOT(ep && slots);
    EXPECT_OK(cap_mint(slots, ep, seL4_AllRights, 5));
    EXPECT_OK(cap_copy(slots + 1, slots, seL4_AllRights));
    EXPECT_OK(cap_move(slots + 2, slots + 1));
    EXPECT_ERR(cap_mint(slots + 3, slots + 2, seL4_AllRights, 9), seL4_IllegalOperation);
    EXPECT_OK(cap_cancel_badged_sends(slots + 2)); /* still an all-rights, badged cap */
    return NULL;
}

/* Mutate moves a CNode cap and sets its guard: with guard size 60 a radix-4 CNode consumes all
   64 bits like the root CNode (§6), so index 3 at depth 64 names its slot 3. */
static const char *mutate_sets_a_guard(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr copy = slot_alloc(), guarded = slot_alloc(), out = slot_alloc();
    EXPECT_SLOT(cnode && out);
    EXPECT_OK(cap_copy(copy, cnode, seL4_AllRights));
    EXPECT_OK(cap_mutate(guarded, copy, seL4_CNode_CapData_new(0, 60).words[0]));
    EXPECT_TAG(copy, TAG_NULL);
    EXPECT_TAG(guarded, TAG_CNODE);
    EXPECT_OK(seL4_CNode_Copy(guarded, 3, 64, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, 3, 4, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    return NULL;
}

/* Guard size + radix may not exceed 64 (§8.5): Mutate and Mint fail with IllegalOperation and
   the source stays; exactly 64 is fine. */
static const char *guard_too_large(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 4);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(cnode && dest);
    seL4_Word too_large = seL4_CNode_CapData_new(0, 61).words[0];
    EXPECT_ERR(cap_mutate(dest, cnode, too_large), seL4_IllegalOperation);
    EXPECT_TAG(cnode, TAG_CNODE);
    EXPECT_ERR(cap_mint(dest, cnode, seL4_AllRights, too_large), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(cap_mint(dest, cnode, seL4_AllRights, seL4_CNode_CapData_new(0, 60).words[0]));
    EXPECT_TAG(dest, TAG_CNODE);
    return NULL;
}

/* Mutate of an endpoint or notification cap fails, with any data, and the cap stays (§12.5). */
static const char *mutate_endpoint_fails(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = new_object(ut, seL4_NotificationObject, 0);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(ep && ntfn && dest);
    EXPECT_ERR(cap_mutate(dest, ep, 0), seL4_IllegalOperation);
    EXPECT_ERR(cap_mutate(dest, ep, 77), seL4_IllegalOperation);
    EXPECT_ERR(cap_mutate(dest, ntfn, 0), seL4_IllegalOperation);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    EXPECT_TAG(ntfn, TAG_NOTIFICATION);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Rotate: pivot -> destination, source -> pivot (§5.2), the source slot ends up empty. */
static const char *rotate_three_slots(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr src = new_object(ut, seL4_CapTableObject, 1);
    seL4_CPtr pivot = new_object(ut, seL4_TCBObject, 0);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(src && pivot && dest);
    EXPECT_OK(cap_rotate(dest, pivot, src));
    EXPECT_TAG(dest, TAG_THREAD);
    EXPECT_TAG(pivot, TAG_CNODE);
    EXPECT_TAG(src, TAG_NULL);
    return NULL;
}

/* Rotate with destination = source swaps two caps. */
static const char *rotate_swaps(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr a = new_object(ut, seL4_TCBObject, 0);
    seL4_CPtr b = new_object(ut, seL4_CapTableObject, 1);
    EXPECT_SLOT(a && b);
    EXPECT_OK(cap_rotate(a, b, a));
    EXPECT_TAG(a, TAG_CNODE);
    EXPECT_TAG(b, TAG_THREAD);
    return NULL;
}

/* The pivot may be neither the source nor the destination: IllegalOperation, nothing moves. */
static const char *rotate_pivot_is_source_or_destination(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr a = new_object(ut, seL4_TCBObject, 0);
    seL4_CPtr b = new_object(ut, seL4_CapTableObject, 1);
    seL4_CPtr empty = slot_alloc();
    EXPECT_SLOT(a && b && empty);
    EXPECT_ERR(cap_rotate(empty, a, a), seL4_IllegalOperation);  /* pivot = source */
    EXPECT_ERR(cap_rotate(b, b, a), seL4_IllegalOperation);      /* pivot = destination */
    EXPECT_ERR(cap_rotate(a, a, a), seL4_IllegalOperation);      /* all three the same */
    EXPECT_TAG(a, TAG_THREAD);
    EXPECT_TAG(b, TAG_CNODE);
    EXPECT_TAG(empty, TAG_NULL);
    return NULL;
}

/* Rotating an endpoint or notification cap, as source or as pivot, fails (§12.5). */
static const char *rotate_endpoint_fails(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = new_object(ut, seL4_NotificationObject, 0);
    seL4_CPtr tcb = new_object(ut, seL4_TCBObject, 0);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(ep && ntfn && tcb && dest);
    EXPECT_ERR(cap_rotate(dest, tcb, ep), seL4_IllegalOperation);
    EXPECT_ERR(cap_rotate(dest, ep, tcb), seL4_IllegalOperation);
    EXPECT_ERR(cap_rotate(dest, tcb, ntfn), seL4_IllegalOperation);
    EXPECT_ERR(cap_rotate(ep, tcb, ep), seL4_IllegalOperation);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    EXPECT_TAG(ntfn, TAG_NOTIFICATION);
    EXPECT_TAG(tcb, TAG_THREAD);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Rotate into an occupied destination (not the source): DeleteFirst; from an empty source:
   FailedLookup with MR0 = 1 (§3.1). */
static const char *rotate_bad_slots(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr src = new_object(ut, seL4_TCBObject, 0);
    seL4_CPtr pivot = new_object(ut, seL4_CapTableObject, 1);
    seL4_CPtr occupied = new_object(ut, seL4_CapTableObject, 1);
    seL4_CPtr empty = slot_alloc(), dest = slot_alloc();
    EXPECT_SLOT(src && pivot && occupied && dest);
    EXPECT_ERR(cap_rotate(occupied, pivot, src), seL4_DeleteFirst);
    EXPECT_ERR(cap_rotate(dest, pivot, empty), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_TAG(src, TAG_THREAD);
    EXPECT_TAG(pivot, TAG_CNODE);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Delete of an empty slot succeeds (issue 3), as does deleting the same slot twice. */
static const char *delete_empty_slot(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr empty = slot_alloc();
    EXPECT_SLOT(ep && empty);
    EXPECT_OK(cap_delete(empty));
    EXPECT_OK(cap_delete(seL4_CapNull));
    EXPECT_OK(cap_delete(ep));
    EXPECT_TAG(ep, TAG_NULL);
    EXPECT_OK(cap_delete(ep));
    return NULL;
}

void run_cnode_move_tests(void)
{
    run_test("CNODE0011", move_caps);
    run_test("CNODE0012", move_keeps_the_badge);
    run_test("CNODE0013", mutate_sets_a_guard);
    run_test("CNODE0014", guard_too_large);
    run_test("CNODE0015", mutate_endpoint_fails);
    run_test("CNODE0016", rotate_three_slots);
    run_test("CNODE0017", rotate_swaps);
    run_test("CNODE0018", rotate_pivot_is_source_or_destination);
    run_test("CNODE0019", rotate_endpoint_fails);
    run_test("CNODE0020", rotate_bad_slots);
    run_test("CNODE0021", delete_empty_slot);
}
