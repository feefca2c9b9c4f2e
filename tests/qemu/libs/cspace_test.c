/* libcspace's slots and CNode calls against the real kernel, in the root task's cspace and in a
   one-level cspace. Expectations: shared/reference/aos-libs.md ("libcspace") and the kernel
   semantics of shared/reference/sel4-api-subset.md (§8.5 minting, §6 addressing). */
#include "libtest.h"

/* alloc, free, alloc gives the same slot; free_slot does not delete the cap in it. */
static const char *free_slot_then_alloc_is_the_same(void)
{
    seL4_CPtr a = cspace_alloc_slot(&cspace);
    EXPECT(a != seL4_CapNull, "no slot");
    cspace_free_slot(&cspace, a);
    seL4_CPtr b = cspace_alloc_slot(&cspace);
    EXPECT(a == b, "slot %lu freed, then %lu allocated", a, b);
    ut_t *ut;
    seL4_CPtr ep = lib_object(seL4_EndpointObject, seL4_EndpointBits, &ut);
    EXPECT(ep != seL4_CapNull, "no endpoint");
    cspace_free_slot(&cspace, ep);
    EXPECT_TAG(ep, TAG_ENDPOINT); /* still there */
    EXPECT(cspace_alloc_slot(&cspace) == ep, "the freed slot was not handed out again");
    EXPECT_ERR(cspace_untyped_retype(&cspace, ut->cap, ep, seL4_EndpointObject, 0), seL4_DeleteFirst);
    lib_object_free(ep, ut);
    cspace_free_slot(&cspace, b);
    return NULL;
}

/* A one-level cspace: 127 slots, none of them 0, all different, then seL4_CapNull; a freed
   slot comes back; cspace_free_slot of 0, of a free slot and of out-of-range slots is ignored. */
static const char *one_level_slots_to_exhaustion(void)
{
    cspace_t space;
    EXPECT(cspace_create_one_level(&cspace, &space) == CSPACE_NOERROR, "cspace_create_one_level failed");
    seL4_Word seen[2] = {0, 0};
    for (size_t i = 0; i < CSPACE_NODE_SLOTS - 1; i++) {
        seL4_CPtr slot = cspace_alloc_slot(&space);
        EXPECT(slot != seL4_CapNull && slot < CSPACE_NODE_SLOTS, "allocation %lu gave slot %lu", i, slot);
        EXPECT(((seen[slot / 64] >> (slot % 64)) & 1) == 0, "slot %lu handed out twice", slot);
        seen[slot / 64] |= 1ul << (slot % 64);
    }
    EXPECT(cspace_alloc_slot(&space) == seL4_CapNull, "a full one-level cspace gave a slot");
    cspace_free_slot(&space, seL4_CapNull);
    cspace_free_slot(&space, 5000);
    EXPECT(cspace_alloc_slot(&space) == seL4_CapNull, "freeing slot 0 or 5000 made room");
    cspace_free_slot(&space, 77);
    cspace_free_slot(&space, 77);
    EXPECT(cspace_alloc_slot(&space) == 77, "slot 77 freed but not handed out again");
    EXPECT(cspace_alloc_slot(&space) == seL4_CapNull, "a double free made two slots");
    cspace_destroy(&space);
    return NULL;
}

/* Mint a badged endpoint into another cspace, copy, move and mutate it around, and back: every
   slot is named at depth 64 on both sides. */
