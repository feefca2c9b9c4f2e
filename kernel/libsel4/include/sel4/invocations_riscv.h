/// @file
/// Client stubs for the RISC-V virtual-memory invocations: frames, page tables, ASID control and
/// ASID pools (Sv39).
///
/// Marshalling follows seL4's stub generator, as in sel4/invocations.h: the invoked cap goes in
/// a0, every other cap argument becomes an extra cap (in order), and word arguments fill MR0,
/// MR1, ... in order. Each stub is a Call whose reply label is the seL4_Error; on an error MR0..MR3
/// of the reply are left in the IPC buffer for seL4_GetMR (and seL4_MappingFailedLookupLevel).
#pragma once

#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/functions.h>
#include <sel4/invocation.h>
#include <sel4/invocations.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscalls.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The message register that holds the lookup failure's bitsLeft after a Page_Map or
/// PageTable_Map that failed with seL4_FailedLookup (MR0 = 0, MR1 = seL4_MissingCapability).
#define SEL4_MAPPING_LOOKUP_LEVEL 2
/// bitsLeft when the table that maps 4 KiB pages is missing (the 2 MiB-level entry is empty).
#define SEL4_MAPPING_LOOKUP_NO_PT 21

/// After a Page_Map that failed with seL4_FailedLookup: the bits of the virtual address still
/// to be translated where the walk found no page table. Under Sv39 it is 30 when the table
/// below the root is missing and 21 when the table that maps 4 KiB pages is missing.
/// @return MR2 of the error reply.
LIBSEL4_INLINE_FUNC seL4_Word seL4_MappingFailedLookupLevel(void)
{
    return seL4_GetMR(SEL4_MAPPING_LOOKUP_LEVEL);
}

/// Result of seL4_RISCV_Page_GetAddress (an unnamed struct: in C++ a tag named like the function
/// would be hidden by it).
typedef struct {
    int error;       ///< A seL4_Error.
    seL4_Word paddr; ///< The frame's physical address (valid when error is seL4_NoError).
} seL4_RISCV_Page_GetAddress_t;

/// Maps a page table into a VSpace, at the first level on the walk to vaddr that has no table.
/// @param _service The page table to map (not mapped yet).
/// @param vspace The VSpace: a top-level page table assigned to an ASID pool.
/// @param vaddr A virtual address the new table will translate (below seL4_UserTop).
/// @param attr seL4_RISCV_VMAttributes (ignored for tables).
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_PageTable_Map(seL4_RISCV_PageTable _service, seL4_RISCV_PageTable vspace,
                                                        seL4_Word vaddr, seL4_RISCV_VMAttributes attr)
{
    seL4_SetCap(0, vspace);
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVPageTableMap, 0, 1, 2), vaddr,
                         SEL4_CAST(seL4_Word, attr), 0, 0);
}

/// Removes a page table from the table it is mapped in (a no-op for an unmapped table).
/// @param _service The page table (its only cap; not a VSpace root).
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_PageTable_Unmap(seL4_RISCV_PageTable _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVPageTableUnmap, 0, 0, 0), 0, 0, 0, 0);
}

/// Maps a frame into a VSpace, or changes the rights and attributes of its mapping when called
/// again with the same VSpace and vaddr. A frame cap maps in one place at a time.
/// @param _service The frame (4 KiB, 2 MiB or 1 GiB).
/// @param vspace The VSpace: a top-level page table assigned to an ASID pool.
/// @param vaddr Virtual address, aligned to the frame's size; the frame must end below seL4_UserTop.
/// @param rights Mapping rights (Read, Write), further limited by the frame cap's own rights.
/// @param attr seL4_RISCV_VMAttributes: seL4_RISCV_Default_VMAttributes or seL4_RISCV_ExecuteNever.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_Page_Map(seL4_RISCV_Page _service, seL4_RISCV_PageTable vspace,
                                                   seL4_Word vaddr, seL4_CapRights_t rights,
                                                   seL4_RISCV_VMAttributes attr)
{
    seL4_SetCap(0, vspace);
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVPageMap, 0, 1, 3), vaddr, rights.words[0],
                         SEL4_CAST(seL4_Word, attr), 0);
}

/// Removes a frame's mapping (a no-op for an unmapped frame).
/// @param _service The frame.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_Page_Unmap(seL4_RISCV_Page _service)
{
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVPageUnmap, 0, 0, 0), 0, 0, 0, 0);
}

/// Reads a frame's physical address.
/// @param _service The frame.
/// @return The error and, on success, the physical address (the reply's MR0).
LIBSEL4_INLINE_FUNC seL4_RISCV_Page_GetAddress_t seL4_RISCV_Page_GetAddress(seL4_RISCV_Page _service)
{
    seL4_Word mr0 = 0;
    seL4_Word mr1 = 0;
    seL4_Word mr2 = 0;
    seL4_Word mr3 = 0;
    seL4_MessageInfo_t reply = seL4_CallWithMRs(_service, seL4_MessageInfo_new(RISCVPageGetAddress, 0, 0, 0), &mr0,
                                                &mr1, &mr2, &mr3);
    seL4_RISCV_Page_GetAddress_t result = {SEL4_CAST(int, seL4_MessageInfo_get_label(reply)), 0};
    if (result.error != seL4_NoError) {
        seL4_SetMR(0, mr0);
        seL4_SetMR(1, mr1);
        seL4_SetMR(2, mr2);
        seL4_SetMR(3, mr3);
        return result;
    }
    result.paddr = mr0;
    return result;
}

/// Turns a 4 KiB untyped without children into an ASID pool, in the first free entry of the
/// kernel's ASID table.
/// @param _service The ASID-control cap.
/// @param untyped A RAM untyped of exactly 2^seL4_ASIDPoolBits bytes, without children.
/// @param root CNode in which index is looked up.
/// @param index Destination slot for the pool's cap.
/// @param depth Bits of index to resolve.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_ASIDControl_MakePool(seL4_RISCV_ASIDControl _service, seL4_Untyped untyped,
                                                               seL4_CNode root, seL4_Word index, seL4_Uint8 depth)
{
    seL4_SetCap(0, untyped);
    seL4_SetCap(1, root);
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVASIDControlMakePool, 0, 2, 2), index,
                         SEL4_CAST(seL4_Word, depth), 0, 0);
}

/// Gives a page table the pool's first free ASID, which makes it a VSpace root.
/// @param _service The ASID pool.
/// @param vspace A page table that is neither mapped nor assigned yet.
/// @return seL4_NoError or the reason for failure.
LIBSEL4_INLINE_FUNC seL4_Error seL4_RISCV_ASIDPool_Assign(seL4_RISCV_ASIDPool _service, seL4_CPtr vspace)
{
    seL4_SetCap(0, vspace);
    return quokka_invoke(_service, seL4_MessageInfo_new(RISCVASIDPoolAssign, 0, 1, 0), 0, 0, 0, 0);
}

#ifdef __cplusplus
}
#endif
