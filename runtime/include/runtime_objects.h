/// @file
/// One kernel object from libut in a new slot of a libcspace cspace, and its release: what the
/// runtime's threads and processes are made of, and what root tasks that use libut and
/// libcspace (the grading harness, the library tests) make their own objects with.
#pragma once

#include <stddef.h>

#include <cspace.h>
#include <sel4/sel4.h>
#include <ut.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An object of @p type from a new untyped of 2^@p bits bytes (ut_alloc), retyped into a new
/// slot of @p cspace.
/// @param cspace The cspace for the slot (and for ut_alloc's splits).
/// @param type A seL4_ObjectType.
/// @param bits Size of the untyped to allocate, in bits.
/// @param size_arg Retype's size argument (untyped, CNode and scheduling context objects).
/// @param ut Set to the untyped (NULL on failure), for runtime_object_free.
/// @return The slot, or seL4_CapNull with nothing left allocated.
seL4_CPtr runtime_object_new(cspace_t *cspace, seL4_Word type, size_t bits, size_t size_arg, ut_t **ut);

/// Deletes the object in @p slot and frees the slot (unless seL4_CapNull), then frees @p ut
/// (unless NULL).
/// @param cspace The cspace of the slot.
/// @param slot The slot runtime_object_new returned.
/// @param ut The untyped runtime_object_new gave.
void runtime_object_free(cspace_t *cspace, seL4_CPtr slot, ut_t *ut);

#ifdef __cplusplus
}
#endif
