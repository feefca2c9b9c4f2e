/* libut's size classes: ut_alloc hands out blocks from seL4_EndpointBits to seL4_PageBits. An
   empty class borrows a block of the next size up and retypes it into two untyped halves (one
   new CSpace slot each); one half is handed out, the other goes on the free list. A split
   block stays allocated for good, since blocks are never merged. (Lab 2: see
   labs/lab2-untyped/README.md.) */
#include <cspace.h>

#include "ut_table.h"

static ut_t *alloc_class(size_t size_bits, cspace_t *cspace);

/* Undoes a half-finished split: the halves' caps, slots and entries go; the parent's
   untyped has no children again, so it can go back on its free list. */
static void undo_split(ut_t *parent, ut_t *halves[2], seL4_CPtr slots[2], cspace_t *cspace)
{
    /* LAB TODO(2.3): give back everything a failed split took: each half's cap and slot, its entry, then the parent. */
    /* LAB SKELETON
    (void)parent;
    (void)halves;
    (void)slots;
    (void)cspace;
    */
    /* LAB BEGIN */
    for (int i = 0; i < 2; i++) {
        if (slots[i] != seL4_CapNull) {
            (void)cspace_delete(cspace, slots[i]);
            cspace_free_slot(cspace, slots[i]);
        }
        if (halves[i] != NULL) {
            ut_return_spare(halves[i]);
        }
    }
    ut_free(parent);
    /* LAB END */
}

/* Splits a block of 2^(size_bits + 1) bytes into two of 2^size_bits. The first half is
   returned (in use), the second goes on the free list. NULL when anything is missing. */
static ut_t *split(size_t size_bits, cspace_t *cspace)
{
    /* LAB TODO(2.2): take a block twice the size, retype it into two untyped halves in two new slots, hand out one. */
    /* LAB SKELETON
    (void)undo_split;
    (void)size_bits;
    (void)cspace;
    return NULL;
    */
    /* LAB BEGIN */
    ut_t *parent = alloc_class(size_bits + 1, cspace);
    if (parent == NULL) {
        return NULL;
    }
    ut_t *halves[2] = {ut_take_spare(), ut_take_spare()};
    seL4_CPtr slots[2] = {seL4_CapNull, seL4_CapNull};
    for (int i = 0; i < 2; i++) {
        if (halves[i] == NULL || (slots[i] = cspace_alloc_slot(cspace)) == seL4_CapNull ||
            cspace_untyped_retype(cspace, parent->cap, slots[i], seL4_UntypedObject, size_bits) != seL4_NoError) {
            undo_split(parent, halves, slots, cspace);
            return NULL;
        }
        /* The kernel places the halves at the parent's base and base + 2^size_bits in this
           order: each object goes at the free pointer (§8.7). */
        halves[i]->cap = slots[i];
        halves[i]->size_bits = size_bits;
        halves[i]->valid = 1;
    }
    parent->split = 1;
    halves[0]->in_use = 1;
    ut_push_free(halves[1]);
    return halves[0];
    /* LAB END */
}

static ut_t *alloc_class(size_t size_bits, cspace_t *cspace)
{
    if (size_bits == seL4_PageBits) {
        return ut_alloc_4k_untyped(NULL);
    }
    /* LAB TODO(2.1): take a free block of 2^size_bits from its size class; only when the class is empty, split one. */
    /* LAB SKELETON
    (void)split;
    (void)cspace;
    return NULL;
    */
    /* LAB BEGIN */
    ut_t *ut = ut_pop_free(size_bits);
    return ut != NULL ? ut : split(size_bits, cspace);
    /* LAB END */
}

ut_t *ut_alloc(size_t size_bits, cspace_t *cspace)
{
    if (ut_table == NULL || size_bits < UT_MIN_BITS || size_bits > UT_MAX_BITS) {
        return NULL;
    }
    if (size_bits < seL4_PageBits && ut_table->free_lists[size_bits - UT_MIN_BITS] == NULL && cspace == NULL) {
        return NULL;
    }
    return alloc_class(size_bits, cspace);
}
