/* Library benchmarks, measured from user level: instructions retired (rdinstret, exact under
   qemu -icount shift=0) per AOS allocation pattern, averaged over ROUNDS fresh allocations
   after root_task_bootstrap. An endpoint's untyped comes from splitting pages on demand, so
   the figure includes its share of the splits (one Retype per endpoint, on average). */
#include <stdio.h>

#include <bootstrap.h>
#include <cspace.h>
#include <sel4runtime.h>
#include <ut.h>

#define ROUNDS 1000

static cspace_t cspace;
static seL4_CPtr slots[ROUNDS];
static ut_t *uts[ROUNDS];

static inline seL4_Word instret(void)
{
    seL4_Word count;
    __asm__ volatile("rdinstret %0" : "=r"(count));
    return count;
}

/* ut_alloc + cspace_alloc_slot + cspace_untyped_retype of an endpoint; 0 if one failed. */
static seL4_Word measure_endpoint_pattern(void)
{
    seL4_Word total = 0;
    for (int i = 0; i < ROUNDS; i++) {
        seL4_Word start = instret();
        ut_t *ut = ut_alloc(seL4_EndpointBits, &cspace);
        seL4_CPtr slot = cspace_alloc_slot(&cspace);
        seL4_Error err = cspace_untyped_retype(&cspace, ut->cap, slot, seL4_EndpointObject, seL4_EndpointBits);
        total += instret() - start;
        if (err != seL4_NoError) {
            return 0;
        }
        uts[i] = ut;
        slots[i] = slot;
    }
    for (int i = 0; i < ROUNDS; i++) {
        (void)cspace_delete(&cspace, slots[i]);
        cspace_free_slot(&cspace, slots[i]);
        ut_free(uts[i]);
    }
    return total / ROUNDS;
}

static seL4_Word measure_alloc_slot(void)
{
    seL4_Word start = instret();
    for (int i = 0; i < ROUNDS; i++) {
        slots[i] = cspace_alloc_slot(&cspace);
    }
    seL4_Word total = instret() - start;
    for (int i = 0; i < ROUNDS; i++) {
        if (slots[i] == seL4_CapNull) {
            return 0;
        }
        cspace_free_slot(&cspace, slots[i]);
    }
    return total / ROUNDS;
}

int main(void)
{
    seL4_Word start = instret();
    if (root_task_bootstrap(sel4runtime_bootinfo(), &cspace) != CSPACE_NOERROR) {
        printf("bootstrap failed: %s\n", root_task_bootstrap_failure());
        return 1;
    }
    printf("BENCH root_task_bootstrap=%lu\n", instret() - start);
    printf("BENCH ut_alloc_slot_retype_endpoint=%lu\n", measure_endpoint_pattern());
    printf("BENCH cspace_alloc_slot=%lu\n", measure_alloc_slot());
    return 0;
}
