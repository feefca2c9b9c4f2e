/* See runtime_objects.h. */
#include <runtime_objects.h>

seL4_CPtr runtime_object_new(cspace_t *cspace, seL4_Word type, size_t bits, size_t size_arg, ut_t **ut)
{
    *ut = ut_alloc(bits, cspace);
    seL4_CPtr slot = *ut != NULL ? cspace_alloc_slot(cspace) : seL4_CapNull;
    if (slot != seL4_CapNull && cspace_untyped_retype(cspace, (*ut)->cap, slot, type, size_arg) == seL4_NoError) {
        return slot;
    }
    cspace_free_slot(cspace, slot);
    ut_free(*ut);
    *ut = NULL;
    return seL4_CapNull;
}

void runtime_object_free(cspace_t *cspace, seL4_CPtr slot, ut_t *ut)
{
    if (slot != seL4_CapNull) {
        (void)cspace_delete(cspace, slot);
        cspace_free_slot(cspace, slot);
    }
    ut_free(ut);
}
