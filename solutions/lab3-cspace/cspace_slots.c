/* libcspace's slot allocator: a bitmap per CNode of allocated slots, plus (two levels) a bitmap
   of the second-level nodes that are full, so a search skips them 64 at a time, starting at the
   first word that may have room (first_open). Slot 0 of the
   cspace (CPtr seL4_CapNull) is marked allocated when its CNode is made and never handed out.
   (Lab 3: see labs/lab3-cspace/README.md.) */
#include "cspace_internal.h"

/* First index of `count` clear bits in a row in the 128-bit map, or -1. */
static long find_run(const seL4_Word map[2], size_t count)
{
    /* LAB TODO(3.1): find the lowest run of `count` clear bits in the two words (bit i of the map is slot i). */
    /* LAB SKELETON
    (void)map;
    (void)count;
    return -1;
    */
    /* LAB BEGIN */
    if (count == 1) {
        for (size_t w = 0; w < 2; w++) {
            if (map[w] != ~0ul) {
                return (long)(w * BITS_PER_WORD + (size_t)__builtin_ctzl(~map[w]));
            }
        }
        return -1;
    }
    size_t run = 0;
    for (size_t i = 0; i < CSPACE_NODE_SLOTS; i++) {
        bool used = (map[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1;
        run = used ? 0 : run + 1;
        if (run == count) {
            return (long)(i + 1 - count);
        }
    }
    return -1;
    /* LAB END */
}

static void set_bits(seL4_Word map[2], size_t first, size_t count, bool value)
{
    /* LAB TODO(3.1): set (value true) or clear bits first .. first + count - 1 of the map. */
    /* LAB SKELETON
    (void)map;
    (void)first;
    (void)count;
    (void)value;
    */
    /* LAB BEGIN */
    for (size_t i = first; i < first + count; i++) {
        seL4_Word bit = 1ul << (i % BITS_PER_WORD);
        if (value) {
            map[i / BITS_PER_WORD] |= bit;
        } else {
            map[i / BITS_PER_WORD] &= ~bit;
        }
    }
    /* LAB END */
}

static bool is_full(const seL4_Word map[2])
{
    return map[0] == ~0ul && map[1] == ~0ul;
}

/* A run in second-level node i, made first if need be; seL4_CapNull if there is none. */
static seL4_CPtr alloc_in_node(cspace_t *cspace, size_t i, size_t count)
{
    /* LAB TODO(3.3): make node i with cspace_grow if it does not exist yet, take a run from its bitmap, mark it full when it is. */
    /* LAB SKELETON
    (void)is_full;
    (void)cspace;
    (void)i;
    (void)count;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    cspace_leaf_t *leaf = leaf_record(cspace, i);
    if (leaf == NULL || leaf->state == 0) {
        if (cspace_grow(cspace, i) != 0) {
            return seL4_CapNull;
        }
        leaf = leaf_record(cspace, i);
    }
    long first = find_run(leaf->used, count);
    if (first < 0) {
        return seL4_CapNull;
    }
    set_bits(leaf->used, (size_t)first, count, true);
    if (is_full(leaf->used)) {
        cspace->full[i / BITS_PER_WORD] |= 1ul << (i % BITS_PER_WORD);
    }
    return (seL4_CPtr)(i << CSPACE_NODE_BITS | (size_t)first);
    /* LAB END */
}

static seL4_CPtr alloc_two_level(cspace_t *cspace, size_t count)
{
    /* LAB TODO(3.3): search the nodes that are not full, from first_open up, and take a run in the first that has one. */
    /* LAB SKELETON
    (void)alloc_in_node;
    (void)cspace;
    (void)count;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    size_t nodes = top_nodes(cspace);
    for (size_t w = cspace->first_open; w < (nodes + BITS_PER_WORD - 1) / BITS_PER_WORD; w++) {
        seL4_Word not_full = ~cspace->full[w];
        if (not_full == 0 && w == cspace->first_open) {
            cspace->first_open = w + 1; /* every node below is full: skip them next time */
        }
        while (not_full != 0) {
            size_t i = w * BITS_PER_WORD + (size_t)__builtin_ctzl(not_full);
            if (i >= nodes) {
                return seL4_CapNull;
            }
            seL4_CPtr slot = alloc_in_node(cspace, i, count);
            cspace_leaf_t *leaf = leaf_record(cspace, i);
            if (slot != seL4_CapNull || leaf == NULL || leaf->state == 0) {
                return slot; /* found, or the node could not be made: give up */
            }
            not_full &= not_full - 1; /* no run of that length there: try the next node */
        }
    }
    return seL4_CapNull;
    /* LAB END */
}

seL4_CPtr cspace_alloc_slots(cspace_t *cspace, size_t count)
{
    if (cspace == NULL || count == 0 || count > CSPACE_NODE_SLOTS) {
        return seL4_CapNull;
    }
    if (cspace->two_level) {
        return alloc_two_level(cspace, count);
    }
    /* LAB TODO(3.2): one level: take the lowest run of `count` free slots from the cspace's bitmap. */
    /* LAB SKELETON
    (void)find_run;
    (void)set_bits;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    long first = find_run(cspace->bitmap, count);
    if (first < 0) {
        return seL4_CapNull;
    }
    set_bits(cspace->bitmap, (size_t)first, count, true);
    return (seL4_CPtr)first;
    /* LAB END */
}

seL4_CPtr cspace_alloc_slot(cspace_t *cspace)
{
    return cspace_alloc_slots(cspace, 1);
}

void cspace_free_slot(cspace_t *cspace, seL4_CPtr cptr)
{
    if (cspace == NULL || cptr == seL4_CapNull) {
        return;
    }
    size_t index = cptr % CSPACE_NODE_SLOTS;
    size_t node = cptr / CSPACE_NODE_SLOTS;
    if (!cspace->two_level) {
        /* LAB TODO(3.2): one level: mark the slot free (only CPtrs inside the one CNode count). */
        /* LAB SKELETON
        (void)index;
        (void)node;
        */
        /* LAB BEGIN */
        if (node == 0) {
            set_bits(cspace->bitmap, index, 1, false);
        }
        /* LAB END */
        return;
    }
    /* LAB TODO(3.4): two levels: mark the slot free in its node's bitmap; the node is not full any more, so move first_open down. */
    /* LAB BEGIN */
    cspace_leaf_t *leaf = node < top_nodes(cspace) ? leaf_record(cspace, node) : NULL;
    if (leaf != NULL && leaf->state != 0) {
        set_bits(leaf->used, index, 1, false);
        cspace->full[node / BITS_PER_WORD] &= ~(1ul << (node % BITS_PER_WORD));
        if (node / BITS_PER_WORD < cspace->first_open) {
            cspace->first_open = node / BITS_PER_WORD;
        }
    }
    /* LAB END */
}
