/// @file
/// Setting up a root task for libut and libcspace in one call, and the frame window that maps
/// the allocators' bookkeeping.
///
/// root_task_bootstrap replaces the root task's initial CNode with a two-level CSpace of 2^20
/// slots (top level 2^CSPACE_ROOT_TOP_BITS CNode, 128-slot second levels), in which every
/// capability bootinfo lists keeps its CPtr (seL4_CapInitThreadTCB, the untypeds, the image
/// frames, ...) and seL4_CapInitThreadCNode names the new root. It then retypes all RAM untyped
/// into 4 KiB untypeds registered with libut. Device untypeds are left as bootinfo lists them.
///
/// Bookkeeping memory (libut's table, libcspace's node bitmaps, IPC buffers of threads made by
/// the runtime) is mapped in the root task's address space in the frame window: the frame at
/// physical address p appears at ROOT_TASK_WINDOW + (p - first RAM address), so a frame that is
/// freed and allocated again lands at the same address, and page tables are made once.
#pragma once

#include <cspace.h>
#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Virtual address of the frame window (128 GiB; far above the image, below seL4_UserTop).
#define ROOT_TASK_WINDOW 0x2000000000ul

/// Builds the root task's two-level cspace and the untyped allocator. Call it once, first
/// thing in main, before any other libcspace or libut call.
/// @param bi The bootinfo the kernel passed (sel4runtime_bootinfo()).
/// @param cspace Filled in: the root task's own cspace (bootstrap NULL; cspace_destroy refuses
///        it). The caller owns the struct and must keep it alive for the program's life.
/// @return CSPACE_NOERROR, or CSPACE_ERROR with root_task_bootstrap_failure() saying why (no
///         RAM untyped big enough, a failed invocation); after an error the CSpace may be
///         half-built and the program should stop.
int root_task_bootstrap(const seL4_BootInfo *bi, cspace_t *cspace);

/// Why root_task_bootstrap failed.
/// @return A static string ("" when it did not fail); owned by the library.
const char *root_task_bootstrap_failure(void);

/// The callbacks for cspace_create_two_level: 4 KiB untypeds from libut, bookkeeping frames
/// mapped in the frame window. Valid after root_task_bootstrap.
/// @return The callbacks (by value; nothing to free).
cspace_alloc_t root_task_cspace_alloc(void);

/// The alloc_4k_ut callback of root_task_cspace_alloc, for callbacks of one's own: lends a 4 KiB
/// untyped from libut (ut_alloc_4k_untyped). Valid in any process whose libut is set up.
/// @param cookie Ignored.
/// @param paddr Set to the untyped's physical address.
/// @return The untyped's cap, or seL4_CapNull when libut has none.
seL4_CPtr root_task_alloc_4k_ut(void *cookie, seL4_Word *paddr);

/// The free_4k_ut callback of root_task_cspace_alloc: gives the 4 KiB untyped at @p paddr back
/// to libut.
/// @param cookie Ignored.
/// @param paddr The physical address root_task_alloc_4k_ut gave.
void root_task_free_4k_ut(void *cookie, seL4_Word paddr);

/// Maps a 4 KiB frame of RAM (cap @p frame in @p cspace, unmapped) in the frame window, making
/// page tables from libut and slots of @p cspace when needed.
/// @param cspace The root task's cspace (from root_task_bootstrap).
/// @param frame The frame's cap.
/// @return Its address in the window, or NULL (not a RAM frame, already mapped, no memory or
///         slot for a page table). Deleting the frame cap unmaps it; page tables stay.
void *root_task_map_frame(cspace_t *cspace, seL4_CPtr frame);

#ifdef __cplusplus
}
#endif
