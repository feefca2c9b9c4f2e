/* libcspace's slot allocator: a bitmap per CNode of allocated slots, plus (two levels) a bitmap
   of the second-level nodes that are full, so a search skips them 64 at a time, starting at the
   first word that may have room (first_open). Slot 0 of the
   cspace (CPtr seL4_CapNull) is marked allocated when its CNode is made and never handed out.
   (Lab 3: see labs/lab3-cspace/README.md.) */
#include "cspace_internal.h"

/* First index of `count` clear bits in a row in the 128-bit map, or -1. */
static long find_run(const seL4_Word map[2], size_t count)
{
    /* TODO(3.1): find the lowest run of `count` clear bits in the two words (bit i of the map is slot i). */
    (void)map;
    (void)count;
    return -1;
}

static void set_bits(seL4_Word map[2], size_t first, size_t count, bool value)
{
    /* TODO(3.1): set (value true) or clear bits first .. first + count - 1 of the map. */
    (void)map;
    (void)first;
    (void)count;
    (void)value;
}

static bool is_full(const seL4_Word map[2])
{
    return map[0] == ~0ul && map[1] == ~0ul;
}

/* A run in second-level node i, made first if need be; seL4_CapNull if there is none. */
static seL4_CPtr alloc_in_node(cspace_t *cspace, size_t i, size_t count)
{
    /* TODO(3.3): make node i with cspace_grow if it does not exist yet, take a run from its bitmap, mark it full when it is. */
    (void)is_full;
    (void)cspace;
    (void)i;
    (void)count;
    return seL4_CapNull;
}

static seL4_CPtr alloc_two_level(cspace_t *cspace, size_t count)
{
    /* TODO(3.3): search the nodes that are not full, from first_open up, and take a run in the first that has one. */
    (void)alloc_in_node;
    (void)cspace;
    (void)count;
    return seL4_CapNull;
}

seL4_CPtr cspace_alloc_slots(cspace_t *cspace, size_t count)
{
    if (cspace == NULL || count == 0 || count > CSPACE_NODE_SLOTS) {
        return seL4_CapNull;
    }
    if (cspace->two_level) {
        return alloc_two_level(cspace, count);
    }
    /* TODO(3.2): one level: take the lowest run of `count` free slots from the cspace's bitmap. */
    (void)find_run;
    (void)set_bits;
    return seL4_CapNull;
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
        /* TODO(3.2): one level: mark the slot free (only CPtrs inside the one CNode count). */
        (void)index;
        (void)node;
        return;
    }
    /* TODO(3.4): two levels: mark the slot free in its node's bitmap; the node is not full any more, so move first_open down. */
}
