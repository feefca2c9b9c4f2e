/* Lab 2's tests: trusted code in the harness. Every block the student's ut_alloc hands out is
   checked with the harness's own capabilities: the cap is copied out of the student's CNode
   (the kernel refuses to copy an untyped with children, so a block that was split or still
   holds objects shows), its size is what the kernel reports free in it, and 4 KiB blocks are
   told apart by the physical address of a frame made from them. Counts the student's process
   reports (free lists, slots) are cross-checked against what the harness sees. */
#include <cspace.h>
#include <grade.h>

#include "../lab2.h"

#define MAX_BLOCKS 64

typedef struct {
    seL4_CPtr cap;     /* in the student's CSpace */
    seL4_Word bits;    /* what ut_t::size_bits said */
    seL4_Word handle;  /* for LAB2_FREE */
} block_t;

typedef struct {
    seL4_Word count;      /* ut_free_count(bits) */
    seL4_Word free_bytes; /* ut_free_bytes() */
    seL4_Word slots;      /* free slots of the student's CSpace */
} state_t;

static bool start(grade_t *g)
{
    grade_student_config_t config = {.untyped_count = LAB2_PAGES, .untyped_bits = seL4_PageBits, .cnode_bits = 0};
    return grade_student_start(g, &config);
}

_Static_assert(LAB2_OK == 0, "grade_student_ask takes status 0 for done");

/* One request; false when the interaction ended (the reason is recorded). */
static bool ask(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in_words, size_t out_words)
{
    return grade_student_ask(g, label, mrs, in_words, out_words, LAB2_NO_SETUP);
}

/* ut_alloc(bits): 1 with a block, 0 for NULL, -1 when the interaction ended. */
static int alloc(grade_t *g, seL4_Word bits, block_t *block)
{
    seL4_Word mrs[GRADE_MSG_WORDS] = {bits};
    if (!ask(g, LAB2_ALLOC, mrs, 1, 4)) {
        return -1;
    }
    if (mrs[0] != LAB2_OK) {
        return 0;
    }
    *block = (block_t){.cap = mrs[1], .bits = mrs[2], .handle = mrs[3]};
    return 1;
}

static bool free_block(grade_t *g, const block_t *block)
{
    seL4_Word mrs[GRADE_MSG_WORDS] = {block->handle};
    return ask(g, LAB2_FREE, mrs, 1, 1) && grade_check(g, mrs[0] == LAB2_OK, "ut_free was refused a block");
}

static bool get_state(grade_t *g, seL4_Word bits, state_t *state)
{
    seL4_Word mrs[GRADE_MSG_WORDS] = {bits};
    if (!ask(g, LAB2_STATE, mrs, 1, 4)) {
        return false;
    }
    *state = (state_t){.count = mrs[1], .free_bytes = mrs[2], .slots = mrs[3]};
    return true;
}

/* What the kernel says about a block, through a copy of its cap in the harness's CSpace. */
typedef enum { PROBE_OK, PROBE_NO_COPY, PROBE_NOT_UNTYPED, PROBE_WRONG_SIZE } probe_t;

static probe_t probe(grade_t *g, seL4_CPtr student_cap, seL4_Word bits, seL4_Word *paddr)
{
    cspace_t *cs = grade_cspace(g);
    seL4_CPtr copy = cspace_alloc_slot(cs);
    seL4_CPtr scratch = cspace_alloc_slot(cs);
    probe_t result = PROBE_NO_COPY;
    if (copy != seL4_CapNull && scratch != seL4_CapNull &&
        seL4_CNode_Copy(cs->root_cnode, copy, seL4_WordBits, grade_student_cnode(g), student_cap, seL4_WordBits,
                        seL4_AllRights) == seL4_NoError) {
        result = PROBE_NOT_UNTYPED;
        if (seL4_DebugCapIdentify(copy) == 2 /* untyped */) {
            /* An untyped twice the size never fits: the error says how many bytes are free. */
            seL4_Error error = cspace_untyped_retype(cs, copy, scratch, seL4_UntypedObject, bits + 1);
            bool exact = error == seL4_NotEnoughMemory && seL4_GetMR(0) == 1ul << bits;
            (void)cspace_delete(cs, scratch);
            result = exact ? PROBE_OK : PROBE_WRONG_SIZE;
            if (exact && paddr != NULL && bits == seL4_PageBits &&
                cspace_untyped_retype(cs, copy, scratch, seL4_RISCV_4K_Page, seL4_PageBits) == seL4_NoError) {
                *paddr = seL4_RISCV_Page_GetAddress(scratch).paddr;
                (void)cspace_delete(cs, scratch);
            }
        }
        (void)cspace_delete(cs, copy);
    }
    cspace_free_slot(cs, copy);
    cspace_free_slot(cs, scratch);
    return result;
}

