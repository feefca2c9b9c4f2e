/* Internal to the runtime (thread.c, process.c): one kernel object from libut in a new slot of
   a libcspace cspace, and its release. Not installed; programs use libut and libcspace. */
#pragma once

#include <cspace.h>
#include <ut.h>

/* An object of `type` from a new ut of 2^bits bytes, retyped with `size_arg` into a new slot;
   the slot, or seL4_CapNull (with nothing left allocated) on failure. *ut gets the ut. */
seL4_CPtr runtime_object_new(cspace_t *cspace, seL4_Word type, size_t bits, size_t size_arg, ut_t **ut);
/* Deletes and frees `slot` (if not null) and frees `ut` (if not NULL). */
void runtime_object_free(cspace_t *cspace, seL4_CPtr slot, ut_t *ut);
