/* libcspace's kernel calls: each names its slots at depth seL4_WordBits from the cspace's root
   CNode, which the guard on the root cap makes possible (see cspace.h). */
#include "cspace_internal.h"

#define DEPTH seL4_WordBits

seL4_Error cspace_copy(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr,
                       seL4_CapRights_t rights)
{
    if (dest == NULL || src == NULL) {
        return seL4_InvalidArgument;
    }
    return seL4_CNode_Copy(dest->root_cnode, dest_cptr, DEPTH, src->root_cnode, src_cptr, DEPTH, rights);
}

seL4_Error cspace_mint(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr,
                       seL4_CapRights_t rights, seL4_Word badge)
{
    if (dest == NULL || src == NULL) {
        return seL4_InvalidArgument;
    }
    return seL4_CNode_Mint(dest->root_cnode, dest_cptr, DEPTH, src->root_cnode, src_cptr, DEPTH, rights, badge);
}

seL4_Error cspace_move(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr)
{
    if (dest == NULL || src == NULL) {
        return seL4_InvalidArgument;
    }
    return seL4_CNode_Move(dest->root_cnode, dest_cptr, DEPTH, src->root_cnode, src_cptr, DEPTH);
}

seL4_Error cspace_mutate(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr, seL4_Word badge)
{
    if (dest == NULL || src == NULL) {
        return seL4_InvalidArgument;
    }
    return seL4_CNode_Mutate(dest->root_cnode, dest_cptr, DEPTH, src->root_cnode, src_cptr, DEPTH, badge);
}

seL4_Error cspace_delete(cspace_t *cspace, seL4_CPtr cptr)
{
    return cspace != NULL ? seL4_CNode_Delete(cspace->root_cnode, cptr, DEPTH) : seL4_InvalidArgument;
}

seL4_Error cspace_revoke(cspace_t *cspace, seL4_CPtr cptr)
{
    return cspace != NULL ? seL4_CNode_Revoke(cspace->root_cnode, cptr, DEPTH) : seL4_InvalidArgument;
}

seL4_Error cspace_untyped_retype(cspace_t *cspace, seL4_CPtr ut, seL4_CPtr target, seL4_Word type, size_t size_bits)
{
    if (cspace == NULL) {
        return seL4_InvalidArgument;
    }
    if (!cspace->two_level) {
        /* node_depth 0: the root CNode itself is the destination. */
        return seL4_Untyped_Retype(ut, type, size_bits, cspace->root_cnode, 0, 0, target, 1);
    }
    return seL4_Untyped_Retype(ut, type, size_bits, cspace->root_cnode, target >> CSPACE_NODE_BITS, TOP_SLOT_DEPTH,
                               target & (CSPACE_NODE_SLOTS - 1), 1);
}

seL4_Error cspace_irq_control_get(cspace_t *dest, seL4_CPtr cptr, seL4_IRQControl irq_control, seL4_Word irq,
                                  seL4_Word level)
{
    if (dest == NULL) {
        return seL4_InvalidArgument;
    }
    return seL4_IRQControl_GetTrigger(irq_control, irq, level, dest->root_cnode, cptr, DEPTH);
}
