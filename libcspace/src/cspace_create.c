/* Making and ending cspaces. A new root CNode is one 4 KiB untyped from libut, retyped into a
   slot of the bootstrap cspace and then moved (Mutate) into a second slot with the guard that
   makes every slot resolve at depth 64. */
#include <string.h>

#include "cspace_internal.h"

/* The root CNode of a new cspace with `index_bits` bits of CPtr in total; 0 on success. */
static int make_root(cspace_t *bootstrap, cspace_t *target, size_t index_bits)
{
    ut_t *ut = ut_alloc_4k_untyped(NULL);
    seL4_CPtr raw = cspace_alloc_slot(bootstrap);
    seL4_CPtr root = cspace_alloc_slot(bootstrap);
    if (ut != NULL && raw != seL4_CapNull && root != seL4_CapNull &&
        cspace_untyped_retype(bootstrap, ut->cap, raw, seL4_CapTableObject, CSPACE_NODE_BITS) == seL4_NoError) {
        if (cspace_mutate(bootstrap, root, bootstrap, raw, root_guard(index_bits)) == seL4_NoError) {
            cspace_free_slot(bootstrap, raw);
            target->root_cnode = root;
            target->root_ut = ut;
            return 0;
        }
        (void)cspace_delete(bootstrap, raw);
    }
    cspace_free_slot(bootstrap, raw);
    cspace_free_slot(bootstrap, root);
    ut_free(ut);
    return -1;
}

int cspace_create_one_level(cspace_t *bootstrap, cspace_t *target)
{
    if (bootstrap == NULL || target == NULL || bootstrap == target) {
        return CSPACE_ERROR;
    }
    memset(target, 0, sizeof *target);
    if (make_root(bootstrap, target, CSPACE_NODE_BITS) != 0) {
        return CSPACE_ERROR;
    }
    target->two_level = false;
    target->top_bits = CSPACE_NODE_BITS;
    target->bitmap[0] = 1; /* CPtr 0 is seL4_CapNull */
    target->bootstrap = bootstrap;
    return CSPACE_NOERROR;
}

int cspace_create_two_level(cspace_t *bootstrap, cspace_t *target, cspace_alloc_t alloc)
{
    if (bootstrap == NULL || target == NULL || bootstrap == target || alloc.map_frame == NULL ||
        alloc.alloc_4k_ut == NULL || alloc.free_4k_ut == NULL) {
        return CSPACE_ERROR;
    }
    memset(target, 0, sizeof *target);
    if (make_root(bootstrap, target, 2 * CSPACE_NODE_BITS) != 0) {
        return CSPACE_ERROR;
    }
    target->two_level = true;
    target->top_bits = CSPACE_NODE_BITS;
    target->bootstrap = bootstrap;
    target->alloc = alloc;
    return CSPACE_NOERROR;
}

/* Deletes the second-level nodes (the kernel deletes the caps in them) and their frames. */
static void destroy_nodes(cspace_t *cspace)
{
    for (size_t i = 0; i < top_nodes(cspace); i++) {
        cspace_leaf_t *leaf = leaf_record(cspace, i);
        if (leaf != NULL && leaf->state == 1) {
            (void)seL4_CNode_Delete(cspace->root_cnode, i, TOP_SLOT_DEPTH);
            cspace->alloc.free_4k_ut(cspace->alloc.cookie, leaf->ut_paddr);
        }
    }
    for (size_t p = 0; p < top_nodes(cspace) / CSPACE_LEAVES_PER_PAGE; p++) {
        cspace_page_t *page = &cspace->pages[p];
        if (page->leaves != NULL && page->frame != seL4_CapNull) {
            (void)cspace_delete(cspace->bootstrap, page->frame); /* unmaps it */
            cspace_free_slot(cspace->bootstrap, page->frame);
            cspace->alloc.free_4k_ut(cspace->alloc.cookie, page->ut_paddr);
        }
    }
}

void cspace_destroy(cspace_t *cspace)
{
    if (cspace == NULL || cspace->bootstrap == NULL) {
        return;
    }
    if (cspace->two_level) {
        destroy_nodes(cspace);
    }
    /* Revoke first: copies of the root CNode cap (even one inside the cspace itself, which
       would keep the CNode alive) go, so deleting the last cap deletes every cap in it. */
    (void)cspace_revoke(cspace->bootstrap, cspace->root_cnode);
    (void)cspace_delete(cspace->bootstrap, cspace->root_cnode);
    cspace_free_slot(cspace->bootstrap, cspace->root_cnode);
    ut_free(cspace->root_ut);
    memset(cspace, 0, sizeof *cspace);
}
