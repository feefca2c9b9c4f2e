/// @file
/// Client stubs for object invocations: each is a Call with an invocation label that returns a seL4_Error.
///
/// Marshalling follows seL4's stub generator: the invoked cap goes in a0, every other cap argument
/// becomes an extra cap (in order), and word arguments fill MR0, MR1, ... in order. When the result
/// is an error, MR0..MR3 of the kernel's reply are copied to the IPC buffer, so seL4_GetMR reads
/// the error details (see seL4_Error).
#pragma once

#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/invocation.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Makes the Call of an invocation whose first four argument words are given; MR4 and up and
/// the extra caps must already be in the IPC buffer.
/// @param service The invoked cap.
/// @param tag Label, number of extra caps and length.
/// @param mr0 MR0.
/// @param mr1 MR1.
/// @param mr2 MR2.
/// @param mr3 MR3.
/// @return The error code from the reply's label.
LIBSEL4_INLINE_FUNC seL4_Error quokka_invoke(seL4_CPtr service, seL4_MessageInfo_t tag, seL4_Word mr0, seL4_Word mr1,
                                             seL4_Word mr2, seL4_Word mr3)
{
    seL4_MessageInfo_t reply = seL4_CallWithMRs(service, tag, &mr0, &mr1, &mr2, &mr3);
    seL4_Error result = SEL4_CAST(seL4_Error, seL4_MessageInfo_get_label(reply));
    if (result != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
    }
    return result;
}

/// Creates objects from untyped memory, placed at the untyped's free pointer rounded up to each
/// object's size, with their caps in consecutive empty slots of a destination CNode.
/// @param _service The untyped cap.
/// @param type A seL4_ObjectType.
/// @param size_bits log2 of the size for Untyped, CNode (slots) and SchedContext objects; ignored otherwise.
/// @param root CNode in which node_index is looked up.
/// @param node_index Index of the destination CNode in root (ignored when node_depth is 0).
/// @param node_depth Bits of node_index to resolve; 0 means root itself is the destination.
/// @param node_offset First destination slot in the destination CNode.
/// @param num_objects Number of objects, 1..256.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_Untyped_Retype(seL4_Untyped _service, seL4_Word type, seL4_Word size_bits,
                                                   seL4_CNode root, seL4_Word node_index, seL4_Word node_depth,
                                                   seL4_Word node_offset, seL4_Word num_objects)
{
    seL4_SetCap(0, root);
    seL4_SetMR(4, node_offset);
    seL4_SetMR(5, num_objects);
    return quokka_invoke(_service, seL4_MessageInfo_new(UntypedRetype, 0, 1, 6), type, size_bits, node_index,
                         node_depth);
}

/// Deletes every capability derived from a slot's capability (its CDT descendants).
/// @param _service CNode in which index is looked up.
/// @param index Slot index.
/// @param depth Bits of index to resolve (64 for the initial root CNode).
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Revoke(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeRevoke, 0, 0, 2), index, depth, 0, 0);
}

/// Deletes the capability in a slot (destroying the object if it was the last one).
/// @param _service CNode in which index is looked up.
/// @param index Slot index.
/// @param depth Bits of index to resolve.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Delete(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeDelete, 0, 0, 2), index, depth, 0, 0);
}

/// Cancels the pending sends of every thread that used the badge of an endpoint cap.
/// @param _service CNode in which index is looked up.
/// @param index Slot of the badged endpoint cap (needs all rights).
/// @param depth Bits of index to resolve.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_CancelBadgedSends(seL4_CNode _service, seL4_Word index, seL4_Uint8 depth)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeCancelBadgedSends, 0, 0, 2), index, depth, 0, 0);
}

/// Copies a capability into an empty slot, possibly with fewer rights.
/// @param _service CNode of the destination slot.
/// @param dest_index Destination slot index.
/// @param dest_depth Bits of dest_index to resolve.
/// @param src_root CNode of the source slot.
/// @param src_index Source slot index.
/// @param src_depth Bits of src_index to resolve.
/// @param rights Rights mask for the copy.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Copy(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                               seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                               seL4_CapRights_t rights)
{
    seL4_SetCap(0, src_root);
    seL4_SetMR(4, rights.words[0]);
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeCopy, 0, 1, 5), dest_index, dest_depth, src_index,
                         src_depth);
}

