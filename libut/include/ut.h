/// @file
/// libut: the untyped-memory allocator of the AOS framework's API, for root tasks.
///
/// The allocator manages 4 KiB untyped capabilities (registered with ut_add_untyped_range) and
/// hands out untyped memory from seL4_EndpointBits (16 bytes) up to seL4_PageBits (4 KiB). Blocks
/// smaller than a page are made on demand by retyping a block of the next size up into two
/// halves; blocks are never merged again. Device memory is recorded but only ever handed out by
/// ut_alloc_4k_device.
///
/// There is one allocator per program (as in the AOS framework): its state lives in the memory
/// given to ut_init. The functions are not thread-safe.
///
/// Ownership: a ut_t belongs to the allocator. ut_alloc and friends lend it to the caller until
/// the caller gives it back with ut_free. Before ut_free the caller must have deleted every
/// object it retyped from the untyped (cspace_delete), otherwise the next user's retype fails.
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cspace;

/// A physical address range [start, end), both 4 KiB aligned.
typedef struct {
    seL4_Word start; ///< first byte
    seL4_Word end;   ///< first byte after the range
} ut_region_t;

/// One managed untyped capability (16 bytes).
typedef struct ut {
    struct ut *next;          ///< link on the allocator's free list (allocator use only)
    seL4_Word cap : 40;       ///< the untyped's CPtr in the root task's CSpace
    seL4_Word size_bits : 8;  ///< log2 of its size in bytes (4..12)
    seL4_Word valid : 1;      ///< 1 when this entry describes a registered untyped
    seL4_Word device : 1;     ///< 1 for device memory (never handed out by ut_alloc)
    seL4_Word in_use : 1;     ///< 1 while lent out (allocator use only)
    seL4_Word split : 1;      ///< 1 once split into halves: it then stays allocated (allocator use only)
} ut_t;

/// Pages of zeroed, mapped memory that ut_init needs to manage @p region.
/// @param region The physical range the allocator will cover (start and end 4 KiB aligned).
/// @return A number of 4 KiB pages (0 when region.end <= region.start).
size_t ut_pages_for_region(ut_region_t region);

/// Starts an empty allocator for @p region.
/// @param memory ut_pages_for_region(region) pages of zeroed memory, mapped and 8-byte
///        aligned; the allocator owns it from now on (it is never given back).
/// @param region The physical range whose 4 KiB untypeds may later be registered.
/// Errors: a NULL @p memory or an empty region leaves the allocator without memory: every
/// later allocation returns NULL.
void ut_init(void *memory, ut_region_t region);

/// Bytes of RAM (non-device) 4 KiB untyped registered so far; constant once set-up is done.
/// @return the byte count.
size_t ut_size(void);

/// Registers @p n 4 KiB untypeds that lie at consecutive physical addresses from @p paddr and
/// in consecutive CSpace slots from @p cap.
/// @param paddr Physical address of the first one (4 KiB aligned, inside the region).
/// @param cap CPtr of the first one in the root task's CSpace.
/// @param n How many.
/// @param device true for device memory: recorded for ut_alloc_4k_device only.
/// Errors: pages outside the region, an unaligned address, or pages already registered are
/// ignored (nothing is registered for them).
void ut_add_untyped_range(seL4_Word paddr, seL4_CPtr cap, size_t n, bool device);

/// Takes a free 4 KiB RAM untyped. Never uses CSpace slots.
/// @param paddr Gets its physical address (may be NULL).
/// @return The untyped, lent to the caller until ut_free; NULL when none is free.
ut_t *ut_alloc_4k_untyped(uintptr_t *paddr);

/// Takes a free untyped of 2^@p size_bits bytes. When that size has no free block, one of the
/// next size up is retyped into two halves in two new slots of @p cspace (recursively).
/// @param size_bits From seL4_EndpointBits to seL4_PageBits (a page goes to ut_alloc_4k_untyped).
/// @param cspace The root task's CSpace: slots for the halves of a split come from it.
/// @return The untyped, lent to the caller until ut_free; NULL for a size out of range, a NULL
///         cspace when a split is needed, no memory, no slot, or no bookkeeping node left.
ut_t *ut_alloc(size_t size_bits, struct cspace *cspace);

/// Gives an untyped back: it goes on the free list of its size (blocks are never merged).
/// @param ut An untyped from ut_alloc, ut_alloc_4k_untyped or ut_alloc_4k_device; every
///        object retyped from it must be deleted first. NULL, an entry that is not lent out
///        and a pointer outside the allocator are ignored.
void ut_free(ut_t *ut);

/// Takes the device untyped of the 4 KiB device page at @p paddr.
/// @param paddr Physical address of the page (4 KiB aligned).
/// @return The untyped, lent to the caller until ut_free; NULL when no device page is
///         registered there or it is already lent out.
ut_t *ut_alloc_4k_device(uintptr_t paddr);

/// The entry of the 4 KiB untyped registered at @p paddr (RAM or device), lent out or not.
/// (A Quokka addition: the cspace_alloc_t callbacks identify untypeds by address.)
/// @param paddr A physical address (any address inside the page).
/// @return The entry, owned by the allocator; NULL when nothing is registered there.
ut_t *ut_4k_at(uintptr_t paddr);

/// Bytes of untyped memory free in the allocator (every free list; a Quokka addition, for
/// tests that check that memory comes back).
/// @return the byte count.
size_t ut_free_bytes(void);

/// Free blocks of 2^@p size_bits bytes (a Quokka addition, for tests and labs that check how
/// the size classes split).
/// @param size_bits From seL4_EndpointBits to seL4_PageBits.
/// @return The count; 0 for a size out of range or before ut_init.
size_t ut_free_count(size_t size_bits);

#ifdef __cplusplus
}
#endif