/* Checks one block lent by ut_alloc(bits): its own slot, the size asked for, no children. */
static bool check_block(grade_t *g, const block_t *block, seL4_Word bits, seL4_Word *paddr)
{
    if (!grade_check(g, block->bits == bits, "ut_alloc(%lu) gave a ut_t of size_bits %lu", bits, block->bits)) {
        return false;
    }
    static const char *const why[] = {
        [PROBE_NO_COPY] = "it cannot be copied: an empty slot, or an untyped with children (split, or objects in it)",
        [PROBE_NOT_UNTYPED] = "it is not an untyped",
        [PROBE_WRONG_SIZE] = "the kernel says it is not of that size",
    };
    probe_t result = probe(g, block->cap, bits, paddr);
    return grade_check(g, result == PROBE_OK, "ut_alloc(%lu) gave slot %lu: %s", bits, block->cap,
                       result == PROBE_OK ? "" : why[result]);
}

/* Takes every free 4 KiB block; checks each one and that no two are the same page. */
static bool drain_pages(grade_t *g, size_t *pages)
{
    seL4_Word paddrs[LAB2_PAGES + 1];
    *pages = 0;
    for (;;) {
        block_t block;
        int got = alloc(g, seL4_PageBits, &block);
        if (got <= 0) {
            return got == 0;
        }
        paddrs[*pages] = 0;
        if (!check_block(g, &block, seL4_PageBits, &paddrs[*pages])) {
            return false;
        }
        for (size_t i = 0; i < *pages; i++) {
            if (!grade_check(g, paddrs[i] != paddrs[*pages], "page 0x%lx was handed out twice", paddrs[i])) {
                return false;
            }
        }
        if (!grade_check(g, ++*pages <= LAB2_PAGES, "more than %u pages handed out", LAB2_PAGES)) {
            return false;
        }
    }
}

/* UT-01: every size from 16 bytes to 4 KiB (one check per size: partial credit). */
void test_every_size(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    for (seL4_Word bits = seL4_EndpointBits; bits <= seL4_PageBits; bits++) {
        block_t block;
        int got = alloc(g, bits, &block);
        if (got < 0) {
            return;
        }
        if (!grade_check(g, got == 1, "ut_alloc(%lu) returned NULL with memory free", bits)) {
            continue;
        }
        (void)check_block(g, &block, bits, NULL);
    }
}

/* UT-02: one 16-byte request on empty lists splits one page once per size, with two new slots
   each, and leaves one free block in every class below a page; a second takes the free half. */
