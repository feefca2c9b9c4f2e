/* LOOKUP, part 2: 64 levels of one-bit CNodes, so that a full 64-bit cptr resolves through every
   one of them (§6: each unguarded radix-1 CNode consumes exactly one bit). Level k consumes bit
   64 - k of the cptr; the next level sits in the slot that PATH's bit picks, the other is empty. */
#include "objtest.h"

#define LEVELS 64
#define PATH 0x5a5a5a5a5a5a5a5aul

static seL4_CPtr chain; /* root slots chain .. chain + 63 hold levels 1 .. 64 */

static seL4_Word path_bit(int level)
{
    return (PATH >> (LEVELS - level)) & 1;
}

static const char *build_chain(void)
{
    seL4_CPtr ut = untyped_alloc(13); /* 64 CNodes of 2 slots, 64 bytes each */
    EXPECT_SLOT(ut);
    chain = slots_alloc(LEVELS);
    EXPECT_SLOT(chain);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_CapTableObject, 1, ROOT, 0, 0, chain, LEVELS));
    for (int level = 1; level < LEVELS; level++) {
        EXPECT_OK(seL4_CNode_Copy(chain + level - 1, path_bit(level), 1, ROOT, chain + level, ROOT_DEPTH,
                                  seL4_AllRights));
    }
    return NULL;
}

/* Level 1 first: each deletion then finalises one CNode whose contents are not the last caps. */
static void tear_down_chain(void)
{
    for (int level = 1; level <= LEVELS; level++) {
        (void)cap_delete(chain + level - 1);
    }
}

static const char *with_chain(test_fn body)
{
    const char *why = build_chain();
    if (why == NULL) {
        why = body();
    }
    tear_down_chain();
    return why;
}

/* Copy into level 64's slot at depth 64 from level 1, and back out: the cap is really there. */
static const char *copy_through_64_levels(void)
{
    seL4_CPtr out = slot_alloc(), direct = slot_alloc(), gone = slot_alloc();
    EXPECT_SLOT(gone);
    EXPECT_OK(seL4_CNode_Copy(chain, PATH, 64, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(ROOT, direct, ROOT_DEPTH, chain + LEVELS - 1, path_bit(LEVELS), 1,
                              seL4_AllRights));
    EXPECT_TAG(direct, TAG_THREAD);
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, chain, PATH, 64, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    EXPECT_OK(seL4_CNode_Delete(chain, PATH, 64));
    EXPECT_ERR(seL4_CNode_Copy(ROOT, gone, ROOT_DEPTH, chain + LEVELS - 1, path_bit(LEVELS), 1,
                               seL4_AllRights),
               seL4_FailedLookup);
    return NULL;
}

/* Depth 63 stops one level short: it names level 63's slot, which holds level 64's cap. Copying
   into it is DeleteFirst; copying out of it gives a CNode cap to level 64. */
static const char *depth_63_names_the_last_cnode(void)
{
    seL4_CPtr last = slot_alloc(), out = slot_alloc();
    EXPECT_SLOT(out);
    EXPECT_ERR(seL4_CNode_Copy(chain, PATH >> 1, 63, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights),
               seL4_DeleteFirst);
    EXPECT_OK(seL4_CNode_Copy(ROOT, last, ROOT_DEPTH, chain, PATH >> 1, 63, seL4_AllRights));
    EXPECT_TAG(last, TAG_CNODE);
    EXPECT_OK(seL4_CNode_Copy(last, path_bit(LEVELS), 1, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH,
                              seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, chain, PATH, 64, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    return NULL;
}

/* A wrong bit at level 10 picks that level's empty slot with 54 bits still unresolved: the depth
   is not consumed exactly, FailedLookup with DepthMismatch and bitsLeft 54 (§6). */
static const char *wrong_bit_at_level_10(void)
{
    seL4_Word wrong = PATH ^ BIT(LEVELS - 10);
    seL4_CPtr out = slot_alloc();
    EXPECT_SLOT(out);
    EXPECT_ERR(seL4_CNode_Copy(chain, wrong, 64, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights),
               seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 54);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, chain, wrong, 64, seL4_AllRights), seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 54);
    EXPECT_TAG(out, TAG_NULL);
    return NULL;
}

/* From level 2 there are only 63 levels: 63 bits reach the last slot, while 64 bits run one bit
   past level 64 into a cap that is not a CNode (DepthMismatch, bitsLeft 1). */
static const char *one_level_too_few(void)
{
    seL4_CPtr out = slot_alloc(), none = slot_alloc();
    EXPECT_SLOT(none);
    EXPECT_OK(seL4_CNode_Copy(chain, PATH, 64, ROOT, seL4_CapInitThreadTCB, ROOT_DEPTH, seL4_AllRights));
    EXPECT_OK(seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, chain + 1, PATH & (BIT(63) - 1), 63, seL4_AllRights));
    EXPECT_TAG(out, TAG_THREAD);
    EXPECT_ERR(seL4_CNode_Copy(ROOT, none, ROOT_DEPTH, chain + 1, PATH << 1, 64, seL4_AllRights),
               seL4_FailedLookup);
    EXPECT_MR(0, 1);
    EXPECT_MR(1, seL4_DepthMismatch);
    EXPECT_MR(2, 1);
    EXPECT_TAG(none, TAG_NULL);
    return NULL;
}

static const char *test_copy_through_64_levels(void)
{
    return with_chain(copy_through_64_levels);
}

static const char *test_depth_63(void)
{
    return with_chain(depth_63_names_the_last_cnode);
}

static const char *test_wrong_bit(void)
{
    return with_chain(wrong_bit_at_level_10);
}

static const char *test_one_level_too_few(void)
{
    return with_chain(one_level_too_few);
}

void run_lookup_chain_tests(void)
{
    run_test("LOOKUP0013", test_copy_through_64_levels);
    run_test("LOOKUP0014", test_depth_63);
    run_test("LOOKUP0015", test_wrong_bit);
    run_test("LOOKUP0016", test_one_level_too_few);
}
