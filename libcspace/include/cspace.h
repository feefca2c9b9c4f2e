/// @file
/// libcspace: capability spaces with the AOS framework's API, for root tasks.
///
/// A cspace_t describes a CSpace the root task manages: a single CNode (one level) or a top
/// CNode whose slots hold second-level CNodes (two levels), every CNode 4 KiB, i.e. 128 slots of
/// 32 bytes. Slots are named by CPtrs at depth seL4_WordBits: the root CNode capability carries a
/// guard that fills the bits above the levels, so CPtr n resolves to slot n in one level and to
/// slot n % 128 of second-level node n / 128 in two levels, exactly as seL4 resolves it.
///
/// Every function that invokes the kernel does so through capabilities in the calling thread's
/// own CSpace: a cspace_t's root_cnode is a CPtr there (the root task's CSpace, or for a cspace
/// made by cspace_create_*, a slot of its bootstrap cspace).
///
/// Ownership: a cspace_t is the caller's memory; libcspace fills it in and the caller keeps it
/// until cspace_destroy. Slots are lent by cspace_alloc_slot until cspace_free_slot; freeing a
/// slot never deletes the capability in it (call cspace_delete first). Not thread-safe.
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <sel4/sel4.h>
#include <ut.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CSPACE_NOERROR 0   ///< Success of the cspace_create_* functions.
#define CSPACE_ERROR (-1)  ///< Failure of the cspace_create_* functions.

#define CNODE_SIZE_BITS 12 ///< log2 of the bytes of every CNode libcspace makes (4 KiB).
/// log2 of the slots of a CNode of 2^x bytes.
#define CNODE_SLOT_BITS(x) ((x) - seL4_SlotBits)
#define CSPACE_NODE_BITS CNODE_SLOT_BITS(CNODE_SIZE_BITS) ///< Index bits of one CNode (7).
#define CSPACE_NODE_SLOTS (1ul << CSPACE_NODE_BITS)       ///< Slots of one CNode (128).
/// Index bits of the top level of the root task's own CSpace (root_task_bootstrap): with
/// 128-slot second-level nodes it holds 2^20 slots.
#define CSPACE_ROOT_TOP_BITS 13
/// Slots map_frame may use for page tables when it maps a bookkeeping frame.
#define CSPACE_MAPPING_SLOTS 3
/// Slots a cspace without bootstrap (the root task's own) keeps free for its own growth.
#define CSPACE_WATERMARK_SLOTS (CSPACE_MAPPING_SLOTS + 1)
/// Second-level nodes whose bookkeeping fits in one 4 KiB frame.
#define CSPACE_LEAVES_PER_PAGE 128

/// Callbacks with which a two-level cspace gets memory for new second-level nodes and for
/// its bookkeeping. Each is called with @c cookie as its first argument.
typedef struct cspace_alloc {
    /// Maps the 4 KiB frame whose cap is @p frame_cap (in the root task's CSpace) into the root
    /// task's address space and returns its address, or NULL on failure. Page tables it needs go
    /// in @p free_slots (empty slots of the root task's CSpace); it sets bit i of @p *used for
    /// each free_slots[i] it filled. The frame stays mapped until its cap is deleted.
    void *(*map_frame)(void *cookie, seL4_CPtr frame_cap, seL4_CPtr free_slots[CSPACE_MAPPING_SLOTS],
                       seL4_Word *used);
    /// Lends a 4 KiB untyped: returns its cap (in the root task's CSpace) and its physical
    /// address in @p *paddr, or seL4_CapNull when there is none.
    seL4_CPtr (*alloc_4k_ut)(void *cookie, seL4_Word *paddr);
    /// Takes back the 4 KiB untyped at @p paddr that alloc_4k_ut lent (nothing is retyped
    /// from it any more).
    void (*free_4k_ut)(void *cookie, seL4_Word paddr);
    void *cookie; ///< passed to every callback
} cspace_alloc_t;

