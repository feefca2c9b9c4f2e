/* What libcspace's files share: addressing of the two levels and the growth step. */
#pragma once

#include <cspace.h>

#define BITS_PER_WORD 64ul
/* Depth at which a CPtr names a slot of the top CNode in a two-level cspace: the root cap's
   guard plus the top index bits, i.e. everything but the second-level index. */
#define TOP_SLOT_DEPTH (seL4_WordBits - CSPACE_NODE_BITS)

static inline size_t top_nodes(const cspace_t *cspace)
{
    return (size_t)1 << cspace->top_bits;
}

/* Bookkeeping of second-level node i, or NULL when its frame is not mapped yet. */
static inline cspace_leaf_t *leaf_record(cspace_t *cspace, size_t i)
{
    cspace_leaf_t *leaves = cspace->pages[i / CSPACE_LEAVES_PER_PAGE].leaves;
    return leaves != NULL ? &leaves[i % CSPACE_LEAVES_PER_PAGE] : NULL;
}

/* Guard data that makes a CNode of 2^index_bits slots (per level, summed) resolve at depth 64. */
static inline seL4_Word root_guard(size_t index_bits)
{
    return seL4_CNode_CapData_new(0, seL4_WordBits - index_bits).words[0];
}

/* Makes second-level node i (and the bookkeeping frame it needs); 0 on success. */
int cspace_grow(cspace_t *cspace, size_t i);
