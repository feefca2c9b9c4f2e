/* 10,000 rounds of the AOS pattern (ut_alloc, cspace_alloc_slot, cspace_untyped_retype, then
   cspace_delete, cspace_free_slot, ut_free) leave memory, every size class and the slots
   exactly as they were. */
#include "libtest.h"

#define ROUNDS 10000

struct snapshot {
    size_t free_bytes;
    size_t counts[seL4_PageBits + 1];
    seL4_CPtr next_slot;
};

static void take_snapshot(struct snapshot *s)
{
    s->free_bytes = ut_free_bytes();
    for (size_t bits = seL4_EndpointBits; bits <= seL4_PageBits; bits++) {
        s->counts[bits] = ut_free_count(bits);
    }
    s->next_slot = next_free_slot(&cspace);
}

static const char *compare(const struct snapshot *before, const struct snapshot *after)
{
    EXPECT(after->free_bytes == before->free_bytes, "free bytes %lu, expected %lu", after->free_bytes,
           before->free_bytes);
    for (size_t bits = seL4_EndpointBits; bits <= seL4_PageBits; bits++) {
        EXPECT(after->counts[bits] == before->counts[bits], "%lu free blocks of 2^%lu, expected %lu",
               after->counts[bits], bits, before->counts[bits]);
    }
    EXPECT(after->next_slot == before->next_slot, "next slot %lu, expected %lu", after->next_slot,
           before->next_slot);
    return NULL;
}

/* One round: the object is checked to exist before it goes. */
static const char *round_of(seL4_Word type, size_t bits, size_t size_arg, enum cap_tag tag)
{
    ut_t *ut = ut_alloc(bits, &cspace);
    EXPECT(ut != NULL, "ut_alloc(%lu) failed", bits);
    seL4_CPtr slot = cspace_alloc_slot(&cspace);
    EXPECT(slot != seL4_CapNull, "no slot");
    EXPECT_OK(cspace_untyped_retype(&cspace, ut->cap, slot, type, size_arg));
    EXPECT_TAG(slot, tag);
    EXPECT_OK(cspace_delete(&cspace, slot));
    cspace_free_slot(&cspace, slot);
    ut_free(ut);
    return NULL;
}

static const char *endpoint_cycles_leave_no_trace(void)
{
    EXPECT(round_of(seL4_EndpointObject, seL4_EndpointBits, 0, TAG_ENDPOINT) == NULL, "warm-up failed");
    struct snapshot before, after;
    take_snapshot(&before);
    for (int i = 0; i < ROUNDS; i++) {
        TRY(round_of(seL4_EndpointObject, seL4_EndpointBits, 0, TAG_ENDPOINT));
    }
    take_snapshot(&after);
    return compare(&before, &after);
}

/* Rounds through every object size a root task makes from libut. */
static const char *mixed_cycles_leave_no_trace(void)
{
    static const struct {
        seL4_Word type;
        size_t bits, size_arg;
        enum cap_tag tag;
    } kinds[] = {
        {seL4_EndpointObject, seL4_EndpointBits, 0, TAG_ENDPOINT},
        {seL4_ReplyObject, seL4_ReplyBits, 0, TAG_REPLY},
        {seL4_NotificationObject, seL4_NotificationBits, 0, TAG_NOTIFICATION},
        {seL4_SchedContextObject, seL4_MinSchedContextBits, seL4_MinSchedContextBits, TAG_SCHED_CONTEXT},
        {seL4_TCBObject, seL4_TCBBits, 0, TAG_THREAD},
        {seL4_RISCV_4K_Page, seL4_PageBits, 0, TAG_FRAME},
        {seL4_CapTableObject, CNODE_SIZE_BITS, CSPACE_NODE_BITS, TAG_CNODE},
        {seL4_UntypedObject, 10, 10, TAG_UNTYPED},
    };
    const size_t n = sizeof kinds / sizeof kinds[0];
    for (size_t k = 0; k < n; k++) { /* warm-up: every class has been split once */
        TRY(round_of(kinds[k].type, kinds[k].bits, kinds[k].size_arg, kinds[k].tag));
    }
    struct snapshot before, after;
    take_snapshot(&before);
    for (int i = 0; i < ROUNDS; i++) {
        size_t k = (size_t)i % n;
        TRY(round_of(kinds[k].type, kinds[k].bits, kinds[k].size_arg, kinds[k].tag));
    }
    take_snapshot(&after);
    return compare(&before, &after);
}

void run_cycle_tests(void)
{
    run_test("CYCLE0001", endpoint_cycles_leave_no_trace);
    run_test("CYCLE0002", mixed_cycles_leave_no_trace);
}
