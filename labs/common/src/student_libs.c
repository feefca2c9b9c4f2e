/* student_set_up_libs: libcspace and libut in a student's process (labs 2 to 4; see student.h). */
#include <cspace.h>
#include <sel4runtime.h>
#include <stdio.h>
#include <student.h>
#include <ut.h>

#define TABLE_PAGES 16     /* libut's table for untypeds spanning up to 10 MiB */
#define SPLIT_PAGES_MAX 64 /* 4 KiB pieces made of one larger untyped */

static char table[TABLE_PAGES << seL4_PageBits] __attribute__((aligned(1ul << seL4_PageBits)));

/* The root CNode as a one-level cspace: the free slots are those of bootinfo's empty range that
   are really empty (the endpoint to the harness, for one, sits at a fixed slot in it). */
static void describe_own_cnode(const seL4_BootInfo *bi, cspace_t *own)
{
    own->root_cnode = seL4_CapInitThreadCNode;
    own->two_level = false;
    own->top_bits = CSPACE_NODE_BITS;
    own->bitmap[0] = own->bitmap[1] = ~0ul;
    for (seL4_CPtr slot = bi->empty.start; slot < bi->empty.end && slot < CSPACE_NODE_SLOTS; slot++) {
        if (slot != seL4_CapNull && slot != STUDENT_ENDPOINT && seL4_DebugCapIdentify(slot) == 0) {
            own->bitmap[slot / 64] &= ~(1ul << (slot % 64));
        }
    }
}

static bool is_ram_untyped(const seL4_UntypedDesc *desc)
{
    return !desc->isDevice && desc->sizeBits >= seL4_PageBits;
}

/* Registers one untyped with libut: a 4 KiB one as it is, a larger one as 4 KiB pieces in
   consecutive free slots of `own` (as many as fit, up to SPLIT_PAGES_MAX). */
static void add_untyped(cspace_t *own, seL4_CPtr cap, const seL4_UntypedDesc *desc)
{
    if (desc->sizeBits == seL4_PageBits) {
        ut_add_untyped_range(desc->paddr, cap, 1, false);
        return;
    }
    size_t pages = 1ul << (desc->sizeBits - seL4_PageBits);
    size_t n = pages < SPLIT_PAGES_MAX ? pages : SPLIT_PAGES_MAX;
    seL4_CPtr first = cspace_alloc_slots(own, n);
    if (first != seL4_CapNull &&
        seL4_Untyped_Retype(cap, seL4_UntypedObject, seL4_PageBits, own->root_cnode, 0, 0, first, n) == seL4_NoError) {
        ut_add_untyped_range(desc->paddr, first, n, false);
    }
}

bool student_set_up_libs(struct cspace *own)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    describe_own_cnode(bi, own);
    ut_region_t region = {~0ul, 0};
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (is_ram_untyped(desc)) {
            seL4_Word end = desc->paddr + (1ul << desc->sizeBits);
            region.start = desc->paddr < region.start ? desc->paddr : region.start;
            region.end = end > region.end ? end : region.end;
        }
    }
    size_t pages = ut_pages_for_region(region);
    if (pages == 0 || pages > TABLE_PAGES) {
        printf("student: cannot set up libut: untypeds span %lu bytes\n", region.end - region.start);
        return false;
    }
    ut_init(table, region);
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (is_ram_untyped(desc)) {
            add_untyped(own, cap, desc);
        }
    }
    return true;
}
