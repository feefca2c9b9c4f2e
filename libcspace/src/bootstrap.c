/* root_task_bootstrap (see bootstrap.h). Two phases:
   A. In the initial CSpace: carve a top CNode, the first second-level nodes and one bookkeeping
      frame from the largest RAM untyped (the pool), move every capability bootinfo lists to the
      same CPtr in the new CSpace, and switch the root task's CSpace root (TCB_SetSpace).
   B. In the new CSpace: map libut's table (frames from the pool), then retype the rest of the
      pool and every other RAM untyped into 4 KiB untypeds, 128 at a time into whole
      second-level nodes, and register them with libut. From the second batch on, new nodes
      come from libut itself. Objects from the pool are placed by the kernel at its free pointer
      rounded up to their size (§8.7), which pool_take mirrors to know their addresses. */
#include <string.h>

#include <ut.h>

#include "bootstrap_internal.h"
#include "cspace_internal.h"

#define PAGE_BYTES (1ul << seL4_PageBits)
#define ROOT_INDEX_BITS (CSPACE_ROOT_TOP_BITS + CSPACE_NODE_BITS)
#define OLD_ROOT seL4_CapInitThreadCNode /* until the switch, the initial CNode */

static const char *failure = "";

/* The largest RAM untyped, from which objects are taken before libut exists. */
static struct {
    seL4_CPtr cap;
    seL4_Word paddr, bytes, used;
} pool;

/* Empty slots of the initial CNode, for phase A. */
static seL4_CPtr next_old_slot, old_slots_end;

static int fail(const char *why)
{
    failure = why;
    return CSPACE_ERROR;
}

const char *root_task_bootstrap_failure(void)
{
    return failure;
}

/* Reserves the pool's next object of 2^bits bytes; its physical address, or 0 if it is full. */
static seL4_Word pool_take(seL4_Word bits)
{
    seL4_Word size = 1ul << bits;
    seL4_Word at = (pool.used + size - 1) & ~(size - 1);
    if (at + size > pool.bytes) {
        return 0;
    }
    pool.used = at + size;
    return pool.paddr + at;
}

/* One object of 2^object_bits bytes from the pool, into a slot named as Untyped_Retype names it. */
static bool pool_retype(seL4_Word type, seL4_Word size_bits, seL4_Word object_bits, seL4_CPtr root,
                        seL4_Word index, seL4_Word depth, seL4_Word offset)
{
    return pool_take(object_bits) != 0 &&
           seL4_Untyped_Retype(pool.cap, type, size_bits, root, index, depth, offset, 1) == seL4_NoError;
}

static seL4_CPtr old_slot(void)
{
    return next_old_slot < old_slots_end ? next_old_slot++ : seL4_CapNull;
}

/* Page tables for the window: in phase A into the initial CNode, in phase B into the cspace. */
static seL4_CPtr early_table(void *context)
{
    (void)context;
    seL4_CPtr slot = old_slot();
    return slot != seL4_CapNull && pool_retype(seL4_RISCV_PageTableObject, 0, seL4_PageBits, OLD_ROOT, 0, 0, slot)
               ? slot
               : seL4_CapNull;
}

static seL4_CPtr pool_table(void *context)
{
    cspace_t *cspace = context;
    seL4_CPtr slot = cspace_alloc_slot(cspace);
    return slot != seL4_CapNull && pool_take(seL4_PageBits) != 0 &&
                   cspace_untyped_retype(cspace, pool.cap, slot, seL4_RISCV_PageTableObject, seL4_PageBits) ==
                       seL4_NoError
               ? slot
               : seL4_CapNull;
}

/* The RAM span and the pool, from bootinfo's untyped list. */
static ut_region_t find_ram(const seL4_BootInfo *bi)
{
    ut_region_t ram = {~0ul, 0};
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        seL4_Word bytes = 1ul << desc->sizeBits;
        if (desc->isDevice || desc->sizeBits < seL4_PageBits) {
            continue;
        }
        ram.start = desc->paddr < ram.start ? desc->paddr : ram.start;
        ram.end = desc->paddr + bytes > ram.end ? desc->paddr + bytes : ram.end;
        if (bytes > pool.bytes) {
            pool.cap = cap;
            pool.paddr = desc->paddr;
            pool.bytes = bytes;
        }
    }
    return ram;
}

