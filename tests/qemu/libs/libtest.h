/* Shared helpers of the library tests (issue 6): libut and libcspace against the real kernel,
   in a root task that starts with root_task_bootstrap. Result lines, EXPECT macros and cap tags
   come from the object-model tests' objtest.h (run_test, fail_at, EXPECT_TAG). */
#pragma once

#include <bootstrap.h>
#include <cspace.h>
#include <ut.h>

#include "../objects/objtest.h"


/* The root task's cspace, set up by libs_main before any test. */
extern cspace_t cspace;

/* One object of `type` (2^bits bytes) from ut_alloc in a new slot of the root cspace, as the
   AOS pattern does it; 0 (and *ut NULL) on failure. */
seL4_CPtr lib_object(seL4_Word type, size_t bits, ut_t **ut);
/* Deletes it, frees the slot and the untyped. */
void lib_object_free(seL4_CPtr slot, ut_t *ut);
/* The slot cspace_alloc_slot would give now (allocated and freed again). */
seL4_CPtr next_free_slot(cspace_t *space);
/* Free bytes of an untyped of 2^bits, probed with a Retype of an untyped twice its size into
   a new slot (§3.1 NotEnoughMemory MR0); ~0 if the probe went otherwise. */
seL4_Word ut_free_bytes_in_kernel(ut_t *ut);

/* Area entry points, one per file. */
void run_ut_tests(void);
void run_cspace_tests(void);
void run_cspace_create_tests(void);
void run_cycle_tests(void);
void run_lecture_tests(void);
void run_process_tests(void);