void test_split_on_demand(grade_t *g)
{
    state_t page_before, after;
    block_t a, b;
    if (!start(g) || !get_state(g, seL4_PageBits, &page_before) || alloc(g, seL4_EndpointBits, &a) != 1 ||
        !check_block(g, &a, seL4_EndpointBits, NULL)) {
        grade_check(g, false, "ut_alloc(seL4_EndpointBits) did not give a 16-byte block");
        return;
    }
    for (seL4_Word bits = seL4_EndpointBits; bits < seL4_PageBits; bits++) {
        if (!get_state(g, bits, &after)) {
            return;
        }
        grade_check(g, after.count == 1, "after one 16-byte request: %lu free blocks of 2^%lu, expected 1", after.count,
                    bits);
    }
    if (!get_state(g, seL4_PageBits, &after)) {
        return;
    }
    grade_check(g, after.count == page_before.count - 1, "one 16-byte request took %lu pages, expected 1",
                page_before.count - after.count);
    grade_check(g, page_before.slots - after.slots == 2 * (seL4_PageBits - seL4_EndpointBits),
                "one 16-byte request used %lu slots, expected 16 (two per split)", page_before.slots - after.slots);
    state_t before_b = after;
    if (alloc(g, seL4_EndpointBits, &b) != 1 || !check_block(g, &b, seL4_EndpointBits, NULL)) {
        grade_check(g, false, "a second 16-byte request failed");
        return;
    }
    grade_check(g, b.cap != a.cap, "the same block (slot %lu) was handed out twice", a.cap);
    if (get_state(g, seL4_EndpointBits, &after)) {
        grade_check(g, after.slots == before_b.slots && after.count == 0,
                    "the second 16-byte request split again instead of taking the free half");
    }
}

/* UT-03: two blocks of every size, largest first: all distinct, all exact, packed into two
   pages (a block split for small sizes is never handed out as a page). */
void test_distinct_blocks(grade_t *g)
{
    block_t blocks[2 * (seL4_PageBits - seL4_EndpointBits)];
    size_t n = 0;
    if (!start(g)) {
        return;
    }
    for (seL4_Word bits = seL4_PageBits - 1; bits >= seL4_EndpointBits; bits--) {
        for (int k = 0; k < 2; k++) {
            int got = alloc(g, bits, &blocks[n]);
            if (got < 0 || !grade_check(g, got == 1, "ut_alloc(%lu) returned NULL with memory free", bits) ||
                !check_block(g, &blocks[n], bits, NULL)) {
                return;
            }
            for (size_t i = 0; i < n; i++) {
                if (!grade_check(g, blocks[i].cap != blocks[n].cap, "slot %lu was handed out twice", blocks[i].cap)) {
                    return;
                }
            }
            n++;
        }
    }
    size_t pages = 0;
    if (drain_pages(g, &pages)) {
        grade_check(g, LAB2_PAGES - pages == 2,
                    "two blocks of each size from 2 KiB down to 16 bytes (8160 bytes) used %lu pages, expected 2",
                    (seL4_Word)(LAB2_PAGES - pages));
    }
}

/* UT-04: ut_free gives a block back, and the next request of that size takes it: no new
   slots, no new page, and the free bytes are as before. */
void test_free_reuses(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    static const seL4_Word sizes[] = {seL4_EndpointBits, 6, 9, seL4_PageBits};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        seL4_Word bits = sizes[i];
        block_t first, again;
        state_t before, freed, after;
        if (alloc(g, bits, &first) != 1 || !check_block(g, &first, bits, NULL)) {
            grade_check(g, false, "ut_alloc(%lu) failed", bits);
            return;
        }
        if (!get_state(g, bits, &before) || !free_block(g, &first) || !get_state(g, bits, &freed)) {
            return;
        }
        grade_check(g, freed.count == before.count + 1 && freed.free_bytes == before.free_bytes + (1ul << bits),
                    "after ut_free of a 2^%lu block: %lu free blocks of that size (expected %lu)", bits, freed.count,
                    before.count + 1);
        if (alloc(g, bits, &again) != 1 || !check_block(g, &again, bits, NULL) || !get_state(g, bits, &after)) {
            grade_check(g, false, "ut_alloc(%lu) failed after ut_free", bits);
            return;
        }
        grade_check(g, after.slots == freed.slots && after.free_bytes == before.free_bytes,
                    "ut_alloc(%lu) after ut_free did not take the freed block (%lu slots used)", bits,
                    freed.slots - after.slots);
    }
}

