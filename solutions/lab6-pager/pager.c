/* Lab 6: your frame table and pager. See README.md for the tasks; lab6.h says what each
   function must do. */
#include <stdbool.h>
#include <stddef.h>

#include "lab6.h"

/* ---- the frame table ---------------------------------------------------------------------- */

/* LAB TODO(6.1): design the frame table: what one entry records (its untyped, the slot of the
   frame or page table made from it, what it holds), and what frame_table_init must remember. */
/* LAB SKELETON
static size_t entry_count;
*/
/* LAB BEGIN */
enum entry_kind { ENTRY_FREE, ENTRY_FRAME, ENTRY_TABLE };

typedef struct {
    seL4_CPtr untyped;    /* a 4 KiB untyped */
    seL4_CPtr slot;       /* where the frame or page table made from it lives (its own slot) */
    enum entry_kind kind;
} frame_entry_t;

static frame_entry_t entries[LAB6_MAX_UNTYPEDS];
static size_t entry_count;
static size_t frames_used;
static size_t entries_free;
/* LAB END */

void frame_table_init(seL4_CPtr first_untyped, size_t untypeds, seL4_CPtr first_slot, size_t slots)
{
    /* LAB TODO(6.1): one entry per untyped, each with a slot for what will be made from it. */
    /* LAB SKELETON
    (void)first_untyped;
    (void)first_slot;
    (void)slots;
    entry_count = untypeds;
    */
    /* LAB BEGIN */
    /* An entry without a slot could never be used: keep only as many entries as there are slots. */
    entry_count = untypeds < slots ? untypeds : slots;
    if (entry_count > LAB6_MAX_UNTYPEDS) {
        entry_count = LAB6_MAX_UNTYPEDS;
    }
    for (size_t i = 0; i < entry_count; i++) {
        entries[i] = (frame_entry_t){.untyped = first_untyped + i, .slot = first_slot + i, .kind = ENTRY_FREE};
    }
    frames_used = 0;
    entries_free = entry_count;
    /* LAB END */
}

/* LAB BEGIN */
/* Retypes a free entry's untyped into one object of `type` in the entry's slot; its index or -1. */
static int entry_take(seL4_Word type, enum entry_kind kind)
{
    for (size_t i = 0; i < entry_count; i++) {
        if (entries[i].kind != ENTRY_FREE) {
            continue;
        }
        seL4_Error error = seL4_Untyped_Retype(entries[i].untyped, type, 0, seL4_CapInitThreadCNode, 0, 0,
                                               entries[i].slot, 1);
        if (error != seL4_NoError) {
            return -1; /* the untyped still has children: the table is inconsistent */
        }
        entries[i].kind = kind;
        entries_free--;
        return (int)i;
    }
    return -1;
}
/* LAB END */

int frame_alloc(void)
{
    /* LAB TODO(6.2): find a free entry, retype its untyped into a 4 KiB frame in its slot. */
    /* LAB SKELETON
    return -1;
    */
    /* LAB BEGIN */
    int frame = entry_take(seL4_RISCV_4K_Page, ENTRY_FRAME);
    if (frame >= 0) {
        frames_used++;
    }
    return frame;
    /* LAB END */
}

void frame_free(int frame)
{
    /* LAB TODO(6.2): delete the frame's cap (this unmaps it and leaves its untyped without
       children, so it can be retyped again) and free the entry. */
    /* LAB SKELETON
    (void)frame;
    */
    /* LAB BEGIN */
    if (frame < 0 || (size_t)frame >= entry_count || entries[frame].kind != ENTRY_FRAME) {
        return;
    }
    if (seL4_CNode_Delete(seL4_CapInitThreadCNode, entries[frame].slot, seL4_WordBits) != seL4_NoError) {
        return; /* the cap is still there: the entry stays in use */
    }
    entries[frame].kind = ENTRY_FREE;
    frames_used--;
    entries_free++;
    /* LAB END */
}

seL4_CPtr frame_cap(int frame)
{
    /* LAB TODO(6.2): the frame's cap, or seL4_CapNull. */
    /* LAB SKELETON
    (void)frame;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    if (frame < 0 || (size_t)frame >= entry_count || entries[frame].kind != ENTRY_FRAME) {
        return seL4_CapNull;
    }
    return entries[frame].slot;
    /* LAB END */
}