/// Copies a capability into an empty slot with fewer rights and a badge (or CNode guard data).
/// @param _service CNode of the destination slot.
/// @param dest_index Destination slot index.
/// @param dest_depth Bits of dest_index to resolve.
/// @param src_root CNode of the source slot.
/// @param src_index Source slot index.
/// @param src_depth Bits of src_index to resolve.
/// @param rights Rights mask for the new cap.
/// @param badge Badge for an endpoint or notification cap (the source must be unbadged), or
///              seL4_CNode_CapData_new(...).words[0] for a CNode cap.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Mint(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                               seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                               seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_SetCap(0, src_root);
    seL4_SetMR(4, rights.words[0]);
    seL4_SetMR(5, badge);
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeMint, 0, 1, 6), dest_index, dest_depth, src_index,
                         src_depth);
}

/// Moves a capability into an empty slot.
/// @param _service CNode of the destination slot.
/// @param dest_index Destination slot index.
/// @param dest_depth Bits of dest_index to resolve.
/// @param src_root CNode of the source slot.
/// @param src_index Source slot index.
/// @param src_depth Bits of src_index to resolve.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Move(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                               seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_SetCap(0, src_root);
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeMove, 0, 1, 4), dest_index, dest_depth, src_index,
                         src_depth);
}

/// Moves a capability into an empty slot, changing its data (CNode guard; fails on badged caps).
/// @param _service CNode of the destination slot.
/// @param dest_index Destination slot index.
/// @param dest_depth Bits of dest_index to resolve.
/// @param src_root CNode of the source slot.
/// @param src_index Source slot index.
/// @param src_depth Bits of src_index to resolve.
/// @param badge New cap data (seL4_CNode_CapData_new(...).words[0] for a CNode cap).
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Mutate(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                                 seL4_CNode src_root, seL4_Word src_index, seL4_Uint8 src_depth,
                                                 seL4_Word badge)
{
    seL4_SetCap(0, src_root);
    seL4_SetMR(4, badge);
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeMutate, 0, 1, 5), dest_index, dest_depth, src_index,
                         src_depth);
}

/// Moves the pivot cap to the destination and the source cap to the pivot slot, in one step.
/// @param _service CNode of the destination slot.
/// @param dest_index Destination slot index (must be empty, unless it is the source slot).
/// @param dest_depth Bits of dest_index to resolve.
/// @param dest_badge New data of the cap moved to the destination.
/// @param pivot_root CNode of the pivot slot.
/// @param pivot_index Pivot slot index.
/// @param pivot_depth Bits of pivot_index to resolve.
/// @param pivot_badge New data of the cap moved to the pivot slot.
/// @param src_root CNode of the source slot.
/// @param src_index Source slot index.
/// @param src_depth Bits of src_index to resolve.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_CNode_Rotate(seL4_CNode _service, seL4_Word dest_index, seL4_Uint8 dest_depth,
                                                 seL4_Word dest_badge, seL4_CNode pivot_root, seL4_Word pivot_index,
                                                 seL4_Uint8 pivot_depth, seL4_Word pivot_badge, seL4_CNode src_root,
                                                 seL4_Word src_index, seL4_Uint8 src_depth)
{
    seL4_SetCap(0, pivot_root);
    seL4_SetCap(1, src_root);
    seL4_SetMR(4, pivot_depth);
    seL4_SetMR(5, pivot_badge);
    seL4_SetMR(6, src_index);
    seL4_SetMR(7, src_depth);
    return quokka_invoke(_service, seL4_MessageInfo_new(CNodeRotate, 0, 2, 8), dest_index, dest_depth, dest_badge,
                         pivot_index);
}

#ifdef __cplusplus
}
#endif
