/* Lab 2's student process (not edited by students): it sets up libut over the untypeds its
   bootinfo lists, with its own one-level CSpace for the halves of splits (student_set_up_libs),
   then serves the tests' requests (lab2.h) with ut_alloc and ut_free. Your code is ut_alloc.c. */
#include <cspace.h>
#include <student.h>
#include <ut.h>

#include "lab2.h"

static cspace_t cspace; /* this process's own CSpace: its one root CNode */
static ut_t *lent[LAB2_MAX_LENT]; /* blocks lent out, by handle */
static seL4_CPtr filled[CSPACE_NODE_SLOTS]; /* slots LAB2_FILL_SLOTS took */
static size_t filled_count;
static bool ready;

static seL4_Word free_slots(void)
{
    return (seL4_Word)(__builtin_popcountl(~cspace.bitmap[0]) + __builtin_popcountl(~cspace.bitmap[1]));
}

static size_t do_alloc(seL4_Word *mrs)
{
    size_t handle = 0;
    while (handle < LAB2_MAX_LENT && lent[handle] != NULL) {
        handle++;
    }
    if (handle == LAB2_MAX_LENT) {
        mrs[0] = LAB2_TOO_MANY;
        return 1;
    }
    ut_t *ut = ut_alloc(mrs[0], &cspace);
    if (ut == NULL) {
        mrs[0] = LAB2_NULL;
        return 1;
    }
    lent[handle] = ut;
    mrs[0] = LAB2_OK;
    mrs[1] = ut->cap;
    mrs[2] = ut->size_bits;
    mrs[3] = handle;
    return 4;
}

static size_t do_free(seL4_Word *mrs)
{
    if (mrs[0] >= LAB2_MAX_LENT || lent[mrs[0]] == NULL) {
        mrs[0] = LAB2_BAD_HANDLE;
        return 1;
    }
    ut_free(lent[mrs[0]]);
    lent[mrs[0]] = NULL;
    mrs[0] = LAB2_OK;
    return 1;
}

static size_t do_fill(seL4_Word *mrs)
{
    seL4_Word keep = mrs[0];
    while (free_slots() > keep && filled_count < CSPACE_NODE_SLOTS) {
        filled[filled_count++] = cspace_alloc_slot(&cspace);
    }
    mrs[0] = LAB2_OK;
    mrs[1] = free_slots();
    return 2;
}

static size_t handle(seL4_Word label, seL4_Word *mrs, size_t in_words)
{
    if (!ready) {
        mrs[0] = LAB2_NO_SETUP;
        return 1;
    }
    if (in_words < 1) {
        mrs[0] = 0; /* requests without an argument */
    }
    switch (label) {
    case LAB2_ALLOC:
        return do_alloc(mrs);
    case LAB2_FREE:
        return do_free(mrs);
    case LAB2_STATE:
        mrs[1] = ut_free_count(mrs[0]);
        mrs[2] = ut_free_bytes();
        mrs[3] = free_slots();
        mrs[0] = LAB2_OK;
        return 4;
    case LAB2_FILL_SLOTS:
        return do_fill(mrs);
    case LAB2_RELEASE:
        while (filled_count > 0) {
            cspace_free_slot(&cspace, filled[--filled_count]);
        }
        mrs[0] = LAB2_OK;
        mrs[1] = free_slots();
        return 2;
    default:
        mrs[0] = LAB2_BAD_REQUEST;
        return 1;
    }
}

int main(void)
{
    ready = student_set_up_libs(&cspace);
    student_serve(handle);
    return 0;
}