seL4_CPtr frame_table_alloc_table(void)
{
    /* LAB TODO(6.2): like frame_alloc, but a page table. */
    /* LAB SKELETON
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    int entry = entry_take(seL4_RISCV_PageTableObject, ENTRY_TABLE);
    return entry >= 0 ? entries[entry].slot : seL4_CapNull;
    /* LAB END */
}

size_t frame_table_used(void)
{
    /* LAB TODO(6.2): entries holding a frame. */
    /* LAB SKELETON
    return 0;
    */
    /* LAB BEGIN */
    return frames_used;
    /* LAB END */
}

size_t frame_table_free(void)
{
    /* LAB TODO(6.2): entries still free. */
    /* LAB SKELETON
    return entry_count;
    */
    /* LAB BEGIN */
    return entries_free;
    /* LAB END */
}

/* ---- the pager ------------------------------------------------------------------------------ */

/* LAB TODO(6.3): the pager's own record of which frame backs which heap page. */
/* LAB BEGIN */
static int page_frames[LAB6_HEAP_PAGES]; /* frame number + 1; 0: no frame */

/* Maps `frame` at `vaddr`, adding the page tables the walk reports missing. */
static int map_frame(int frame, seL4_CPtr vspace, seL4_Word vaddr)
{
    for (int tables = 0;; tables++) {
        seL4_Error error = seL4_RISCV_Page_Map(frame_cap(frame), vspace, vaddr, seL4_ReadWrite,
                                               seL4_RISCV_Default_VMAttributes);
        if (error == seL4_NoError) {
            return LAB6_RESUME;
        }
        if (error != seL4_FailedLookup || tables == 3) {
            return LAB6_INVALID; /* a mapping already there, or a walk that does not end */
        }
        seL4_CPtr table = frame_table_alloc_table();
        if (table == seL4_CapNull) {
            return LAB6_NO_MEMORY;
        }
        error = seL4_RISCV_PageTable_Map(table, vspace, vaddr, seL4_RISCV_Default_VMAttributes);
        if (error != seL4_NoError) {
            return LAB6_INVALID;
        }
    }
}
/* LAB END */

int pager_fault(seL4_MessageInfo_t info, seL4_CPtr vspace)
{
    /* LAB TODO(6.3): decode the fault message: only a VM fault at a heap address is ours. */
    /* LAB TODO(6.4): take a frame, map it read-write at the faulting page (page tables on
       seL4_FailedLookup), remember it; give the frame back when it cannot be mapped. */
    /* LAB SKELETON
    (void)info;
    (void)vspace;
    return LAB6_INVALID;
    */
    /* LAB BEGIN */
    if (seL4_MessageInfo_get_label(info) != seL4_Fault_VMFault) {
        return LAB6_INVALID;
    }
    seL4_Word address = seL4_GetMR(seL4_VMFault_Addr);
    if (address < LAB6_HEAP_START || address >= LAB6_HEAP_START + LAB6_HEAP_PAGES * LAB6_PAGE_SIZE) {
        return LAB6_INVALID;
    }
    seL4_Word page = (address - LAB6_HEAP_START) / LAB6_PAGE_SIZE;
    if (page_frames[page] != 0) {
        return LAB6_INVALID; /* mapped already: a fault the heap's rights do not explain */
    }
    int frame = frame_alloc();
    if (frame < 0) {
        return LAB6_NO_MEMORY;
    }
    int result = map_frame(frame, vspace, LAB6_HEAP_START + page * LAB6_PAGE_SIZE);
    if (result != LAB6_RESUME) {
        frame_free(frame);
        return result;
    }
    page_frames[page] = frame + 1;
    return LAB6_RESUME;
    /* LAB END */
}

int pager_lookup(seL4_Word vaddr)
{
    /* LAB TODO(6.5): the frame backing the heap page of vaddr, or -1. */
    /* LAB SKELETON
    (void)vaddr;
    return -1;
    */
    /* LAB BEGIN */
    if (vaddr < LAB6_HEAP_START || vaddr >= LAB6_HEAP_START + LAB6_HEAP_PAGES * LAB6_PAGE_SIZE) {
        return -1;
    }
    return page_frames[(vaddr - LAB6_HEAP_START) / LAB6_PAGE_SIZE] - 1;
    /* LAB END */
}

void pager_release(void)
{
    /* LAB TODO(6.5): free every heap frame and forget it. */
    /* LAB BEGIN */
    for (size_t page = 0; page < LAB6_HEAP_PAGES; page++) {
        if (page_frames[page] != 0) {
            frame_free(page_frames[page] - 1);
            page_frames[page] = 0;
        }
    }
    /* LAB END */
}