/* The cspace's bookkeeping for the nodes made in phase A: [0, first_free) is taken. */
static void init_cspace(cspace_t *cspace, size_t nodes, seL4_CPtr first_free, cspace_leaf_t *leaves)
{
    memset(cspace, 0, sizeof *cspace);
    cspace->root_cnode = seL4_CapInitThreadCNode;
    cspace->two_level = true;
    cspace->top_bits = CSPACE_ROOT_TOP_BITS;
    cspace->pages[0].leaves = leaves;
    for (size_t i = 0; i < nodes; i++) {
        leaves[i].state = 2;
    }
    for (seL4_CPtr slot = 0; slot < first_free; slot++) {
        leaves[slot / CSPACE_NODE_SLOTS].used[slot % CSPACE_NODE_SLOTS / 64] |= 1ul << (slot % 64);
    }
    for (size_t i = 0; i < nodes; i++) {
        if (leaves[i].used[0] == ~0ul && leaves[i].used[1] == ~0ul) {
            cspace->full[i / 64] |= 1ul << (i % 64);
        }
    }
}

/* Phase A: the new CSpace, bootinfo's caps moved into it, and the switch. */
static int build_and_switch(const seL4_BootInfo *bi, cspace_t *cspace, size_t nodes)
{
    seL4_CPtr top = old_slot(), guarded = old_slot(), book = old_slot();
    if (book == seL4_CapNull ||
        !pool_retype(seL4_CapTableObject, CSPACE_ROOT_TOP_BITS, CSPACE_ROOT_TOP_BITS + seL4_SlotBits, OLD_ROOT, 0,
                     0, top) ||
        seL4_CNode_Mint(OLD_ROOT, guarded, seL4_WordBits, OLD_ROOT, top, seL4_WordBits, seL4_AllRights,
                        root_guard(ROOT_INDEX_BITS)) != seL4_NoError) {
        return fail("making the top CNode failed");
    }
    for (size_t i = 0; i < nodes; i++) {
        if (!pool_retype(seL4_CapTableObject, CSPACE_NODE_BITS, CNODE_SIZE_BITS, top, 0, 0, i)) {
            return fail("making a second-level CNode from the pool failed");
        }
    }
    seL4_Word book_paddr = pool_take(seL4_PageBits);
    if (book_paddr == 0 || seL4_Untyped_Retype(pool.cap, seL4_RISCV_4K_Page, 0, OLD_ROOT, 0, 0, book, 1) != 0) {
        return fail("making the bookkeeping frame failed");
    }
    cspace_leaf_t *leaves = window_map(book, book_paddr, early_table, NULL);
    if (leaves == NULL) {
        return fail("mapping the bookkeeping frame failed");
    }
    init_cspace(cspace, nodes, bi->empty.start, leaves);
    for (seL4_CPtr slot = seL4_CapInitThreadTCB; slot < bi->empty.start; slot++) {
        if (slot == seL4_CapInitThreadTCB || slot == OLD_ROOT || slot == seL4_CapInitThreadVSpace ||
            seL4_DebugCapIdentify(slot) == 0) {
            continue; /* those three are needed for the switch; null caps stay */
        }
        if (seL4_CNode_Move(guarded, slot, seL4_WordBits, OLD_ROOT, slot, seL4_WordBits) != seL4_NoError) {
            return fail("moving a bootinfo capability failed");
        }
    }
    seL4_CPtr old_root = cspace_alloc_slot(cspace);
    if (seL4_CNode_Copy(guarded, old_root, seL4_WordBits, OLD_ROOT, OLD_ROOT, seL4_WordBits, seL4_AllRights) ||
        seL4_CNode_Mint(guarded, seL4_CapInitThreadCNode, seL4_WordBits, OLD_ROOT, top, seL4_WordBits,
                        seL4_AllRights, root_guard(ROOT_INDEX_BITS)) ||
        seL4_TCB_SetSpace(seL4_CapInitThreadTCB, seL4_CapNull, guarded, 0, seL4_CapInitThreadVSpace, 0)) {
        return fail("switching to the new CSpace failed");
    }
    /* Now in the new CSpace: fetch the two caps the switch needed from the initial CNode. */
    if (seL4_CNode_Move(seL4_CapInitThreadCNode, seL4_CapInitThreadTCB, seL4_WordBits, old_root,
                        seL4_CapInitThreadTCB, seL4_WordBits) ||
        seL4_CNode_Move(seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace, seL4_WordBits, old_root,
                        seL4_CapInitThreadVSpace, seL4_WordBits)) {
        return fail("moving the TCB and VSpace caps failed");
    }
    return CSPACE_NOERROR;
}

