/* CNODE, part 1: Copy and Mint, rights that can only shrink, and badges that are set only once.
   Endpoints are used as objects only (no IPC yet): rights are observed through
   CancelBadgedSends, which needs all four rights (§8.5), and badges through Mint, which fails on
   an already badged cap (§8.5, §12.5). */
#include "objtest.h"

#define ALL_BUT_WRITE seL4_CapRights_new(1, 1, 1, 0)
#define ALL_BUT_READ seL4_CapRights_new(1, 1, 0, 1)
#define ALL_BUT_GRANT seL4_CapRights_new(1, 0, 1, 1)
#define ALL_BUT_GRANT_REPLY seL4_CapRights_new(0, 1, 1, 1)

/* A copy names the same endpoint and can be used like the original, e.g. minted from. */
static const char *copy_endpoint(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(ep);
    seL4_CPtr copy = slot_alloc();
    seL4_CPtr minted = slot_alloc();
    EXPECT_OK(cap_copy(copy, ep, seL4_AllRights));
    EXPECT_TAG(copy, TAG_ENDPOINT);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    EXPECT_OK(cap_mint(minted, copy, seL4_AllRights, 42));
    EXPECT_TAG(minted, TAG_ENDPOINT);
    EXPECT_OK(cap_cancel_badged_sends(minted));
    return NULL;
}

/* Retyping through a copy of an untyped (that has no children) creates the object. */
static const char *copy_untyped_and_retype_through_it(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr copy = slot_alloc();
    seL4_CPtr object = slot_alloc();
    EXPECT_OK(cap_copy(copy, ut, seL4_AllRights));
    EXPECT_TAG(copy, TAG_UNTYPED);
    EXPECT_OK(retype(copy, seL4_NotificationObject, 0, object));
    EXPECT_TAG(object, TAG_NOTIFICATION);
    return NULL;
}

/* Mint badges endpoint and notification caps; badge 0 leaves the cap unbadged, so it can still
   be minted from (§8.5); Mint of a cap without a badge (untyped, TCB) is a copy. */
static const char *mint_badges(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = new_object(ut, seL4_NotificationObject, 0);
    EXPECT_SLOT(ep && ntfn);
    seL4_CPtr slots = slots_alloc(6);
    EXPECT_SLOT(slots);
    EXPECT_OK(cap_mint(slots, ep, seL4_AllRights, 0x1234));
    EXPECT_TAG(slots, TAG_ENDPOINT);
    EXPECT_OK(cap_mint(slots + 1, ntfn, seL4_AllRights, 7));
    EXPECT_TAG(slots + 1, TAG_NOTIFICATION);
    EXPECT_OK(cap_mint(slots + 2, ep, seL4_AllRights, 0));
    EXPECT_OK(cap_mint(slots + 3, slots + 2, seL4_AllRights, 5));
    EXPECT_TAG(slots + 3, TAG_ENDPOINT);
    EXPECT_OK(cap_mint(slots + 4, seL4_CapInitThreadTCB, seL4_AllRights, 99));
    EXPECT_TAG(slots + 4, TAG_THREAD);
    seL4_CPtr childless = untyped_alloc(4); /* an untyped with children is RevokeFirst (§8.5) */
    EXPECT_SLOT(childless);
    EXPECT_OK(cap_mint(slots + 5, childless, seL4_AllRights, 99));
    EXPECT_TAG(slots + 5, TAG_UNTYPED);
    return NULL;
}

/* Copy, Mint or Move into an occupied slot: DeleteFirst (§8.7), and the occupant stays. */
static const char *occupied_destination(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr occupant = new_object(ut, seL4_NotificationObject, 0);
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(ep && occupant && cnode);
    EXPECT_ERR(cap_copy(occupant, ep, seL4_AllRights), seL4_DeleteFirst);
    EXPECT_ERR(cap_mint(occupant, ep, seL4_AllRights, 3), seL4_DeleteFirst);
    EXPECT_ERR(cap_move(occupant, ep), seL4_DeleteFirst);
    EXPECT_ERR(cap_mutate(occupant, cnode, seL4_CNode_CapData_new(0, 0).words[0]), seL4_DeleteFirst);
    EXPECT_TAG(occupant, TAG_NOTIFICATION);
    EXPECT_TAG(ep, TAG_ENDPOINT);
    EXPECT_TAG(cnode, TAG_CNODE);
    return NULL;
}

/* From an empty slot: FailedLookup with MR0 = 1, "the source lookup failed", and the failure
   MissingCapability (§3.1). */