static const char *copy_mint_move_between_cspaces(void)
{
    cspace_t space;
    ut_t *ut;
    seL4_CPtr ep = lib_object(seL4_EndpointObject, seL4_EndpointBits, &ut);
    EXPECT(ep != seL4_CapNull && cspace_create_one_level(&cspace, &space) == CSPACE_NOERROR, "set-up failed");
    seL4_CPtr there = cspace_alloc_slot(&space), there2 = cspace_alloc_slot(&space);
    seL4_CPtr back = cspace_alloc_slot(&cspace), node = cspace_alloc_slot(&cspace);
    EXPECT_OK(cspace_mint(&space, there, &cspace, ep, seL4_AllRights, 0x42));
    EXPECT_ERR(cspace_mint(&space, there, &cspace, ep, seL4_AllRights, 0x43), seL4_DeleteFirst);
    EXPECT_ERR(cspace_mint(&space, there2, &space, there, seL4_AllRights, 0x43), seL4_IllegalOperation);
    EXPECT_OK(cspace_move(&space, there2, &space, there));
    EXPECT_ERR(cspace_mutate(&space, there, &space, there2, 7), seL4_IllegalOperation); /* §8.5 */
    EXPECT_OK(cspace_copy(&cspace, back, &space, there2, seL4_CanWrite));
    EXPECT_TAG(back, TAG_ENDPOINT);
    EXPECT_OK(cspace_delete(&cspace, back));
    EXPECT_OK(cspace_revoke(&cspace, ep)); /* deletes the badged copy in `space` */
    EXPECT_ERR(cspace_copy(&cspace, back, &space, there2, seL4_AllRights), seL4_FailedLookup);
    /* Mutate is for CNode caps: the new cspace's root, with a different guard, moved back. */
    EXPECT_OK(cspace_copy(&cspace, node, &cspace, space.root_cnode, seL4_AllRights));
    EXPECT_OK(cspace_mutate(&cspace, back, &cspace, node, seL4_CNode_CapData_new(0, 50).words[0]));
    EXPECT_TAG(back, TAG_CNODE);
    EXPECT_ERR(cspace_delete(NULL, back), seL4_InvalidArgument);
    EXPECT_ERR(cspace_copy(NULL, back, &cspace, node, seL4_AllRights), seL4_InvalidArgument);
    EXPECT_OK(cspace_delete(&cspace, back));
    cspace_free_slot(&cspace, back);
    cspace_free_slot(&cspace, node);
    cspace_destroy(&space);
    lib_object_free(ep, ut);
    return NULL;
}

/* cspace_irq_control_get puts an IRQ handler in the slot; a second one for the same IRQ is
   refused (RevokeFirst, §5.2). */
static const char *irq_control_get_fills_the_slot(void)
{
    seL4_CPtr slot = cspace_alloc_slot(&cspace), second = cspace_alloc_slot(&cspace);
    EXPECT_OK(cspace_irq_control_get(&cspace, slot, seL4_CapIRQControl, 10, 1));
    EXPECT_TAG(slot, TAG_IRQ_HANDLER);
    EXPECT_ERR(cspace_irq_control_get(&cspace, second, seL4_CapIRQControl, 10, 1), seL4_RevokeFirst);
    EXPECT_ERR(cspace_irq_control_get(NULL, second, seL4_CapIRQControl, 10, 1), seL4_InvalidArgument);
    EXPECT_OK(cspace_delete(&cspace, slot));
    cspace_free_slot(&cspace, slot);
    cspace_free_slot(&cspace, second);
    return NULL;
}

/* Runs of consecutive slots for Retype of many objects; bad counts give seL4_CapNull. */
static const char *consecutive_slots(void)
{
    seL4_CPtr first = cspace_alloc_slots(&cspace, 100);
    EXPECT(first != seL4_CapNull && first % CSPACE_NODE_SLOTS + 100 <= CSPACE_NODE_SLOTS,
           "100 slots at %lu are not in one node", first);
    ut_t *ut = ut_alloc(seL4_PageBits, &cspace);
    EXPECT(ut != NULL, "no page");
    EXPECT_OK(seL4_Untyped_Retype(ut->cap, seL4_EndpointObject, 0, cspace.root_cnode, first / CSPACE_NODE_SLOTS,
                                  seL4_WordBits - CSPACE_NODE_BITS, first % CSPACE_NODE_SLOTS, 100));
    EXPECT_TAG(first + 99, TAG_ENDPOINT);
    for (seL4_CPtr slot = first; slot < first + 100; slot++) {
        EXPECT_OK(cspace_delete(&cspace, slot));
        cspace_free_slot(&cspace, slot);
    }
    ut_free(ut);
    EXPECT(cspace_alloc_slots(&cspace, 0) == seL4_CapNull && cspace_alloc_slots(&cspace, 129) == seL4_CapNull &&
               cspace_alloc_slot(NULL) == seL4_CapNull,
           "bad counts accepted");
    return NULL;
}

void run_cspace_tests(void)
{
    run_test("CSPACE0001", free_slot_then_alloc_is_the_same);
    run_test("CSPACE0002", one_level_slots_to_exhaustion);
    run_test("CSPACE0003", copy_mint_move_between_cspaces);
    run_test("CSPACE0004", irq_control_get_fills_the_slot);
    run_test("CSPACE0005", consecutive_slots);
}