/* UT-05: when a split cannot finish (no slot for a half), ut_alloc returns NULL and leaves
   nothing behind: no bytes lost, every slot in use belongs to a finished split (two per
   split), the blocks left have no children; and with slots back, allocation works again. */
void test_failed_split(grade_t *g)
{
    state_t before, after;
    seL4_Word mrs[GRADE_MSG_WORDS] = {3}; /* keep 3 free slots: a 16-byte request needs 16 */
    if (!start(g) || !get_state(g, seL4_PageBits, &before) || !ask(g, LAB2_FILL_SLOTS, mrs, 1, 2)) {
        return;
    }
    seL4_Word slots_before = mrs[1];
    block_t block;
    int got = alloc(g, seL4_EndpointBits, &block);
    if (got < 0 || !grade_check(g, got == 0, "ut_alloc(16 bytes) succeeded with 3 free slots")) {
        return;
    }
    if (!get_state(g, seL4_PageBits, &after)) {
        return;
    }
    grade_check(g, after.free_bytes == before.free_bytes, "the failed request lost %ld bytes",
                (long)(before.free_bytes - after.free_bytes));
    seL4_Word small = 0; /* free blocks below a page, all made by splits of the pages taken */
    for (seL4_Word bits = seL4_EndpointBits; bits < seL4_PageBits; bits++) {
        state_t s;
        if (!get_state(g, bits, &s)) {
            return;
        }
        small += s.count;
    }
    seL4_Word pages_taken = before.count - after.count;
    /* Each split turns a block into two: blocks below a page = splits + pages split, and
       each split holds two slots. */
    grade_check(g, slots_before - after.slots == 2 * (small - pages_taken),
                "the failed request kept %lu slots, but its finished splits account for %lu",
                slots_before - after.slots, 2 * (small - pages_taken));
    mrs[0] = 0;
    if (!ask(g, LAB2_RELEASE, mrs, 0, 2)) {
        return;
    }
    for (seL4_Word bits = seL4_PageBits - 1; bits >= seL4_EndpointBits; bits--) {
        got = alloc(g, bits, &block);
        if (got < 0 || !grade_check(g, got == 1, "ut_alloc(%lu) failed once the slots were back", bits) ||
            !check_block(g, &block, bits, NULL)) {
            return;
        }
    }
}

/* UT-06: running out: exactly two 2 KiB blocks per page, then NULL for every size (no crash),
   and NULL for sizes outside 16 bytes .. 4 KiB. */
void test_running_out(grade_t *g)
{
    if (!start(g)) {
        return;
    }
    block_t blocks[2 * LAB2_PAGES];
    size_t n = 0;
    for (;;) {
        block_t block;
        int got = alloc(g, seL4_PageBits - 1, &block);
        if (got < 0) {
            return;
        }
        if (got == 0) {
            break;
        }
        if (!grade_check(g, n < 2 * LAB2_PAGES, "more than %u blocks of 2 KiB from %u pages", 2 * LAB2_PAGES,
                         LAB2_PAGES) ||
            !check_block(g, &block, seL4_PageBits - 1, NULL)) {
            return;
        }
        for (size_t i = 0; i < n; i++) {
            if (!grade_check(g, blocks[i].cap != block.cap, "slot %lu was handed out twice", block.cap)) {
                return;
            }
        }
        blocks[n++] = block;
    }
    grade_check(g, n == 2 * LAB2_PAGES, "%lu blocks of 2 KiB from %u pages, expected %u", (seL4_Word)n, LAB2_PAGES,
                2 * LAB2_PAGES);
    static const seL4_Word sizes[] = {seL4_EndpointBits, 8, seL4_PageBits - 1, seL4_PageBits, 3, seL4_PageBits + 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        block_t block;
        int got = alloc(g, sizes[i], &block);
        if (got < 0) {
            return;
        }
        grade_check(g, got == 0, "ut_alloc(%lu) gave a block with no memory left (or a size out of range)", sizes[i]);
    }
}
