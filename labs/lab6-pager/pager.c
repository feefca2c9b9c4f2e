/* Lab 6: your frame table and pager. See README.md for the tasks; lab6.h says what each
   function must do. */
#include <stdbool.h>
#include <stddef.h>

#include "lab6.h"

/* ---- the frame table ---------------------------------------------------------------------- */

/* TODO(6.1): design the frame table: what one entry records (its untyped, the slot of the
   frame or page table made from it, what it holds), and what frame_table_init must remember. */
static size_t entry_count;

void frame_table_init(seL4_CPtr first_untyped, size_t untypeds, seL4_CPtr first_slot, size_t slots)
{
    /* TODO(6.1): one entry per untyped, each with a slot for what will be made from it. */
    (void)first_untyped;
    (void)first_slot;
    (void)slots;
    entry_count = untypeds;
}


int frame_alloc(void)
{
    /* TODO(6.2): find a free entry, retype its untyped into a 4 KiB frame in its slot. */
    return -1;
}

void frame_free(int frame)
{
    /* TODO(6.2): delete the frame's cap (this unmaps it and leaves its untyped without
       children, so it can be retyped again) and free the entry. */
    (void)frame;
}

seL4_CPtr frame_cap(int frame)
{
    /* TODO(6.2): the frame's cap, or seL4_CapNull. */
    (void)frame;
    return seL4_CapNull;
}

seL4_CPtr frame_table_alloc_table(void)
{
    /* TODO(6.2): like frame_alloc, but a page table. */
    return seL4_CapNull;
}

size_t frame_table_used(void)
{
    /* TODO(6.2): entries holding a frame. */
    return 0;
}

size_t frame_table_free(void)
{
    /* TODO(6.2): entries still free. */
    return entry_count;
}

/* ---- the pager ------------------------------------------------------------------------------ */

/* TODO(6.3): the pager's own record of which frame backs which heap page. */

int pager_fault(seL4_MessageInfo_t info, seL4_CPtr vspace)
{
    /* TODO(6.3): decode the fault message: only a VM fault at a heap address is ours. */
    /* TODO(6.4): take a frame, map it read-write at the faulting page (page tables on
       seL4_FailedLookup), remember it; give the frame back when it cannot be mapped. */
    (void)info;
    (void)vspace;
    return LAB6_INVALID;
}

int pager_lookup(seL4_Word vaddr)
{
    /* TODO(6.5): the frame backing the heap page of vaddr, or -1. */
    (void)vaddr;
    return -1;
}

void pager_release(void)
{
    /* TODO(6.5): free every heap frame and forget it. */
}
