/* Lab 2's student process (not edited by students): it sets up libut over the untypeds its
   bootinfo lists, with its own one-level CSpace for the halves of splits, then serves the
   tests' requests (lab2.h) with ut_alloc and ut_free. Your code is ut_alloc.c. */
#include <cspace.h>
#include <sel4runtime.h>
#include <stdio.h>
#include <student.h>
#include <ut.h>

#include "lab2.h"

#define PAGE_BYTES (1ul << seL4_PageBits)
#define TABLE_PAGES 16 /* libut's table for untypeds spanning up to 10 MiB */

static cspace_t cspace; /* this process's own CSpace: its one root CNode */
static char table[TABLE_PAGES * PAGE_BYTES] __attribute__((aligned(4096)));
static ut_t *lent[LAB2_MAX_LENT]; /* blocks lent out, by handle */
static seL4_CPtr filled[CSPACE_NODE_SLOTS]; /* slots LAB2_FILL_SLOTS took */
static size_t filled_count;
static bool ready;

/* The root CNode as a one-level cspace: the free slots are those of bootinfo's empty range that
   are really empty (the endpoint to the harness, for one, sits at a fixed slot). */
static void describe_cspace(const seL4_BootInfo *bi)
{
    cspace.root_cnode = seL4_CapInitThreadCNode;
    cspace.two_level = false;
    cspace.top_bits = CSPACE_NODE_BITS;
    cspace.bitmap[0] = cspace.bitmap[1] = ~0ul;
    for (seL4_CPtr slot = bi->empty.start; slot < bi->empty.end && slot < CSPACE_NODE_SLOTS; slot++) {
        if (slot != seL4_CapNull && slot != STUDENT_ENDPOINT && seL4_DebugCapIdentify(slot) == 0) {
            cspace.bitmap[slot / 64] &= ~(1ul << (slot % 64));
        }
    }
}

/* Registers one untyped from bootinfo: a 4 KiB one as it is, a larger one as 4 KiB pieces in
   consecutive free slots (as many as fit). */
static void add_untyped(seL4_CPtr cap, const seL4_UntypedDesc *desc)
{
    if (desc->sizeBits == seL4_PageBits) {
        ut_add_untyped_range(desc->paddr, cap, 1, false);
        return;
    }
    size_t pages = 1ul << (desc->sizeBits - seL4_PageBits);
    size_t n = pages < 64 ? pages : 64;
    seL4_CPtr first = cspace_alloc_slots(&cspace, n);
    if (first != seL4_CapNull &&
        seL4_Untyped_Retype(cap, seL4_UntypedObject, seL4_PageBits, cspace.root_cnode, 0, 0, first, n) == seL4_NoError) {
        ut_add_untyped_range(desc->paddr, first, n, false);
    }
}

static bool set_up(void)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    describe_cspace(bi);
    ut_region_t region = {~0ul, 0};
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (!desc->isDevice && desc->sizeBits >= seL4_PageBits) {
            region.start = desc->paddr < region.start ? desc->paddr : region.start;
            seL4_Word end = desc->paddr + (1ul << desc->sizeBits);
            region.end = end > region.end ? end : region.end;
        }
    }
    size_t pages = ut_pages_for_region(region);
    if (pages == 0 || pages > TABLE_PAGES) {
        printf("lab2: cannot set up libut: untypeds span %lu bytes\n", region.end - region.start);
        return false;
    }
    ut_init(table, region);
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (!desc->isDevice && desc->sizeBits >= seL4_PageBits) {
            add_untyped(cap, desc);
        }
    }
    return true;
}

static seL4_Word free_slots(void)
{
    return (seL4_Word)(__builtin_popcountl(~cspace.bitmap[0]) + __builtin_popcountl(~cspace.bitmap[1]));
}

static size_t do_alloc(seL4_Word *mrs)
{
    size_t handle = 0;
    while (handle < LAB2_MAX_LENT && lent[handle] != NULL) {
        handle++;
    }
    if (handle == LAB2_MAX_LENT) {
        mrs[0] = LAB2_TOO_MANY;
        return 1;
    }
    ut_t *ut = ut_alloc(mrs[0], &cspace);
    if (ut == NULL) {
        mrs[0] = LAB2_NULL;
        return 1;
    }
    lent[handle] = ut;
    mrs[0] = LAB2_OK;
    mrs[1] = ut->cap;
    mrs[2] = ut->size_bits;
    mrs[3] = handle;
    return 4;
}

static size_t do_free(seL4_Word *mrs)
{
    if (mrs[0] >= LAB2_MAX_LENT || lent[mrs[0]] == NULL) {
        mrs[0] = LAB2_BAD_HANDLE;
        return 1;
    }
    ut_free(lent[mrs[0]]);
    lent[mrs[0]] = NULL;
    mrs[0] = LAB2_OK;
    return 1;
}

static size_t do_fill(seL4_Word *mrs)
{
    seL4_Word keep = mrs[0];
    while (free_slots() > keep && filled_count < CSPACE_NODE_SLOTS) {
        filled[filled_count++] = cspace_alloc_slot(&cspace);
    }
    mrs[0] = LAB2_OK;
    mrs[1] = free_slots();
    return 2;
}

static size_t handle(seL4_Word label, seL4_Word *mrs, size_t in_words)
{
    if (!ready) {
        mrs[0] = LAB2_NO_SETUP;
        return 1;
    }
    if (in_words < 1) {
        mrs[0] = 0; /* requests without an argument */
    }
    switch (label) {
    case LAB2_ALLOC:
        return do_alloc(mrs);
    case LAB2_FREE:
        return do_free(mrs);
    case LAB2_STATE:
        mrs[1] = ut_free_count(mrs[0]);
        mrs[2] = ut_free_bytes();
        mrs[3] = free_slots();
        mrs[0] = LAB2_OK;
        return 4;
    case LAB2_FILL_SLOTS:
        return do_fill(mrs);
    case LAB2_RELEASE:
        while (filled_count > 0) {
            cspace_free_slot(&cspace, filled[--filled_count]);
        }
        mrs[0] = LAB2_OK;
        mrs[1] = free_slots();
        return 2;
    default:
        mrs[0] = LAB2_BAD_REQUEST;
        return 1;
    }
}

int main(void)
{
    ready = set_up();
    student_serve(handle);
    return 0;
}