/// Bookkeeping of one second-level node (32 bytes; 128 fit in a frame).
typedef struct cspace_leaf {
    seL4_Word used[CSPACE_NODE_SLOTS / 64]; ///< bit i set: slot i is allocated
    seL4_Word ut_paddr;                     ///< the 4 KiB untyped it was made from
    seL4_Word state;                        ///< 0 none, 1 made by this cspace, 2 made by its creator
} cspace_leaf_t;

/// A frame of second-level bookkeeping.
typedef struct cspace_page {
    cspace_leaf_t *leaves; ///< its mapping (NULL: not made yet)
    seL4_CPtr frame;       ///< its frame cap in the root task's CSpace (0: not from this cspace)
    seL4_Word ut_paddr;    ///< the 4 KiB untyped the frame came from
} cspace_page_t;

/// A CSpace managed by libcspace. Fields are read-only for users: root_cnode is the one to
/// give to TCB_Configure (guard data 0) or to pass to seL4 calls at depth seL4_WordBits.
typedef struct cspace {
    seL4_CPtr root_cnode;      ///< the root CNode's cap (guarded for depth-64 lookups)
    bool two_level;            ///< true for a two-level CSpace
    size_t top_bits;           ///< index bits of the top (or only) CNode
    seL4_Word bitmap[CSPACE_NODE_SLOTS / 64];          ///< one level: allocated slots
    seL4_Word full[(1ul << CSPACE_ROOT_TOP_BITS) / 64]; ///< two levels: bit i set: node i is full
    size_t first_open;         ///< two levels: no word of full below this one has a clear bit
    cspace_page_t pages[(1ul << CSPACE_ROOT_TOP_BITS) / CSPACE_LEAVES_PER_PAGE]; ///< two levels
    ut_t *root_ut;             ///< the untyped the root CNode came from (NULL: not ours)
    struct cspace *bootstrap;  ///< the cspace holding root_cnode; NULL for the root task's own
    cspace_alloc_t alloc;      ///< how a two-level cspace grows
    seL4_CPtr watermark[CSPACE_WATERMARK_SLOTS]; ///< free slots kept for growing (no bootstrap)
} cspace_t;

/// Makes a one-level CSpace: one new CNode of 128 slots (memory from libut), its cap in a slot
/// of @p bootstrap.
/// @param bootstrap The cspace that holds the new root CNode cap (normally the root task's).
/// @param target Filled in; the caller owns it and ends it with cspace_destroy.
/// @return CSPACE_NOERROR, or CSPACE_ERROR (NULL arguments, no memory, no slot, or a failed
///         invocation); on error nothing is left allocated.
int cspace_create_one_level(cspace_t *bootstrap, cspace_t *target);

/// Makes a two-level CSpace of 128 x 128 slots: the top CNode now, the second-level CNodes
/// when cspace_alloc_slot first needs them, with memory from @p alloc.
/// @param bootstrap The cspace that holds the new root CNode cap (normally the root task's).
/// @param target Filled in; the caller owns it and ends it with cspace_destroy.
/// @param alloc Callbacks for second-level nodes and bookkeeping frames (copied).
/// @return CSPACE_NOERROR, or CSPACE_ERROR (NULL arguments or callbacks, no memory, no slot,
///         or a failed invocation); on error nothing is left allocated.
int cspace_create_two_level(cspace_t *bootstrap, cspace_t *target, cspace_alloc_t alloc);

/// Deletes every capability and CNode of a cspace made by cspace_create_* (revoking the root
/// CNode cap first, so copies of it, even inside the cspace, do not keep it alive), gives their memory
/// back (libut and free_4k_ut), frees the root CNode's slot in the bootstrap cspace, and clears
/// @p cspace. Refused (nothing happens) for the root task's own cspace (no bootstrap) and NULL.
/// @param cspace The cspace to end.
void cspace_destroy(cspace_t *cspace);

/// Allocates a free slot, growing a two-level cspace by a second-level node when needed.
/// @param cspace The cspace.
/// @return The slot's CPtr (never seL4_CapNull's slot 0), or seL4_CapNull when the cspace is
///         full, growing it failed, or @p cspace is NULL.
seL4_CPtr cspace_alloc_slot(cspace_t *cspace);

