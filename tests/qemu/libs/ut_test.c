/* libut against the real kernel: sizes, splitting on demand, no merging, running out, and bad
   input. Expectations are the semantics of shared/reference/aos-libs.md ("libut"). */
#include "libtest.h"

#define SMALL_CLASSES (seL4_PageBits - seL4_EndpointBits) /* 16 bytes .. 2 KiB */
#define MAX_PAGES (1u << 18)                             /* 1 GiB of RAM */

static ut_t *held[4 * SMALL_CLASSES * 64];
static size_t held_count;
static uint32_t page_numbers[MAX_PAGES];   /* paddr / 4 KiB of every page taken by drain_all */

static void release_held(void)
{
    while (held_count > 0) {
        ut_free(held[--held_count]);
    }
}

/* Takes every free block of 2^bits (kept in `held`); false if there are too many. */
static bool drain_class(size_t bits)
{
    while (ut_free_count(bits) > 0) {
        if (held_count == sizeof held / sizeof held[0]) {
            return false;
        }
        held[held_count++] = ut_alloc(bits, &cspace);
    }
    return true;
}

/* Every size from seL4_EndpointBits to seL4_PageBits: an untyped of exactly that size (the
   kernel reports that many bytes free in it), never a device one. */
static const char *alloc_gives_each_size(void)
{
    for (size_t bits = seL4_EndpointBits; bits <= seL4_PageBits; bits++) {
        ut_t *ut = ut_alloc(bits, &cspace);
        EXPECT(ut != NULL, "ut_alloc(%lu) failed", bits);
        EXPECT(ut->size_bits == bits && ut->valid && !ut->device, "ut_alloc(%lu) gave size_bits %lu", bits,
               (seL4_Word)ut->size_bits);
        EXPECT_TAG(ut->cap, TAG_UNTYPED);
        EXPECT(ut_free_bytes_in_kernel(ut) == 1ul << bits, "2^%lu block: %lu bytes free in the kernel", bits,
               ut_free_bytes_in_kernel(ut));
        ut_free(ut);
    }
    return NULL;
}

/* With every class below a page empty, one 16-byte allocation splits a page in 8 steps (two
   new slots each) and leaves one free block in every class from 16 bytes to 2 KiB; the next
   16-byte allocation takes the free half without a split. */
static const char *split_on_demand(void)
{
    for (size_t bits = seL4_EndpointBits; bits < seL4_PageBits; bits++) {
        EXPECT(drain_class(bits), "too many free blocks of 2^%lu", bits);
    }
    size_t pages = ut_free_count(seL4_PageBits), free_bytes = ut_free_bytes();
    seL4_CPtr slot = next_free_slot(&cspace);
    ut_t *a = ut_alloc(seL4_EndpointBits, &cspace);
    EXPECT(a != NULL, "ut_alloc(seL4_EndpointBits) failed");
    EXPECT(ut_free_count(seL4_PageBits) == pages - 1, "pages free: %lu, expected %lu",
           ut_free_count(seL4_PageBits), pages - 1);
    for (size_t bits = seL4_EndpointBits; bits < seL4_PageBits; bits++) {
        EXPECT(ut_free_count(bits) == 1, "%lu free blocks of 2^%lu after one split, expected 1", ut_free_count(bits),
               bits);
    }
    EXPECT(ut_free_bytes() == free_bytes - 16, "free bytes %lu, expected %lu", ut_free_bytes(), free_bytes - 16);
    EXPECT(next_free_slot(&cspace) >= slot + 2 * SMALL_CLASSES, "a split of 8 steps used fewer than 16 slots");
    seL4_CPtr after_split = next_free_slot(&cspace);
    ut_t *b = ut_alloc(seL4_EndpointBits, &cspace);
    EXPECT(b != NULL && b != a && ut_free_count(seL4_EndpointBits) == 0, "the free 16-byte half was not used");
    EXPECT(next_free_slot(&cspace) == after_split, "taking a free block used a slot");
    EXPECT(ut_free_bytes_in_kernel(a) == 16 && ut_free_bytes_in_kernel(b) == 16, "halves are not 16 bytes");
    ut_free(a);
    ut_free(b);
    release_held();
    return NULL;
}

/* Two free 16-byte halves stay two: a 32-byte request takes a 32-byte block (or splits a
   larger one), never the pair. */
static const char *no_merging(void)
{
    EXPECT(drain_class(seL4_EndpointBits) && drain_class(seL4_EndpointBits + 1), "too many free small blocks");
    ut_t *a = ut_alloc(seL4_EndpointBits, &cspace);
    ut_t *b = ut_alloc(seL4_EndpointBits, &cspace);
    EXPECT(a != NULL && b != NULL, "16-byte allocations failed");
    ut_free(a);
    ut_free(b);
    EXPECT(ut_free_count(seL4_EndpointBits) == 2, "%lu free 16-byte blocks, expected 2",
           ut_free_count(seL4_EndpointBits));
    ut_t *c = ut_alloc(seL4_EndpointBits + 1, &cspace);
    EXPECT(c != NULL && c->size_bits == seL4_EndpointBits + 1, "32-byte allocation failed");
    EXPECT(ut_free_count(seL4_EndpointBits) == 2, "the 16-byte halves were merged into a 32-byte block");
    EXPECT(ut_free_bytes_in_kernel(c) == 32, "the 32-byte block has %lu bytes", ut_free_bytes_in_kernel(c));
    ut_free(c);
    release_held();
    return NULL;
}

