/* The self-test lab's student program (tests/grader/selftest): answers echo, sums the sizes of
   the untypeds its bootinfo lists, uses one of them, or faults on request, so that the harness's
   start, call and fault paths are exercised (tests.c). */
#include <stdint.h>

#include <sel4runtime.h>
#include <stdio.h>
#include <student.h>

#include "selftest.h"

static volatile uintptr_t fault_address = 0x10; /* unmapped */

static size_t handle(seL4_Word label, seL4_Word *mrs, size_t in_words)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    switch (label) {
    case SELFTEST_ECHO:
        for (size_t i = 0; i < in_words; i++) {
            mrs[i] = mrs[i] + 1;
        }
        return in_words;
    case SELFTEST_UNTYPEDS: {
        seL4_Word bytes = 0;
        for (seL4_CPtr slot = bi->untyped.start; slot < bi->untyped.end; slot++) {
            bytes += 1ul << bi->untypedList[slot - bi->untyped.start].sizeBits;
        }
        mrs[0] = bi->untyped.end - bi->untyped.start;
        mrs[1] = bytes;
        mrs[2] = bi->empty.start;
        return 3;
    }
    case SELFTEST_RETYPE: {
        /* An endpoint from the first untyped, in the first free slot. */
        mrs[0] = (seL4_Word)seL4_Untyped_Retype(bi->untyped.start, seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                                0, 0, bi->empty.start, 1);
        mrs[1] = bi->empty.start;
        return 2;
    }
    case SELFTEST_FAULT:
        *(volatile seL4_Word *)fault_address = 1;
        return 0;
    default:
        return 0;
    }
}

int main(void)
{
    printf("selftest student: ready\n");
    student_serve(handle);
}