static const char *empty_source(void)
{
    seL4_CPtr empty = slot_alloc();
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(empty && dest);
    EXPECT_ERR(cap_copy(dest, empty, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_MissingCapability);
    EXPECT_ERR(cap_mint(dest, empty, seL4_AllRights, 1), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_MissingCapability);
    EXPECT_ERR(cap_move(dest, empty), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_ERR(cap_mutate(dest, empty, 0), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Mint asking for more rights than the source has gets only the source's (§3.2 "a mask can
   only remove rights"): a badged cap minted from a read-only one cannot CancelBadgedSends. */
static const char *mint_masks_rights(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(ep);
    seL4_CPtr read_only = slot_alloc(), from_read_only = slot_alloc(), full = slot_alloc();
    seL4_CPtr no_write = slot_alloc();
    EXPECT_SLOT(no_write);
    EXPECT_OK(cap_mint(full, ep, seL4_AllRights, 7));
    EXPECT_OK(cap_cancel_badged_sends(full)); /* the control: all rights survive a full mint */
    EXPECT_OK(cap_copy(read_only, ep, seL4_CanRead));
    EXPECT_OK(cap_mint(from_read_only, read_only, seL4_AllRights, 7));
    EXPECT_ERR(cap_cancel_badged_sends(from_read_only), seL4_IllegalOperation);
    EXPECT_OK(cap_mint(no_write, ep, ALL_BUT_WRITE, 8));
    EXPECT_ERR(cap_cancel_badged_sends(no_write), seL4_IllegalOperation);
    return NULL;
}

/* Copy masks rights too, and a later copy with all rights does not restore them. */
static const char *copy_masks_rights(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr slots = slots_alloc(3);
    EXPECT_SLOT(ep && slots);
    EXPECT_OK(cap_copy(slots, ep, seL4_CanWrite));
    EXPECT_OK(cap_copy(slots + 1, slots, seL4_AllRights));
    EXPECT_OK(cap_mint(slots + 2, slots + 1, seL4_AllRights, 9));
    EXPECT_ERR(cap_cancel_badged_sends(slots + 2), seL4_IllegalOperation);
    return NULL;
}

/* CancelBadgedSends needs an endpoint cap with all four rights (§8.5); each missing right fails,
   and so does any other kind of cap. On an unbadged endpoint it is a no-op. */
static const char *cancel_badged_sends_needs_all_rights(void)
{
    const seL4_CapRights_t lacking[] = {ALL_BUT_WRITE, ALL_BUT_READ, ALL_BUT_GRANT, ALL_BUT_GRANT_REPLY};
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = new_object(ut, seL4_NotificationObject, 0);
    seL4_CPtr slots = slots_alloc(5);
    EXPECT_SLOT(ep && ntfn && slots);
    EXPECT_OK(cap_cancel_badged_sends(ep));
    for (int i = 0; i < 4; i++) {
        EXPECT_OK(cap_mint(slots + i, ep, lacking[i], 10 + i));
        EXPECT(cap_cancel_badged_sends(slots + i) == seL4_IllegalOperation,
               "CancelBadgedSends without right %d did not fail with IllegalOperation", 3 - i);
    }
    EXPECT_OK(cap_mint(slots + 4, ntfn, seL4_AllRights, 3));
    EXPECT_ERR(cap_cancel_badged_sends(slots + 4), seL4_IllegalOperation);
    EXPECT_ERR(cap_cancel_badged_sends(ut), seL4_IllegalOperation);
    EXPECT_ERR(cap_cancel_badged_sends(slot_alloc()), seL4_IllegalOperation);
    return NULL;
}

/* A badged cap cannot be badged again: IllegalOperation for a new badge, badge 0 and the same
   badge alike (§8.5, §12.5), for endpoints and notifications, also through a copy. */
static const char *rebadging_fails(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = new_object(ut, seL4_NotificationObject, 0);
    seL4_CPtr slots = slots_alloc(4);
    EXPECT_SLOT(ep && ntfn && slots);
    seL4_CPtr badged_ep = slots, badged_ntfn = slots + 1, copy = slots + 2, dest = slots + 3;
    EXPECT_OK(cap_mint(badged_ep, ep, seL4_AllRights, 5));
    EXPECT_OK(cap_mint(badged_ntfn, ntfn, seL4_AllRights, 5));
    const seL4_Word badges[] = {6, 0, 5};
    for (int i = 0; i < 3; i++) {
        EXPECT_ERR(cap_mint(dest, badged_ep, seL4_AllRights, badges[i]), seL4_IllegalOperation);
        EXPECT_ERR(cap_mint(dest, badged_ntfn, seL4_AllRights, badges[i]), seL4_IllegalOperation);
    }
    EXPECT_OK(cap_copy(copy, badged_ep, seL4_AllRights)); /* Copy keeps the badge (§12.5) */
    EXPECT_ERR(cap_mint(dest, copy, seL4_AllRights, 6), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Capabilities that cannot be derived (§8.5, §5.2): IRQControl, and an unmapped page table
   (IllegalOperation); a frame can be copied (the copy is unmapped). */
static const char *underivable_caps(void)
{
    seL4_CPtr ut = untyped_alloc(14);
    EXPECT_SLOT(ut);
    seL4_CPtr table = new_object(ut, seL4_RISCV_PageTableObject, 0);
    seL4_CPtr frame = new_object(ut, seL4_RISCV_4K_Page, 0);
    seL4_CPtr dest = slot_alloc();
    EXPECT_SLOT(table && frame && dest);
    EXPECT_ERR(cap_copy(dest, seL4_CapIRQControl, seL4_AllRights), seL4_IllegalOperation);
    EXPECT_ERR(cap_mint(dest, seL4_CapIRQControl, seL4_AllRights, 0), seL4_IllegalOperation);
    EXPECT_TAG(seL4_CapIRQControl, TAG_IRQ_CONTROL);
    EXPECT_ERR(cap_copy(dest, table, seL4_AllRights), seL4_IllegalOperation);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(cap_copy(dest, frame, seL4_AllRights));
    EXPECT_TAG(dest, TAG_FRAME);
    return NULL;
}

void run_cnode_copy_tests(void)
{
    run_test("CNODE0001", copy_endpoint);
    run_test("CNODE0002", copy_untyped_and_retype_through_it);
    run_test("CNODE0003", mint_badges);
    run_test("CNODE0004", occupied_destination);
    run_test("CNODE0005", empty_source);
    run_test("CNODE0006", mint_masks_rights);
    run_test("CNODE0007", copy_masks_rights);
    run_test("CNODE0008", cancel_badged_sends_needs_all_rights);
    run_test("CNODE0009", rebadging_fails);
    run_test("CNODE0010", underivable_caps);
}
