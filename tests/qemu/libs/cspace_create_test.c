/* Making and ending cspaces against the real kernel: all untyped memory and slots come back
   (measured with libut's free bytes, the kernel's view of each untyped, and the next free
   slot), second-level nodes appear only when needed, and the root task's cspace is kept. */
#include <string.h>

#include "libtest.h"

#define TWO_LEVEL_SLOTS (CSPACE_NODE_SLOTS * CSPACE_NODE_SLOTS)
#define PAGE 4096ul

static seL4_Word seen[TWO_LEVEL_SLOTS / 64];

/* One create/destroy of each kind, so the frame window has its page tables before measuring. */
static void warm_up(void)
{
    cspace_t space;
    if (cspace_create_two_level(&cspace, &space, root_task_cspace_alloc()) == CSPACE_NOERROR) {
        (void)cspace_alloc_slot(&space);
        cspace_destroy(&space);
    }
}

/* A one-level cspace holding ten endpoints: destroy deletes them and the CNode, so both
   untypeds have no children left, and memory and slots are back where they were. */
static const char *one_level_destroy_returns_everything(void)
{
    warm_up();
    size_t free_bytes = ut_free_bytes();
    seL4_CPtr slot = next_free_slot(&cspace);
    cspace_t space;
    EXPECT(cspace_create_one_level(&cspace, &space) == CSPACE_NOERROR, "cspace_create_one_level failed");
    EXPECT(ut_free_bytes() == free_bytes - PAGE, "the CNode took %lu bytes", free_bytes - ut_free_bytes());
    ut_t *root_ut = space.root_ut;
    ut_t *ut = ut_alloc(seL4_PageBits, &cspace);
    EXPECT(ut != NULL, "no page");
    for (int i = 0; i < 10; i++) {
        seL4_CPtr target = cspace_alloc_slot(&space);
        EXPECT_OK(cspace_untyped_retype(&space, ut->cap, target, seL4_EndpointObject, 0));
    }
    EXPECT(ut_free_bytes_in_kernel(ut) == PAGE - 10 * 16, "the endpoints did not come from the page");
    /* A cap to the CNode inside itself (as a process's seL4_CapInitThreadCNode) must not keep
       it alive. */
    EXPECT_OK(cspace_copy(&space, cspace_alloc_slot(&space), &cspace, space.root_cnode, seL4_AllRights));
    cspace_destroy(&space);
    EXPECT(space.root_cnode == seL4_CapNull, "the cspace_t was not cleared");
    EXPECT(ut_free_bytes_in_kernel(ut) == PAGE, "the endpoints outlived the cspace");
    EXPECT(ut_free_bytes_in_kernel(root_ut) == PAGE, "the CNode outlived the cspace");
    ut_free(ut);
    EXPECT(ut_free_bytes() == free_bytes, "free bytes %lu, expected %lu", ut_free_bytes(), free_bytes);
    EXPECT(next_free_slot(&cspace) == slot, "next free slot %lu, expected %lu", next_free_slot(&cspace), slot);
    return NULL;
}

/* A two-level cspace: the top CNode first, then a node (and its bookkeeping frame) at the first
   allocation, one more node per 128 slots; 16383 different slots, never 0, then seL4_CapNull.
   Destroy gives every page and slot back. */
