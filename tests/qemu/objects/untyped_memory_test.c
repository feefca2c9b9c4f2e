/* UNTYPED, part 2: where Retype puts objects and how much memory is left (§8.7, §12.13). Free
   bytes are read from NotEnoughMemory's MR0 (§3.1), which seL4 computes as the untyped's size
   minus its watermark, or the whole size when the untyped has no children. */
#include "objtest.h"

#define UT_BITS 16
#define UT_BYTES BIT(UT_BITS)
#define PAGE BIT(seL4_PageBits)

/* NotEnoughMemory reports the exact free bytes: 2^16 on a fresh untyped; after one endpoint,
   16 more pages do not fit and 65520 bytes (not a page multiple) are reported. */
static const char *exact_free_bytes(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), ep = slot_alloc(), pages = slots_alloc(16);
    EXPECT_SLOT(ut && pages);
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES, "a fresh untyped reports %lu free bytes", free_bytes(ut, UT_BITS));
    EXPECT_OK(retype(ut, seL4_EndpointObject, 0, ep));
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, pages, 16), seL4_NotEnoughMemory);
    EXPECT_MR(0, UT_BYTES - BIT(seL4_EndpointBits));
    EXPECT_TAG(pages, TAG_NULL);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, pages, 15));
    EXPECT(free_bytes(ut, UT_BITS) == 0, "%lu bytes free after filling", free_bytes(ut, UT_BITS));
    return NULL;
}

/* Retype pages one by one until NotEnoughMemory (exactly 16 fit, then MR0 = 0); Revoke the
   untyped and its free memory is exactly what it was at the start, enough for 16 pages again. */
static const char *fill_revoke_refill(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), pages = slots_alloc(17);
    EXPECT_SLOT(ut && pages);
    seL4_Word at_start = free_bytes(ut, UT_BITS);
    EXPECT(at_start == UT_BYTES, "%lu bytes free at the start", at_start);
    unsigned made = 0;
    seL4_Error error = seL4_NoError;
    while (made < 17 && (error = retype(ut, seL4_RISCV_4K_Page, 0, pages + made)) == seL4_NoError) {
        made++;
    }
    EXPECT(made == UT_BYTES / PAGE, "%u pages fit in 64 KiB", made);
    EXPECT(error == seL4_NotEnoughMemory, "the 17th page: %s", error_name(error));
    EXPECT_MR(0, 0);
    EXPECT_OK(cap_revoke(ut));
    for (unsigned i = 0; i < made; i++) {
        EXPECT_TAG(pages + i, TAG_NULL);
    }
    EXPECT(free_bytes(ut, UT_BITS) == at_start, "%lu bytes free after Revoke", free_bytes(ut, UT_BITS));
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, pages, 16));
    return NULL;
}

/* Each object goes at the free pointer rounded up to its own size (§8.7, §12.13); the free
   bytes after each step show where the watermark went. */
static const char *objects_are_aligned_to_their_size(void)
{
    static const struct {
        seL4_Word type, size_bits, free_after;
    } steps[] = {
        {seL4_NotificationObject, 0, UT_BYTES - 64},      /* at 0, ends at 64 */
        {seL4_TCBObject, 0, UT_BYTES - 4096},             /* at 2048, ends at 4096 */
        {seL4_EndpointObject, 0, UT_BYTES - 4112},        /* at 4096, ends at 4112 */
        {seL4_CapTableObject, 4, UT_BYTES - 5120},        /* 512 bytes at 4608 */
        {seL4_SchedContextObject, 8, UT_BYTES - 5376},    /* 256 bytes at 5120 */
        {seL4_ReplyObject, 0, UT_BYTES - 5408},           /* 32 bytes at 5376 */
        {seL4_RISCV_PageTableObject, 0, UT_BYTES - 12288}, /* 4 KiB at 8192 */
        {seL4_UntypedObject, 4, UT_BYTES - 12304},        /* 16 bytes at 12288 */
        {seL4_RISCV_4K_Page, 0, UT_BYTES - 20480},        /* 4 KiB at 16384 */
    };
    seL4_CPtr ut = untyped_alloc(UT_BITS);
    EXPECT_SLOT(ut);
    for (unsigned i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        seL4_CPtr slot = slot_alloc();
        EXPECT_SLOT(slot);
        EXPECT_OK(retype(ut, steps[i].type, steps[i].size_bits, slot));
        seL4_Word free = free_bytes(ut, UT_BITS);
        EXPECT(free == steps[i].free_after, "after type %lu: %lu bytes free, expected %lu", steps[i].type, free,
               steps[i].free_after);
    }
    return NULL;
}

