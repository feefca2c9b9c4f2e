/* Lab 6's tests (trusted: they run in the grading harness, see docs/grading.md). What the
   student's process reports is checked against the harness's own view where it can be: frame
   caps are copied out of the student's CNode, their physical addresses compared with the
   untypeds the harness handed out, and their contents read through the harness's own mapping. */
#include <bootstrap.h>
#include <grade.h>

#include "lab6.h"

#define RAM_UNTYPED_BITS 12

static bool start(grade_t *g, size_t pool)
{
    grade_student_config_t config = {.untyped_count = LAB6_RESERVED + pool, .untyped_bits = RAM_UNTYPED_BITS};
    return grade_student_start(g, &config);
}

/* One request with up to three arguments; the answer in mrs. */
static bool call(grade_t *g, seL4_Word label, seL4_Word a, seL4_Word b, seL4_Word c, seL4_Word *mrs, size_t words)
{
    mrs[0] = a;
    mrs[1] = b;
    mrs[2] = c;
    size_t got = 0;
    if (!grade_student_call(g, label, mrs, 3, &got)) {
        return false;
    }
    if (got != words) {
        grade_fail(g, "the student's process answered request %lu with %zu words, not %zu", (unsigned long)label, got,
                   words);
        return false;
    }
    return true;
}

/* The physical address of the frame in the student's `slot` when it is a frame made from one of
   the untypeds of the frame table's pool, else 0. */
static seL4_Word pool_frame_paddr(grade_t *g, seL4_Word slot)
{
    seL4_CPtr copy = grade_student_copy(g, slot);
    if (copy == seL4_CapNull) {
        return 0;
    }
    seL4_RISCV_Page_GetAddress_t address = seL4_RISCV_Page_GetAddress(copy);
    grade_copy_free(g, copy);
    const seL4_BootInfo *bi = grade_student_bootinfo(g);
    size_t count = bi->untyped.end - bi->untyped.start;
    for (size_t i = LAB6_RESERVED; address.error == seL4_NoError && i < count; i++) {
        if (bi->untypedList[i].paddr == address.paddr) {
            return address.paddr;
        }
    }
    return 0;
}

/* PAGE-01: frames from the pool's untypeds, counted, exhausted, freed and made again. */
void test_frame_table(grade_t *g)
{
    enum { POOL = 6 };
    if (!start(g, POOL)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB6_STATS, 0, 0, 0, mrs, 3)) {
        return;
    }
    grade_check(g, mrs[0] == 0 && mrs[1] == POOL && mrs[2] == POOL,
                "after frame_table_init with %d untypeds: %lu used, %lu free (expected 0 and %d)", POOL,
                (unsigned long)mrs[0], (unsigned long)mrs[1], POOL);
    seL4_Word frames[POOL], paddrs[POOL];
    for (int i = 0; i < POOL; i++) {
        if (!call(g, LAB6_ALLOC, 0, 0, 0, mrs, 2)) {
            return;
        }
        frames[i] = mrs[0];
        paddrs[i] = (long)mrs[0] >= 0 ? pool_frame_paddr(g, mrs[1]) : 0;
        bool distinct = true;
        for (int j = 0; j < i; j++) {
            distinct &= frames[j] != frames[i] && paddrs[j] != paddrs[i];
        }
        grade_check(g, (long)frames[i] >= 0 && paddrs[i] != 0 && distinct,
                    "frame_alloc number %d: frame %ld with cap in slot %lu is not a new frame made from one of "
                    "the pool's untypeds",
                    i + 1, (long)frames[i], (unsigned long)mrs[1]);
    }
    if (!call(g, LAB6_ALLOC, 0, 0, 0, mrs, 2)) {
        return;
    }
    grade_check(g, (long)mrs[0] == -1 && mrs[1] == seL4_CapNull,
                "frame_alloc with every untyped used returned %ld (cap %lu), not -1", (long)mrs[0],
                (unsigned long)mrs[1]);
    if (!call(g, LAB6_STATS, 0, 0, 0, mrs, 3)) {
        return;
    }
    grade_check(g, mrs[0] == POOL && mrs[1] == 0, "with every frame allocated: %lu used, %lu free (expected %d and 0)",
                (unsigned long)mrs[0], (unsigned long)mrs[1], POOL);
    if (!call(g, LAB6_FREE, frames[2], 0, 0, mrs, 2)) {
        return;
    }
    grade_check(g, mrs[0] == POOL - 1 && mrs[1] == 1, "after one frame_free: %lu used, %lu free (expected %d and 1)",
                (unsigned long)mrs[0], (unsigned long)mrs[1], POOL - 1);
    if (!call(g, LAB6_ALLOC, 0, 0, 0, mrs, 2)) {
        return;
    }
    seL4_Word again = (long)mrs[0] >= 0 ? pool_frame_paddr(g, mrs[1]) : 0;
    grade_check(g, (long)mrs[0] >= 0 && again != 0,
                "frame_alloc after a frame_free failed (%ld): the freed untyped must be retyped again", (long)mrs[0]);
    grade_check(g, again == paddrs[2], "the frame made after freeing frame %lu is at 0x%lx, not at 0x%lx where the "
                "freed untyped is", (unsigned long)frames[2], (unsigned long)again, (unsigned long)paddrs[2]);
}

