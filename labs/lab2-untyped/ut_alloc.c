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
    /* TODO(2.3): give back everything a failed split took: each half's cap and slot, its entry, then the parent. */
    (void)parent;
    (void)halves;
    (void)slots;
    (void)cspace;
}

/* Splits a block of 2^(size_bits + 1) bytes into two of 2^size_bits. The first half is
   returned (in use), the second goes on the free list. NULL when anything is missing. */
static ut_t *split(size_t size_bits, cspace_t *cspace)
{
    /* TODO(2.2): take a block twice the size, retype it into two untyped halves in two new slots, hand out one. */
    (void)undo_split;
    (void)size_bits;
    (void)cspace;
    return NULL;
}

static ut_t *alloc_class(size_t size_bits, cspace_t *cspace)
{
    if (size_bits == seL4_PageBits) {
        return ut_alloc_4k_untyped(NULL);
    }
    /* TODO(2.1): take a free block of 2^size_bits from its size class; only when the class is empty, split one. */
    (void)split;
    (void)cspace;
    return NULL;
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
