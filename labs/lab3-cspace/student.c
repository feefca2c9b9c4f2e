/* Lab 3's student process (not edited by students): it sets up libut (student_set_up_libs), then
   with your slot allocator (cspace_slots.c) describes its own CSpace, makes a one-level cspace
   and a two-level cspace whose second-level nodes come from the callbacks below, and serves the
   tests' requests (lab3.h) on them. */
#include <bootstrap.h>
#include <cspace.h>
#include <student.h>
#include <ut.h>

#include "lab3.h"

#define PAGE_BYTES (1ul << seL4_PageBits)
#define MAP_BASE 0x2000000000ul  /* where map_frame maps bookkeeping frames (128 GiB) */

static cspace_t own;             /* this process's own CSpace: its one root CNode */
static cspace_t spaces[2];       /* LAB3_ONE_LEVEL, LAB3_TWO_LEVEL */
static bool made[2];
static seL4_Word next_map = MAP_BASE;
static bool ready;

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
    ready = student_set_up_libs(&own);
    if (ready) {
        made[LAB3_ONE_LEVEL] = cspace_create_one_level(&own, &spaces[LAB3_ONE_LEVEL]) == CSPACE_NOERROR;
        cspace_alloc_t alloc = {map_frame, root_task_alloc_4k_ut, root_task_free_4k_ut, NULL};
        made[LAB3_TWO_LEVEL] = cspace_create_two_level(&own, &spaces[LAB3_TWO_LEVEL], alloc) == CSPACE_NOERROR;
    }
    student_serve(handle);
}
