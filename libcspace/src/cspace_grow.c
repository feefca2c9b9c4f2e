/* Growing a two-level cspace: a second-level CNode from a 4 KiB untyped (alloc_4k_ut), retyped
   straight into its slot of the top CNode, and, for every CSPACE_LEAVES_PER_PAGE nodes, a frame
   for their bookkeeping (map_frame). The frame cap and any page tables need slots in the root
   task's CSpace: from the bootstrap cspace, or, for the root task's own cspace (which may be
   full at this moment), from the watermark slots it keeps free for exactly this. */
#include <string.h>

#include "cspace_internal.h"

/* Slots for the frame and for map_frame's page tables: slot[0] the frame, slot[1..] tables. */
static int take_slots(cspace_t *cspace, seL4_CPtr slots[CSPACE_WATERMARK_SLOTS])
{
    for (size_t k = 0; k < CSPACE_WATERMARK_SLOTS; k++) {
        slots[k] = cspace->bootstrap != NULL ? cspace_alloc_slot(cspace->bootstrap) : cspace->watermark[k];
        if (slots[k] == seL4_CapNull) {
            return -1;
        }
    }
    return 0;
}

/* Gives back the slots that hold nothing: `used` bit k set means slots[k] was filled. */
static void return_slots(cspace_t *cspace, seL4_CPtr slots[CSPACE_WATERMARK_SLOTS], seL4_Word used)
{
    for (size_t k = 0; k < CSPACE_WATERMARK_SLOTS; k++) {
        if ((used >> k) & 1) {
            if (cspace->bootstrap == NULL) {
                cspace->watermark[k] = seL4_CapNull; /* refilled once the new node exists */
            }
        } else if (cspace->bootstrap != NULL) {
            cspace_free_slot(cspace->bootstrap, slots[k]);
        }
    }
}

/* Makes and maps the bookkeeping frame of `page`; 0 on success. */
static int map_page(cspace_t *cspace, cspace_page_t *page)
{
    cspace_t *holder = cspace->bootstrap != NULL ? cspace->bootstrap : cspace;
    seL4_CPtr slots[CSPACE_WATERMARK_SLOTS] = {0};
    seL4_Word paddr = 0;
    seL4_Word used = 0;
    seL4_CPtr ut = seL4_CapNull;
    void *mapped = NULL;
    if (take_slots(cspace, slots) == 0 && (ut = cspace->alloc.alloc_4k_ut(cspace->alloc.cookie, &paddr)) != 0 &&
        cspace_untyped_retype(holder, ut, slots[0], seL4_RISCV_4K_Page, seL4_PageBits) == seL4_NoError) {
        used = 1;
        seL4_Word tables = 0;
        mapped = cspace->alloc.map_frame(cspace->alloc.cookie, slots[0], &slots[1], &tables);
        used |= tables << 1;
        if (mapped == NULL) {
            (void)cspace_delete(holder, slots[0]);
            used &= ~1ul;
        }
    }
    if (mapped == NULL && ut != seL4_CapNull) {
        cspace->alloc.free_4k_ut(cspace->alloc.cookie, paddr);
    }
    return_slots(cspace, slots, used);
    if (mapped == NULL) {
        return -1;
    }
    memset(mapped, 0, 1ul << seL4_PageBits);
    page->leaves = mapped;
    page->frame = slots[0];
    page->ut_paddr = paddr;
    return 0;
}

/* Fills the watermark slots that growing used, from the node just made. */
static void refill_watermark(cspace_t *cspace)
{
    for (size_t k = 0; k < CSPACE_WATERMARK_SLOTS; k++) {
        if (cspace->watermark[k] == seL4_CapNull) {
            cspace->watermark[k] = cspace_alloc_slot(cspace);
        }
    }
}

int cspace_grow(cspace_t *cspace, size_t i)
{
    const cspace_alloc_t *alloc = &cspace->alloc;
    if (alloc->alloc_4k_ut == NULL || alloc->free_4k_ut == NULL || alloc->map_frame == NULL) {
        return -1;
    }
    cspace_page_t *page = &cspace->pages[i / CSPACE_LEAVES_PER_PAGE];
    if (page->leaves == NULL && map_page(cspace, page) != 0) {
        return -1;
    }
    seL4_Word paddr = 0;
    seL4_CPtr ut = alloc->alloc_4k_ut(alloc->cookie, &paddr);
    if (ut == seL4_CapNull) {
        return -1;
    }
    /* node_depth 0: the destination CNode is the top CNode itself, slot i. */
    if (seL4_Untyped_Retype(ut, seL4_CapTableObject, CSPACE_NODE_BITS, cspace->root_cnode, 0, 0, i, 1) !=
        seL4_NoError) {
        alloc->free_4k_ut(alloc->cookie, paddr);
        return -1;
    }
    cspace_leaf_t *leaf = &page->leaves[i % CSPACE_LEAVES_PER_PAGE];
    memset(leaf, 0, sizeof *leaf);
    leaf->state = 1;
    leaf->ut_paddr = paddr;
    if (i == 0) {
        leaf->used[0] = 1; /* CPtr 0 is seL4_CapNull */
    }
    if (cspace->bootstrap == NULL) {
        refill_watermark(cspace);
    }
    return 0;
}