/* PAGE-02: first touches of 16 heap pages fault once each and keep their data; tables come from
   the pool; touching them again does not fault. */
void test_demand_paging(grade_t *g)
{
    enum { POOL = 24, PAGES = 16, TABLES = 2 };
    if (!start(g, POOL)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB6_TOUCH, 0, PAGES, 0x1234, mrs, 5)) {
        return;
    }
    grade_check(g, mrs[0] == LAB6_RESUME, "touching %d heap pages: status %lu (fault at 0x%lx), not LAB6_RESUME",
                PAGES, (unsigned long)mrs[0], (unsigned long)mrs[4]);
    grade_check(g, mrs[1] == PAGES, "touching %d heap pages took %lu faults, not one per page", PAGES,
                (unsigned long)mrs[1]);
    grade_check(g, mrs[2] == PAGES, "only %lu of %d pages read back what the client wrote", (unsigned long)mrs[2],
                PAGES);
    if (!call(g, LAB6_STATS, 0, 0, 0, mrs, 3)) {
        return;
    }
    grade_check(g, mrs[0] == PAGES && mrs[1] == POOL - PAGES - TABLES,
                "after %d pages: %lu frames used, %lu entries free (expected %d, and %d: two page tables come "
                "from the pool too)",
                PAGES, (unsigned long)mrs[0], (unsigned long)mrs[1], PAGES, POOL - PAGES - TABLES);
    if (!call(g, LAB6_TOUCH, 0, PAGES, 0x5678, mrs, 5)) {
        return;
    }
    grade_check(g, mrs[0] == LAB6_RESUME && mrs[1] == 0 && mrs[2] == PAGES,
                "writing the mapped pages again: status %lu, %lu faults (expected none), %lu of %d pages good",
                (unsigned long)mrs[0], (unsigned long)mrs[1], (unsigned long)mrs[2], PAGES);
}

/* PAGE-03: the frames the pager reports for each page hold what the client wrote, read through
   the harness's own mapping of a copy of each frame cap. */
void test_frames_hold_data(grade_t *g)
{
    enum { POOL = 20, FIRST = 3, PAGES = 8, SEED = 0xabcdef };
    if (!start(g, POOL)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB6_TOUCH, FIRST, PAGES, SEED, mrs, 5)) {
        return;
    }
    if (!grade_check(g, mrs[0] == LAB6_RESUME && mrs[2] == PAGES, "touching %d heap pages: status %lu, %lu good",
                     PAGES, (unsigned long)mrs[0], (unsigned long)mrs[2])) {
        return;
    }
    seL4_Word paddrs[PAGES];
    for (seL4_Word p = FIRST; p < FIRST + PAGES; p++) {
        seL4_Word vaddr = LAB6_HEAP_START + p * LAB6_PAGE_SIZE + 0x123;
        if (!call(g, LAB6_LOOKUP, vaddr, 0, 0, mrs, 2)) {
            return;
        }
        seL4_CPtr copy = (long)mrs[0] >= 0 ? grade_student_copy(g, mrs[1]) : seL4_CapNull;
        seL4_RISCV_Page_GetAddress_t address = {.error = seL4_InvalidCapability};
        const volatile seL4_Word *page = NULL;
        if (copy != seL4_CapNull) {
            address = seL4_RISCV_Page_GetAddress(copy);
            page = address.error == seL4_NoError ? root_task_map_frame(grade_cspace(g), copy) : NULL;
        }
        bool good = page != NULL && page[0] == lab6_pattern(p, SEED, 0) && page[511] == lab6_pattern(p, SEED, 511);
        paddrs[p - FIRST] = address.paddr;
        for (seL4_Word q = FIRST; q < p; q++) {
            good &= paddrs[q - FIRST] != address.paddr;
        }
        grade_check(g, good, "page 0x%lx: pager_lookup gave frame %ld (cap %lu), which is not a frame of its own "
                    "holding what the client wrote there", (unsigned long)vaddr, (long)mrs[0], (unsigned long)mrs[1]);
        grade_copy_free(g, copy);
    }
    if (!call(g, LAB6_LOOKUP, LAB6_HEAP_START + (FIRST + PAGES) * LAB6_PAGE_SIZE, 0, 0, mrs, 2)) {
        return;
    }
    grade_check(g, (long)mrs[0] == -1, "pager_lookup of a page never touched gave %ld, not -1", (long)mrs[0]);
}