/// Allocates @p count consecutive free slots inside one CNode (a Quokka addition: Retype of
/// many objects and ut_add_untyped_range want consecutive slots).
/// @param cspace The cspace.
/// @param count 1..128.
/// @return The first slot's CPtr, or seL4_CapNull when no CNode has such a run (and a new
///         second-level node could not be made), or the arguments are invalid.
seL4_CPtr cspace_alloc_slots(cspace_t *cspace, size_t count);

/// Marks a slot free again. The capability in it, if any, is NOT deleted.
/// @param cspace The cspace.
/// @param cptr The slot; seL4_CapNull, slots out of range and free slots are ignored.
void cspace_free_slot(cspace_t *cspace, seL4_CPtr cptr);

/// seL4_CNode_Copy: copies a capability into an empty slot with the given rights mask.
/// @param dest Destination cspace. @param dest_cptr Destination slot (empty).
/// @param src Source cspace. @param src_cptr Source slot.
/// @param rights Rights mask for the copy.
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_copy(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr,
                       seL4_CapRights_t rights);

/// seL4_CNode_Mint: copies a capability with a rights mask and a badge (an unbadged endpoint or
/// notification cap) or guard data (a CNode cap).
/// @param dest Destination cspace. @param dest_cptr Destination slot (empty).
/// @param src Source cspace. @param src_cptr Source slot.
/// @param rights Rights mask. @param badge Badge or CNode guard data.
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_mint(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr,
                       seL4_CapRights_t rights, seL4_Word badge);

/// seL4_CNode_Move: moves a capability into an empty slot (the source slot becomes empty; its
/// allocation in @p src is unchanged).
/// @param dest Destination cspace. @param dest_cptr Destination slot (empty).
/// @param src Source cspace. @param src_cptr Source slot.
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_move(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr);

/// seL4_CNode_Mutate: moves a capability into an empty slot, changing its data (CNode guard).
/// @param dest Destination cspace. @param dest_cptr Destination slot (empty).
/// @param src Source cspace. @param src_cptr Source slot.
/// @param badge New cap data.
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_mutate(cspace_t *dest, seL4_CPtr dest_cptr, cspace_t *src, seL4_CPtr src_cptr,
                         seL4_Word badge);

/// seL4_CNode_Delete: deletes the capability in a slot (the slot stays allocated).
/// @param cspace The cspace. @param cptr The slot.
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_delete(cspace_t *cspace, seL4_CPtr cptr);

/// seL4_CNode_Revoke: deletes every capability derived from the one in a slot.
/// @param cspace The cspace. @param cptr The slot.
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_revoke(cspace_t *cspace, seL4_CPtr cptr);

/// seL4_Untyped_Retype of exactly one object into a slot of @p cspace.
/// @param cspace The cspace of the target slot.
/// @param ut The untyped's cap in the calling thread's CSpace (e.g. ut_t::cap).
/// @param target The empty destination slot.
/// @param type A seL4_ObjectType.
/// @param size_bits Size argument of Retype (used by untyped, CNode and scheduling contexts).
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_untyped_retype(cspace_t *cspace, seL4_CPtr ut, seL4_CPtr target, seL4_Word type,
                                 size_t size_bits);

/// seL4_IRQControl_GetTrigger: an IRQ handler capability for @p irq into a slot.
/// @param dest The cspace of the slot. @param cptr The empty slot.
/// @param irq_control The IRQControl cap in the calling thread's CSpace.
/// @param irq The interrupt number. @param level Trigger mode (ignored by the RISC-V PLIC).
/// @return seL4_NoError or the kernel's error; seL4_InvalidArgument for a NULL cspace.
seL4_Error cspace_irq_control_get(cspace_t *dest, seL4_CPtr cptr, seL4_IRQControl irq_control, seL4_Word irq,
                                  seL4_Word level);

#ifdef __cplusplus
}
#endif
