/* Lab 3's student process (not edited by students): it sets up libut over its untypeds, then
   with your slot allocator (cspace_slots.c) describes its own CSpace, makes a one-level cspace
   and a two-level cspace whose second-level nodes come from the callbacks below, and serves the
   tests' requests (lab3.h) on them. */
#include <cspace.h>
#include <sel4runtime.h>
#include <stdio.h>
#include <student.h>
#include <ut.h>

#include "lab3.h"

#define PAGE_BYTES (1ul << seL4_PageBits)
#define TABLE_PAGES 16           /* libut's table for untypeds spanning up to 10 MiB */
#define MAP_BASE 0x2000000000ul  /* where map_frame maps bookkeeping frames (128 GiB) */

static cspace_t own;             /* this process's own CSpace: its one root CNode */
static cspace_t spaces[2];       /* LAB3_ONE_LEVEL, LAB3_TWO_LEVEL */
static bool made[2];
static char table[TABLE_PAGES * PAGE_BYTES] __attribute__((aligned(4096)));
static seL4_Word next_map = MAP_BASE;
static bool ready;

/* The root CNode as a one-level cspace: the free slots are those of bootinfo's empty range that
   are really empty (the endpoint to the harness sits at a fixed slot). */
static void describe_own(const seL4_BootInfo *bi)
{
    own.root_cnode = seL4_CapInitThreadCNode;
    own.two_level = false;
    own.top_bits = CSPACE_NODE_BITS;
    own.bitmap[0] = own.bitmap[1] = ~0ul;
    for (seL4_CPtr slot = bi->empty.start; slot < bi->empty.end && slot < CSPACE_NODE_SLOTS; slot++) {
        if (slot != seL4_CapNull && slot != STUDENT_ENDPOINT && seL4_DebugCapIdentify(slot) == 0) {
            own.bitmap[slot / 64] &= ~(1ul << (slot % 64));
        }
    }
}

/* libut over the 4 KiB untypeds bootinfo lists. */
static bool set_up_ut(const seL4_BootInfo *bi)
{
    ut_region_t region = {~0ul, 0};
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (!desc->isDevice && desc->sizeBits == seL4_PageBits) {
            region.start = desc->paddr < region.start ? desc->paddr : region.start;
            region.end = desc->paddr + PAGE_BYTES > region.end ? desc->paddr + PAGE_BYTES : region.end;
        }
    }
    size_t pages = ut_pages_for_region(region);
    if (pages == 0 || pages > TABLE_PAGES) {
        printf("lab3: cannot set up libut: untypeds span %lu bytes\n", region.end - region.start);
        return false;
    }
    ut_init(table, region);
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (!desc->isDevice && desc->sizeBits == seL4_PageBits) {
            ut_add_untyped_range(desc->paddr, cap, 1, false);
        }
    }
    return true;
}

/* ---- the callbacks of the two-level cspace ---- */

/* Maps a bookkeeping frame at the next page from MAP_BASE, making the page tables the walk
   lacks in the slots given (their untypeds stay allocated: the mappings last as long as the
   process). */
static void *map_frame(void *cookie, seL4_CPtr frame, seL4_CPtr free_slots[CSPACE_MAPPING_SLOTS], seL4_Word *used)
{
    (void)cookie;
    *used = 0;
    seL4_Word vaddr = next_map;
    for (size_t k = 0; k <= CSPACE_MAPPING_SLOTS; k++) {
        seL4_Error error = seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                               seL4_RISCV_Default_VMAttributes);
        if (error == seL4_NoError) {
            next_map += PAGE_BYTES;
            return (void *)vaddr;
        }
        ut_t *ut = error == seL4_FailedLookup && k < CSPACE_MAPPING_SLOTS ? ut_alloc_4k_untyped(NULL) : NULL;
        if (ut == NULL ||
            cspace_untyped_retype(&own, ut->cap, free_slots[k], seL4_RISCV_PageTableObject, 0) != seL4_NoError) {
            ut_free(ut);
            return NULL;
        }
        *used |= 1ul << k;
        if (seL4_RISCV_PageTable_Map(free_slots[k], seL4_CapInitThreadVSpace, vaddr, seL4_RISCV_Default_VMAttributes) !=
            seL4_NoError) {
            return NULL;
        }
    }
    return NULL;
}

static seL4_CPtr alloc_4k_ut(void *cookie, seL4_Word *paddr)
{
    (void)cookie;
    uintptr_t address = 0;
    ut_t *ut = ut_alloc_4k_untyped(&address);
    *paddr = address;
    return ut != NULL ? ut->cap : seL4_CapNull;
}

static void free_4k_ut(void *cookie, seL4_Word paddr)
{
    (void)cookie;
    ut_free(ut_4k_at(paddr));
}

/* ---- requests ---- */

static size_t handle(seL4_Word label, seL4_Word *mrs, size_t in_words)
{
    if (!ready) {
        mrs[0] = LAB3_NO_SETUP;
        return 1;
    }
    seL4_Word which = in_words >= 1 ? mrs[0] : 0;
    if (label == LAB3_INFO) {
        mrs[0] = LAB3_OK;
        mrs[1] = made[LAB3_ONE_LEVEL] ? spaces[LAB3_ONE_LEVEL].root_cnode : seL4_CapNull;
        mrs[2] = made[LAB3_TWO_LEVEL] ? spaces[LAB3_TWO_LEVEL].root_cnode : seL4_CapNull;
        mrs[3] = ut_free_count(seL4_PageBits);
        return 4;
    }
    if (which > LAB3_TWO_LEVEL || in_words < 2 || (label != LAB3_ALLOC && label != LAB3_FREE)) {
        mrs[0] = LAB3_BAD_REQUEST;
        return 1;
    }
    if (!made[which]) {
        mrs[0] = LAB3_NO_CSPACE;
        return 1;
    }
    if (label == LAB3_FREE) {
        cspace_free_slot(&spaces[which], mrs[1]);
        mrs[0] = LAB3_OK;
        return 1;
    }
    seL4_CPtr slot = mrs[1] == 1 ? cspace_alloc_slot(&spaces[which]) : cspace_alloc_slots(&spaces[which], mrs[1]);
    mrs[0] = slot != seL4_CapNull ? LAB3_OK : LAB3_NULL;
    mrs[1] = slot;
    return 2;
}

int main(void)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    describe_own(bi);
    ready = set_up_ut(bi);
    if (ready) {
        made[LAB3_ONE_LEVEL] = cspace_create_one_level(&own, &spaces[LAB3_ONE_LEVEL]) == CSPACE_NOERROR;
        cspace_alloc_t alloc = {map_frame, alloc_4k_ut, free_4k_ut, NULL};
        made[LAB3_TWO_LEVEL] = cspace_create_two_level(&own, &spaces[LAB3_TWO_LEVEL], alloc) == CSPACE_NOERROR;
    }
    student_serve(handle);
}