/* Phase B, first part: libut's table, frames from the pool mapped in the window. */
static int map_ut_table(cspace_t *cspace, ut_region_t ram)
{
    size_t pages = ut_pages_for_region(ram);
    seL4_Word first_offset = (pool.used + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
    seL4_CPtr first_slot = seL4_CapNull;
    for (size_t i = 0; i < pages; i++) { /* all frames first: physically consecutive */
        seL4_CPtr slot = cspace_alloc_slot(cspace);
        if (i == 0) {
            first_slot = slot;
        }
        if (slot == seL4_CapNull || slot != first_slot + i || pool_take(seL4_PageBits) == 0 ||
            cspace_untyped_retype(cspace, pool.cap, slot, seL4_RISCV_4K_Page, seL4_PageBits) != seL4_NoError) {
            return fail("making the frames of libut's table failed");
        }
    }
    for (size_t i = 0; i < pages; i++) {
        if (window_map(first_slot + i, pool.paddr + first_offset + i * PAGE_BYTES, pool_table, cspace) == NULL) {
            return fail("mapping libut's table failed");
        }
    }
    ut_init((void *)(ROOT_TASK_WINDOW + (pool.paddr + first_offset - ram.start)), ram);
    return CSPACE_NOERROR;
}

/* Phase B, second part: `pages` 4 KiB untypeds from `untyped`, starting at paddr. */
static int register_pages(cspace_t *cspace, seL4_CPtr untyped, seL4_Word paddr, seL4_Word pages)
{
    while (pages > 0) {
        seL4_Word batch = pages < CSPACE_NODE_SLOTS ? pages : CSPACE_NODE_SLOTS;
        seL4_CPtr first = cspace_alloc_slots(cspace, batch);
        if (first == seL4_CapNull ||
            seL4_Untyped_Retype(untyped, seL4_UntypedObject, seL4_PageBits, cspace->root_cnode,
                                first >> CSPACE_NODE_BITS, TOP_SLOT_DEPTH, first & (CSPACE_NODE_SLOTS - 1),
                                batch) != seL4_NoError) {
            return fail("retyping RAM into 4 KiB untypeds failed");
        }
        ut_add_untyped_range(paddr, first, batch, false);
        paddr += batch * PAGE_BYTES;
        pages -= batch;
    }
    return CSPACE_NOERROR;
}

static int register_ram(const seL4_BootInfo *bi, cspace_t *cspace)
{
    seL4_Word rest = (pool.used + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
    if (register_pages(cspace, pool.cap, pool.paddr + rest, (pool.bytes - rest) / PAGE_BYTES) != 0) {
        return CSPACE_ERROR;
    }
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (cap == pool.cap || desc->isDevice || desc->sizeBits < seL4_PageBits) {
            continue;
        }
        if (register_pages(cspace, cap, desc->paddr, (1ul << desc->sizeBits) / PAGE_BYTES) != 0) {
            return CSPACE_ERROR;
        }
    }
    return CSPACE_NOERROR;
}

int root_task_bootstrap(const seL4_BootInfo *bi, cspace_t *cspace)
{
    if (bi == NULL || cspace == NULL) {
        return fail("no bootinfo or no cspace");
    }
    memset(&pool, 0, sizeof pool);
    next_old_slot = bi->empty.start;
    old_slots_end = bi->empty.end;
    ut_region_t ram = find_ram(bi);
    size_t table_pages = ut_pages_for_region(ram);
    /* Nodes for bootinfo's caps, for the table's frames and tables, and one spare, whole node
       for the first batch of 4 KiB untypeds. */
    size_t nodes = (bi->empty.start + CSPACE_NODE_SLOTS - 1) / CSPACE_NODE_SLOTS +
                   (table_pages + 32 + CSPACE_NODE_SLOTS - 1) / CSPACE_NODE_SLOTS + 1;
    seL4_Word needed = (1ul << (CSPACE_ROOT_TOP_BITS + seL4_SlotBits)) + (nodes + table_pages + 16) * PAGE_BYTES;
    if (pool.bytes < needed || nodes > CSPACE_LEAVES_PER_PAGE) {
        return fail("no RAM untyped is large enough for the bootstrap's own objects");
    }
    window_init(ram.start, ram.end, cspace);
    if (build_and_switch(bi, cspace, nodes) != 0 || map_ut_table(cspace, ram) != 0) {
        return CSPACE_ERROR;
    }
    for (size_t k = 0; k < CSPACE_WATERMARK_SLOTS; k++) {
        cspace->watermark[k] = cspace_alloc_slot(cspace);
    }
    cspace->alloc = root_task_cspace_alloc();
    if (register_ram(bi, cspace) != 0) {
        return CSPACE_ERROR;
    }
    failure = "";
    return CSPACE_NOERROR;
}