/* Freed blocks come back first: alloc, free, alloc gives the same untyped. */
static const char *free_then_alloc_is_the_same(void)
{
    for (size_t bits = seL4_EndpointBits; bits <= seL4_PageBits; bits++) {
        ut_t *a = ut_alloc(bits, &cspace);
        ut_free(a);
        ut_t *b = ut_alloc(bits, &cspace);
        EXPECT(a != NULL && a == b, "2^%lu: %p then %p", bits, (void *)a, (void *)b);
        ut_free(b);
    }
    return NULL;
}

/* Every page taken: ut_alloc_4k_untyped, ut_alloc of a page and of an empty small class return
   NULL; everything given back restores the free memory exactly. */
static const char *out_of_memory_returns_null(void)
{
    size_t free_bytes = ut_free_bytes(), pages = 0;
    for (size_t bits = seL4_EndpointBits; bits < seL4_PageBits; bits++) {
        EXPECT(drain_class(bits), "too many free blocks of 2^%lu", bits);
    }
    uintptr_t paddr;
    for (ut_t *ut; (ut = ut_alloc_4k_untyped(&paddr)) != NULL;) {
        EXPECT(pages < MAX_PAGES, "more than %u pages", MAX_PAGES);
        page_numbers[pages++] = (uint32_t)(paddr >> seL4_PageBits);
    }
    EXPECT(ut_free_bytes() == 0, "%lu bytes still free", ut_free_bytes());
    EXPECT(ut_alloc(seL4_PageBits, &cspace) == NULL, "ut_alloc of a page succeeded with no memory");
    EXPECT(ut_alloc(seL4_EndpointBits, &cspace) == NULL, "ut_alloc of 16 bytes succeeded with no memory");
    for (size_t i = 0; i < pages; i++) {
        ut_free(ut_4k_at((uintptr_t)page_numbers[i] << seL4_PageBits));
    }
    release_held();
    EXPECT(ut_free_bytes() == free_bytes, "free bytes %lu after giving all back, expected %lu", ut_free_bytes(),
           free_bytes);
    EXPECT(pages * 4096 <= ut_size(), "%lu pages taken, more than ut_size", pages);
    return NULL;
}

/* NULL, double frees and foreign pointers change nothing; bad sizes and device lookups of RAM
   or unregistered addresses give NULL. */
static const char *bad_input_is_refused(void)
{
    size_t free_bytes = ut_free_bytes(), size = ut_size();
    ut_t *ut = ut_alloc(seL4_EndpointBits, &cspace);
    EXPECT(ut != NULL, "ut_alloc failed");
    ut_free(ut);
    ut_free(ut);
    ut_free(NULL);
    ut_t fake = *ut;
    fake.in_use = 1;
    ut_free(&fake);
    ut_free((ut_t *)((char *)ut + 8));
    EXPECT(ut_free_bytes() == free_bytes, "free bytes %lu, expected %lu", ut_free_bytes(), free_bytes);
    EXPECT(ut_alloc(seL4_EndpointBits - 1, &cspace) == NULL, "size below seL4_EndpointBits accepted");
    EXPECT(ut_alloc(seL4_PageBits + 1, &cspace) == NULL, "size above seL4_PageBits accepted");
    EXPECT(ut_alloc(0, &cspace) == NULL && ut_alloc(64, &cspace) == NULL, "absurd sizes accepted");
    uintptr_t paddr;
    ut_t *page = ut_alloc_4k_untyped(&paddr);
    EXPECT(page != NULL && ut_alloc_4k_device(paddr) == NULL, "a RAM page was handed out as device memory");
    ut_free(page);
    EXPECT(ut_alloc_4k_device(0x10000000) == NULL, "an unregistered device page was handed out");
    EXPECT(ut_4k_at(0) == NULL && ut_free_count(3) == 0 && ut_free_count(13) == 0, "bad queries answered");
    EXPECT(ut_size() == size, "ut_size changed from %lu to %lu", size, ut_size());
    return NULL;
}

void run_ut_tests(void)
{
    run_test("UT0001", alloc_gives_each_size);
    run_test("UT0002", split_on_demand);
    run_test("UT0003", no_merging);
    run_test("UT0004", free_then_alloc_is_the_same);
    run_test("UT0005", out_of_memory_returns_null);
    run_test("UT0006", bad_input_is_refused);
}