static const char *two_level_grows_lazily_and_returns_everything(void)
{
    warm_up();
    size_t free_bytes = ut_free_bytes();
    seL4_CPtr slot = next_free_slot(&cspace);
    cspace_t space;
    EXPECT(cspace_create_two_level(&cspace, &space, root_task_cspace_alloc()) == CSPACE_NOERROR, "create failed");
    EXPECT(ut_free_bytes() == free_bytes - PAGE, "the top CNode took %lu bytes", free_bytes - ut_free_bytes());
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < TWO_LEVEL_SLOTS - 1; i++) {
        seL4_CPtr s = cspace_alloc_slot(&space);
        EXPECT(s != seL4_CapNull && s < TWO_LEVEL_SLOTS, "allocation %lu gave slot %lu", i, s);
        EXPECT(((seen[s / 64] >> (s % 64)) & 1) == 0, "slot %lu handed out twice", s);
        seen[s / 64] |= 1ul << (s % 64);
        size_t nodes = i / CSPACE_NODE_SLOTS + 1; /* node 0 has 127 slots to give */
        if (i == 0 || i == CSPACE_NODE_SLOTS) {
            EXPECT(ut_free_bytes() == free_bytes - (2 + nodes) * PAGE, "after %lu slots %lu bytes are used", i + 1,
                   free_bytes - ut_free_bytes());
        }
    }
    EXPECT(cspace_alloc_slot(&space) == seL4_CapNull, "a full two-level cspace gave a slot");
    EXPECT(ut_free_bytes() == free_bytes - (2 + CSPACE_NODE_SLOTS) * PAGE, "a full cspace uses %lu bytes",
           free_bytes - ut_free_bytes());
    /* Addressing of a slot in a later node: an endpoint there, copied back to the root task. */
    ut_t *ut;
    seL4_CPtr ep = lib_object(seL4_EndpointObject, seL4_EndpointBits, &ut);
    seL4_CPtr back = cspace_alloc_slot(&cspace);
    EXPECT_OK(cspace_copy(&space, 5000, &cspace, ep, seL4_AllRights));
    EXPECT_OK(cspace_copy(&cspace, back, &space, 5000, seL4_AllRights));
    EXPECT_TAG(back, TAG_ENDPOINT);
    EXPECT_OK(cspace_delete(&cspace, back));
    cspace_free_slot(&cspace, back);
    lib_object_free(ep, ut); /* the copy in `space` goes with the cspace */
    cspace_destroy(&space);
    EXPECT(ut_free_bytes() == free_bytes, "free bytes %lu after destroy, expected %lu", ut_free_bytes(), free_bytes);
    EXPECT(next_free_slot(&cspace) == slot, "next free slot %lu, expected %lu", next_free_slot(&cspace), slot);
    return NULL;
}

/* cspace_destroy leaves the root task's own cspace alone; bad arguments are refused. */
static const char *root_cspace_is_kept_and_bad_arguments_refused(void)
{
    cspace_t copy = cspace;
    cspace_destroy(&cspace);
    cspace_destroy(NULL);
    EXPECT(memcmp(&copy, &cspace, sizeof copy) == 0, "cspace_destroy changed the root task's cspace");
    EXPECT_TAG(seL4_CapInitThreadCNode, TAG_CNODE);
    cspace_t space;
    cspace_alloc_t none = {0};
    EXPECT(cspace_create_one_level(NULL, &space) == CSPACE_ERROR, "no bootstrap accepted");
    EXPECT(cspace_create_one_level(&cspace, NULL) == CSPACE_ERROR, "no target accepted");
    EXPECT(cspace_create_one_level(&cspace, &cspace) == CSPACE_ERROR, "bootstrap == target accepted");
    EXPECT(cspace_create_two_level(&cspace, &space, none) == CSPACE_ERROR, "no callbacks accepted");
    return NULL;
}

/* With no memory left, creating fails and leaves nothing allocated. */
static const char *create_without_memory_fails_cleanly(void)
{
    static uint32_t pages[1u << 18];
    size_t taken = 0;
    uintptr_t paddr;
    while (taken < sizeof pages / sizeof pages[0] && ut_alloc_4k_untyped(&paddr) != NULL) {
        pages[taken++] = (uint32_t)(paddr >> seL4_PageBits);
    }
    seL4_CPtr slot = next_free_slot(&cspace);
    cspace_t space;
    int one = cspace_create_one_level(&cspace, &space);
    int two = cspace_create_two_level(&cspace, &space, root_task_cspace_alloc());
    seL4_CPtr after = next_free_slot(&cspace);
    for (size_t i = 0; i < taken; i++) {
        ut_free(ut_4k_at((uintptr_t)pages[i] << seL4_PageBits));
    }
    EXPECT(one == CSPACE_ERROR && two == CSPACE_ERROR, "created without memory: %d, %d", one, two);
    EXPECT(after == slot, "a failed create kept a slot (%lu, expected %lu)", after, slot);
    return NULL;
}

void run_cspace_create_tests(void)
{
    run_test("CREATE0001", one_level_destroy_returns_everything);
    run_test("CREATE0002", two_level_grows_lazily_and_returns_everything);
    run_test("CREATE0003", root_cspace_is_kept_and_bad_arguments_refused);
    run_test("CREATE0004", create_without_memory_fails_cleanly);
}