/* While any child lives, deleted children's memory is not reused (§8.7, §12.13): deleting three
   of four pages leaves the watermark, a new page goes after it, and only when every child is
   gone is the whole untyped free again. */
static const char *live_child_keeps_the_watermark(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), pages = slots_alloc(5);
    EXPECT_SLOT(ut && pages);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, pages, 4));
    for (unsigned i = 1; i < 4; i++) {
        EXPECT_OK(cap_delete(pages + i));
    }
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES - 4 * PAGE, "%lu bytes free with one page alive",
           free_bytes(ut, UT_BITS));
    EXPECT_OK(retype(ut, seL4_RISCV_4K_Page, 0, pages + 4));
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES - 5 * PAGE, "%lu bytes free after one more page",
           free_bytes(ut, UT_BITS));
    EXPECT_OK(cap_delete(pages));
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES - 5 * PAGE, "the watermark moved while a page lives");
    EXPECT_OK(cap_delete(pages + 4));
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES, "%lu bytes free with no child", free_bytes(ut, UT_BITS));
    return NULL;
}

/* A copy of a child keeps it alive like the child itself, and Revoke of the untyped deletes the
   copies too (§8.7 "Revoke deletes all CDT descendants"), so reuse never overlaps a live object. */
static const char *revoke_reaches_copies_of_children(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), page = slot_alloc(), copy = slot_alloc(), pages = slots_alloc(16);
    EXPECT_SLOT(ut && pages);
    EXPECT_OK(retype(ut, seL4_RISCV_4K_Page, 0, page));
    EXPECT_OK(cap_copy(copy, page, seL4_AllRights));
    EXPECT_OK(cap_delete(page));
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES - PAGE, "memory freed while a copy lives");
    EXPECT_OK(cap_revoke(ut));
    EXPECT_TAG(copy, TAG_NULL);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_RISCV_4K_Page, 0, ROOT, 0, 0, pages, 16));
    return NULL;
}

/* An untyped with children cannot be copied or minted: RevokeFirst (§8.5, §8.7); once its
   children are gone it can. */
static const char *untyped_with_children_is_not_copied(void)
{
    seL4_CPtr ut = untyped_alloc(12), ep = slot_alloc(), dest = slot_alloc();
    EXPECT_SLOT(ut && dest);
    EXPECT_OK(retype(ut, seL4_EndpointObject, 0, ep));
    EXPECT_ERR(cap_copy(dest, ut, seL4_AllRights), seL4_RevokeFirst);
    EXPECT_ERR(cap_mint(dest, ut, seL4_AllRights, 0), seL4_RevokeFirst);
    EXPECT_TAG(dest, TAG_NULL);
    EXPECT_OK(cap_delete(ep));
    EXPECT_OK(cap_copy(dest, ut, seL4_AllRights));
    EXPECT_TAG(dest, TAG_UNTYPED);
    return NULL;
}

/* An untyped retyped from an untyped is a source of objects itself; its parent counts its whole
   size as used, and Revoke of the parent deletes the child and everything made from it. */
static const char *untyped_from_untyped(void)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), child = slot_alloc(), grandchildren = slots_alloc(2);
    EXPECT_SLOT(ut && grandchildren);
    EXPECT_OK(retype(ut, seL4_UntypedObject, 12, child));
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES - BIT(12), "parent: %lu bytes free", free_bytes(ut, UT_BITS));
    EXPECT(free_bytes(child, 12) == BIT(12), "child: %lu bytes free", free_bytes(child, 12));
    EXPECT_OK(seL4_Untyped_Retype(child, seL4_EndpointObject, 0, ROOT, 0, 0, grandchildren, 2));
    EXPECT(free_bytes(child, 12) == BIT(12) - 32, "child: %lu bytes free", free_bytes(child, 12));
    EXPECT_OK(cap_revoke(ut));
    EXPECT_TAG(child, TAG_NULL);
    EXPECT_TAG(grandchildren, TAG_NULL);
    EXPECT_TAG(grandchildren + 1, TAG_NULL);
    EXPECT(free_bytes(ut, UT_BITS) == UT_BYTES, "parent: %lu bytes free after Revoke", free_bytes(ut, UT_BITS));
    return NULL;
}

void run_untyped_memory_tests(void)
{
    run_test("UNTYPED0013", exact_free_bytes);
    run_test("UNTYPED0014", fill_revoke_refill);
    run_test("UNTYPED0015", objects_are_aligned_to_their_size);
    run_test("UNTYPED0016", live_child_keeps_the_watermark);
    run_test("UNTYPED0017", revoke_reaches_copies_of_children);
    run_test("UNTYPED0018", untyped_with_children_is_not_copied);
    run_test("UNTYPED0019", untyped_from_untyped);
}