/* PAGE-04: writes outside the heap are reported as invalid, not mapped, and the pager goes on
   serving the heap afterwards. */
void test_invalid_access(grade_t *g)
{
    static const seL4_Word bad[] = {0x90000000ul, LAB6_HEAP_START - sizeof(seL4_Word),
                                    LAB6_HEAP_START + LAB6_HEAP_PAGES * LAB6_PAGE_SIZE, 0x10};
    if (!start(g, 8)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB6_TOUCH, 0, 2, 7, mrs, 5)) {
        return;
    }
    grade_check(g, mrs[0] == LAB6_RESUME && mrs[2] == 2, "touching 2 heap pages: status %lu, %lu good",
                (unsigned long)mrs[0], (unsigned long)mrs[2]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (!call(g, LAB6_BAD, bad[i], 0, 0, mrs, 5)) {
            return;
        }
        grade_check(g, mrs[0] == LAB6_INVALID && mrs[1] == 1 && mrs[4] == bad[i],
                    "a write to 0x%lx, outside the heap: status %lu after %lu faults (last at 0x%lx), not "
                    "LAB6_INVALID after one",
                    (unsigned long)bad[i], (unsigned long)mrs[0], (unsigned long)mrs[1], (unsigned long)mrs[4]);
    }
    if (!call(g, LAB6_CHECK, 0, 3, 7, mrs, 5)) {
        return;
    }
    grade_check(g, mrs[0] == LAB6_RESUME && mrs[1] == 1 && mrs[2] == 2 && mrs[3] == 1,
                "after the invalid writes, reading 3 heap pages: status %lu, %lu faults, %lu pages kept their "
                "data (expected 2), %lu fresh zero pages (expected 1)",
                (unsigned long)mrs[0], (unsigned long)mrs[1], (unsigned long)mrs[2], (unsigned long)mrs[3]);
    if (!call(g, LAB6_STATS, 0, 0, 0, mrs, 3)) {
        return;
    }
    grade_check(g, mrs[0] == 3, "%lu frames used after 3 heap pages and 4 invalid writes, not 3",
                (unsigned long)mrs[0]);
}

/* PAGE-05: running out of memory is reported; pager_release gives every frame back, and the
   pages fault again into fresh, zeroed frames. */
void test_out_of_memory(grade_t *g)
{
    enum { POOL = 10, TABLES = 2, FRAMES = POOL - TABLES };
    if (!start(g, POOL)) {
        return;
    }
    seL4_Word mrs[GRADE_MSG_WORDS];
    if (!call(g, LAB6_TOUCH, 0, FRAMES + 4, 9, mrs, 5)) {
        return;
    }
    seL4_Word expected = LAB6_HEAP_START + FRAMES * LAB6_PAGE_SIZE;
    grade_check(g, mrs[0] == LAB6_NO_MEMORY && mrs[1] == FRAMES + 1 && mrs[4] == expected,
                "touching %d pages with room for %d: status %lu after %lu faults at 0x%lx (expected LAB6_NO_MEMORY "
                "at 0x%lx)",
                FRAMES + 4, FRAMES, (unsigned long)mrs[0], (unsigned long)mrs[1], (unsigned long)mrs[4],
                (unsigned long)expected);
    if (!call(g, LAB6_STATS, 0, 0, 0, mrs, 3)) {
        return;
    }
    grade_check(g, mrs[0] == FRAMES && mrs[1] == 0, "out of memory: %lu used, %lu free (expected %d and 0)",
                (unsigned long)mrs[0], (unsigned long)mrs[1], FRAMES);
    if (!call(g, LAB6_RELEASE, 0, 0, 0, mrs, 2)) {
        return;
    }
    grade_check(g, mrs[0] == 0 && mrs[1] == FRAMES, "after pager_release: %lu used, %lu free (expected 0 and %d)",
                (unsigned long)mrs[0], (unsigned long)mrs[1], FRAMES);
    if (!call(g, LAB6_CHECK, 0, FRAMES, 9, mrs, 5)) {
        return;
    }
    grade_check(g, mrs[0] == LAB6_RESUME && mrs[1] == FRAMES && mrs[3] == FRAMES,
                "reading %d released pages: status %lu, %lu faults, %lu zero pages (expected a fault and a fresh "
                "zero page each)",
                FRAMES, (unsigned long)mrs[0], (unsigned long)mrs[1], (unsigned long)mrs[3]);
    if (!call(g, LAB6_LOOKUP, LAB6_HEAP_START, 0, 0, mrs, 2)) {
        return;
    }
    grade_check(g, (long)mrs[0] >= 0 && pool_frame_paddr(g, mrs[1]) != 0,
                "after the pages came back, pager_lookup of the first one gave %ld", (long)mrs[0]);
}
