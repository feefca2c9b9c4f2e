/* The frame window of the root task (see bootstrap.h): a frame at physical address p is mapped
   at ROOT_TASK_WINDOW + (p - ram_start). Page tables are made the first time a GiB or a 2 MiB
   region of the window is used: Sv39 needs two tables below the root for a 4 KiB page (§4). */
#include <ut.h>

#include "bootstrap_internal.h"

/* The largest window: 16 GiB of RAM span. */
#define WINDOW_MAX_BYTES (16ul << 30)

static seL4_Word window_start;
static seL4_Word window_end;
static cspace_t *window_cspace;
static seL4_Word gib_tables[1];                          /* bit i: GiB i has its table */
static seL4_Word region_tables[(WINDOW_MAX_BYTES >> 21) / 64]; /* bit i: 2 MiB region i has one */

static bool test_bit(const seL4_Word *map, size_t i)
{
    return (map[i / 64] >> (i % 64)) & 1;
}

static void set_bit(seL4_Word *map, size_t i)
{
    map[i / 64] |= 1ul << (i % 64);
}

void window_init(seL4_Word ram_start, seL4_Word ram_end, cspace_t *cspace)
{
    window_start = ram_start;
    window_end = ram_end;
    window_cspace = cspace;
}

/* Maps a new table for `vaddr` at the next level down; false on failure. */
static bool map_table(seL4_Word vaddr, table_source make_table, void *context)
{
    seL4_CPtr table = make_table(context);
    return table != seL4_CapNull && seL4_RISCV_PageTable_Map(table, seL4_CapInitThreadVSpace, vaddr,
                                                             seL4_RISCV_Default_VMAttributes) == seL4_NoError;
}

void *window_map(seL4_CPtr frame, seL4_Word paddr, table_source make_table, void *context)
{
    if (paddr < window_start || paddr >= window_end || paddr - window_start >= WINDOW_MAX_BYTES) {
        return NULL;
    }
    seL4_Word offset = paddr - window_start;
    seL4_Word vaddr = ROOT_TASK_WINDOW + offset;
    /* The window is 1 GiB aligned, so it owns its tables: the one below the root for each
       GiB, then the last-level one for each 2 MiB. Remembering which exist spares the kernel
       failed Page_Maps (and their debug messages). */
    size_t gib = offset >> 30, region = offset >> 21;
    if (!test_bit(gib_tables, gib)) {
        if (!map_table(vaddr, make_table, context)) {
            return NULL;
        }
        set_bit(gib_tables, gib);
    }
    if (!test_bit(region_tables, region)) {
        if (!map_table(vaddr, make_table, context)) {
            return NULL;
        }
        set_bit(region_tables, region);
    }
    seL4_Error error = seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                           seL4_RISCV_Default_VMAttributes);
    return error == seL4_NoError ? (void *)vaddr : NULL;
}

/* A page table from libut in `slot` of the root task's cspace, or 0. */
static seL4_CPtr table_in(seL4_CPtr slot)
{
    ut_t *ut = ut_alloc_4k_untyped(NULL);
    if (ut == NULL) {
        return seL4_CapNull;
    }
    if (slot == seL4_CapNull ||
        cspace_untyped_retype(window_cspace, ut->cap, slot, seL4_RISCV_PageTableObject, seL4_PageBits) !=
            seL4_NoError) {
        ut_free(ut);
        return seL4_CapNull;
    }
    return slot;
}

/* Tables in the slots map_frame was given. */
struct given_slots {
    seL4_CPtr *slots;
    seL4_Word *used;
};

static seL4_CPtr table_in_given_slot(void *context)
{
    struct given_slots *given = context;
    for (int k = 0; k < CSPACE_MAPPING_SLOTS; k++) {
        if ((*given->used >> k & 1) == 0) {
            seL4_CPtr table = table_in(given->slots[k]);
            if (table != seL4_CapNull) {
                *given->used |= 1ul << k;
            }
            return table;
        }
    }
    return seL4_CapNull;
}

static seL4_CPtr table_in_new_slot(void *context)
{
    cspace_t *cspace = context;
    seL4_CPtr slot = cspace_alloc_slot(cspace);
    seL4_CPtr table = table_in(slot);
    if (table == seL4_CapNull) {
        cspace_free_slot(cspace, slot);
    }
    return table;
}

static seL4_Word paddr_of(seL4_CPtr frame)
{
    seL4_RISCV_Page_GetAddress_t address = seL4_RISCV_Page_GetAddress(frame);
    return address.error == seL4_NoError ? address.paddr : ~0ul;
}

static void *map_frame(void *cookie, seL4_CPtr frame, seL4_CPtr free_slots[CSPACE_MAPPING_SLOTS], seL4_Word *used)
{
    (void)cookie;
    *used = 0;
    struct given_slots given = {free_slots, used};
    return window_map(frame, paddr_of(frame), table_in_given_slot, &given);
}

seL4_CPtr root_task_alloc_4k_ut(void *cookie, seL4_Word *paddr)
{
    (void)cookie;
    uintptr_t address = 0;
    ut_t *ut = ut_alloc_4k_untyped(&address);
    *paddr = address;
    return ut != NULL ? ut->cap : seL4_CapNull;
}

void root_task_free_4k_ut(void *cookie, seL4_Word paddr)
{
    (void)cookie;
    ut_free(ut_4k_at(paddr));
}

cspace_alloc_t root_task_cspace_alloc(void)
{
    cspace_alloc_t alloc = {map_frame, root_task_alloc_4k_ut, root_task_free_4k_ut, NULL};
    return alloc;
}

void *root_task_map_frame(cspace_t *cspace, seL4_CPtr frame)
{
    if (cspace == NULL || window_cspace == NULL) {
        return NULL;
    }
    return window_map(frame, paddr_of(frame), table_in_new_slot, cspace);
}
