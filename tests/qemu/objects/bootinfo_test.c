/* BOOTINFO: what the root task finds at boot (§7): its initial caps, the slot regions of
   seL4_BootInfo, and untypeds that cover free RAM and the devices. */
#include "objtest.h"

extern char __program_end[];

#define IMAGE_START 0x10000ul    /* runtime/user.ld links root tasks there */
#define RAM_BASE 0x80000000ul    /* QEMU virt */
#define RAM_BYTES (512ul << 20)  /* the manifests boot with memory = "512M" */
#define RAM_SLACK (32ul << 20)   /* firmware, kernel image and the root task's own objects */
#define UART_PADDR 0x10000000ul  /* QEMU virt's NS16550A */

static const seL4_UntypedDesc *descriptor(seL4_Word i)
{
    return &bootinfo()->untypedList[i];
}

static seL4_Word untypeds(void)
{
    return bootinfo()->untyped.end - bootinfo()->untyped.start;
}

static seL4_Word end_of(const seL4_UntypedDesc *desc)
{
    return desc->paddr + BIT(desc->sizeBits);
}

/* Slots 0..15 hold seL4's initial caps (§7.1); RISC-V has no IOPort, IOSpace, SMMU or SMC caps. */
static const char *initial_caps_have_their_types(void)
{
    static const seL4_Uint32 expected[seL4_NumInitialCaps] = {
        [seL4_CapNull] = TAG_NULL,
        [seL4_CapInitThreadTCB] = TAG_THREAD,
        [seL4_CapInitThreadCNode] = TAG_CNODE,
        [seL4_CapInitThreadVSpace] = TAG_PAGE_TABLE, /* a VSpace root is a page table (§4) */
        [seL4_CapIRQControl] = TAG_IRQ_CONTROL,
        [seL4_CapASIDControl] = TAG_ASID_CONTROL,
        [seL4_CapInitThreadASIDPool] = TAG_ASID_POOL,
        [seL4_CapIOPortControl] = TAG_NULL,
        [seL4_CapIOSpace] = TAG_NULL,
        [seL4_CapBootInfoFrame] = TAG_FRAME,
        [seL4_CapInitThreadIPCBuffer] = TAG_FRAME,
        [seL4_CapDomain] = TAG_DOMAIN,
        [seL4_CapSMMUSIDControl] = TAG_NULL,
        [seL4_CapSMMUCBControl] = TAG_NULL,
        [seL4_CapInitThreadSC] = TAG_SCHED_CONTEXT,
        [seL4_CapSMC] = TAG_NULL,
    };
    for (seL4_CPtr slot = 0; slot < seL4_NumInitialCaps; slot++) {
        EXPECT_TAG(slot, expected[slot]);
    }
    return NULL;
}

/* 2^12 slots, all named at depth 64: slot 4095 is the last, 4096 already hits the guard (§6). */
static const char *root_cnode_has_4096_slots(void)
{
    EXPECT(bootinfo()->initThreadCNodeSizeBits == 12, "initThreadCNodeSizeBits = %lu",
           bootinfo()->initThreadCNodeSizeBits);
    EXPECT_TAG(ROOT_SLOTS - 1, TAG_NULL);
    EXPECT_OK(cap_copy(ROOT_SLOTS - 1, seL4_CapInitThreadTCB, seL4_AllRights));
    EXPECT_TAG(ROOT_SLOTS - 1, TAG_THREAD);
    EXPECT_OK(cap_delete(ROOT_SLOTS - 1));
    EXPECT_TAG(ROOT_SLOTS - 1, TAG_NULL);
    EXPECT_ERR(cap_copy(ROOT_SLOTS, seL4_CapInitThreadTCB, seL4_AllRights), seL4_FailedLookup);
    return NULL;
}

/* `empty` runs from after the kernel's caps to the end of the CNode, and every slot is empty. */
static const char *empty_region_is_empty(void)
{
    seL4_SlotRegion empty = bootinfo()->empty;
    EXPECT(empty.start >= seL4_NumInitialCaps && empty.start < empty.end && empty.end == ROOT_SLOTS,
           "empty = [%lu, %lu)", empty.start, empty.end);
    for (seL4_CPtr slot = empty.start; slot < empty.end; slot++) {
        EXPECT_TAG(slot, TAG_NULL);
    }
    return NULL;
}

static int overlaps(seL4_SlotRegion a, seL4_SlotRegion b)
{
    return a.start < a.end && b.start < b.end && a.start < b.end && b.start < a.end;
}

/* The regions lie after the initial caps, inside the CNode, and do not overlap (§7.2). */
static const char *slot_regions_are_disjoint(void)
{
    seL4_BootInfo *bi = bootinfo();
    const seL4_SlotRegion regions[] = {bi->empty, bi->userImageFrames, bi->userImagePaging,
                                       bi->extraBIPages, bi->schedcontrol, bi->untyped};
    const unsigned count = sizeof regions / sizeof regions[0];
    EXPECT(bi->sharedFrames.start == bi->sharedFrames.end, "sharedFrames is not empty (one core)");
    EXPECT(bi->ioSpaceCaps.start == bi->ioSpaceCaps.end, "ioSpaceCaps is not empty (no IOMMU)");
    for (unsigned i = 0; i < count; i++) {
        EXPECT(regions[i].start <= regions[i].end && regions[i].end <= ROOT_SLOTS,
               "region %u = [%lu, %lu)", i, regions[i].start, regions[i].end);
        EXPECT(regions[i].start == regions[i].end || regions[i].start >= seL4_NumInitialCaps,
               "region %u starts at %lu, among the initial caps", i, regions[i].start);
        for (unsigned j = i + 1; j < count; j++) {
            EXPECT(!overlaps(regions[i], regions[j]), "regions %u and %u overlap", i, j);
        }
    }
    for (seL4_CPtr slot = bi->extraBIPages.start; slot < bi->extraBIPages.end; slot++) {
        EXPECT_TAG(slot, TAG_FRAME);
    }
    return NULL;
}

static const char *untyped_caps_are_untyped(void)
{
    seL4_Word count = untypeds();
    EXPECT(count > 0 && count <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, "%lu untypeds", count);
    for (seL4_Word i = 0; i < count; i++) {
        EXPECT_TAG(bootinfo()->untyped.start + i, TAG_UNTYPED);
    }
    return NULL;
}

/* Each descriptor is a valid untyped size (§4: 4..38), aligned to it, and they never overlap. */
static const char *untyped_list_is_well_formed(void)
{
    seL4_Word count = untypeds();
    EXPECT(count > 0 && count <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS, "%lu untypeds", count);
    for (seL4_Word i = 0; i < count; i++) {
        const seL4_UntypedDesc *a = descriptor(i);
        EXPECT(a->sizeBits >= seL4_MinUntypedBits && a->sizeBits <= seL4_MaxUntypedBits,
               "untyped %lu has size bits %u", i, a->sizeBits);
        EXPECT((a->paddr & (BIT(a->sizeBits) - 1)) == 0, "untyped %lu at 0x%lx is not aligned to 2^%u",
               i, a->paddr, a->sizeBits);
        EXPECT(a->isDevice <= 1, "untyped %lu has isDevice = %u", i, a->isDevice);
        for (seL4_Word j = i + 1; j < count; j++) {
            const seL4_UntypedDesc *b = descriptor(j);
            EXPECT(a->paddr >= end_of(b) || b->paddr >= end_of(a),
                   "untypeds %lu (0x%lx) and %lu (0x%lx) overlap", i, a->paddr, j, b->paddr);
        }
    }
    return NULL;
}

/* RAM untypeds lie in RAM and cover all of it but what firmware, kernel and root task use. */
static const char *ram_untypeds_cover_free_ram(void)
{
    seL4_Word total = 0;
    for (seL4_Word i = 0; i < untypeds(); i++) {
        const seL4_UntypedDesc *desc = descriptor(i);
        if (desc->isDevice) {
            continue;
        }
        EXPECT(desc->paddr >= RAM_BASE && end_of(desc) <= RAM_BASE + RAM_BYTES,
               "RAM untyped %lu at 0x%lx (2^%u) is outside RAM", i, desc->paddr, desc->sizeBits);
        total += BIT(desc->sizeBits);
    }
    EXPECT(total >= RAM_BYTES - RAM_SLACK, "RAM untypeds hold only %lu KiB", total >> 10);
    return NULL;
}

/* Largest aligned blocks (issue 3, as seL4's boot code cuts regions): no two RAM untypeds are
   buddies that together would form one aligned block of twice the size. */
static const char *ram_untypeds_are_largest_blocks(void)
{
    for (seL4_Word i = 0; i < untypeds(); i++) {
        const seL4_UntypedDesc *a = descriptor(i);
        if (a->isDevice || a->sizeBits >= seL4_MaxUntypedBits || (a->paddr & BIT(a->sizeBits)) != 0) {
            continue;
        }
        for (seL4_Word j = 0; j < untypeds(); j++) {
            const seL4_UntypedDesc *b = descriptor(j);
            EXPECT(b->isDevice || b->sizeBits != a->sizeBits || b->paddr != end_of(a),
                   "untypeds at 0x%lx and 0x%lx (2^%u each) could be one block", a->paddr, b->paddr,
                   a->sizeBits);
        }
    }
    return NULL;
}

/* Device untypeds cover MMIO such as the UART, and never RAM. */
static const char *device_untypeds_cover_the_uart(void)
{
    unsigned size_bits = 0;
    EXPECT(device_untyped_at(UART_PADDR, &size_bits) != 0, "no device untyped covers the UART");
    EXPECT(size_bits >= seL4_PageBits, "the UART's device untyped is 2^%u bytes", size_bits);
    for (seL4_Word i = 0; i < untypeds(); i++) {
        const seL4_UntypedDesc *desc = descriptor(i);
        EXPECT(!desc->isDevice || end_of(desc) <= RAM_BASE || desc->paddr >= RAM_BASE + RAM_BYTES,
               "device untyped %lu at 0x%lx overlaps RAM", i, desc->paddr);
    }
    return NULL;
}

/* Every page of the image has a frame cap; the paging region holds page tables (§7.2). Sv39
   needs a level-1 and a level-0 table under the root to map 4 KiB pages at 0x10000. */
static const char *image_regions_hold_frames_and_tables(void)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_Word image_pages = ((seL4_Word)__program_end - IMAGE_START) >> seL4_PageBits;
    seL4_Word frames = bi->userImageFrames.end - bi->userImageFrames.start;
    seL4_Word tables = bi->userImagePaging.end - bi->userImagePaging.start;
    EXPECT(frames >= image_pages, "%lu image frames for a %lu-page image", frames, image_pages);
    EXPECT(tables >= 2, "%lu image page tables", tables);
    for (seL4_CPtr slot = bi->userImageFrames.start; slot < bi->userImageFrames.end; slot++) {
        EXPECT_TAG(slot, TAG_FRAME);
    }
    for (seL4_CPtr slot = bi->userImagePaging.start; slot < bi->userImagePaging.end; slot++) {
        EXPECT_TAG(slot, TAG_PAGE_TABLE);
    }
    return NULL;
}

/* MCS: one SchedControl cap per core (§7.2). */
static const char *schedcontrol_has_one_cap(void)
{
    seL4_SlotRegion region = bootinfo()->schedcontrol;
    EXPECT(region.end == region.start + 1, "schedcontrol = [%lu, %lu)", region.start, region.end);
    EXPECT_TAG(region.start, TAG_SCHED_CONTROL);
    return NULL;
}

/* Each untyped cap is as big as its descriptor says and untouched: a request for twice its size
   reports 2^sizeBits free bytes (NotEnoughMemory MR0, §3.1). */
static const char *untyped_sizes_match_their_caps(void)
{
    for (seL4_Word i = 0; i < untypeds(); i++) {
        unsigned size_bits = descriptor(i)->sizeBits;
        if (size_bits >= seL4_MaxUntypedBits) {
            continue; /* twice the size would be a RangeError, not a probe */
        }
        seL4_Word free = free_bytes(bootinfo()->untyped.start + i, size_bits);
        EXPECT(free == BIT(size_bits), "untyped %lu (2^%u) reports %lu free bytes", i, size_bits, free);
    }
    return NULL;
}

void run_bootinfo_tests(void)
{
    run_test("BOOTINFO0001", empty_region_is_empty); /* first: before any test uses a slot */
    run_test("BOOTINFO0002", initial_caps_have_their_types);
    run_test("BOOTINFO0003", root_cnode_has_4096_slots);
    run_test("BOOTINFO0004", slot_regions_are_disjoint);
    run_test("BOOTINFO0005", untyped_caps_are_untyped);
    run_test("BOOTINFO0006", untyped_list_is_well_formed);
    run_test("BOOTINFO0007", ram_untypeds_cover_free_ram);
    run_test("BOOTINFO0008", ram_untypeds_are_largest_blocks);
    run_test("BOOTINFO0009", device_untypeds_cover_the_uart);
    run_test("BOOTINFO0010", image_regions_hold_frames_and_tables);
    run_test("BOOTINFO0011", schedcontrol_has_one_cap);
    run_test("BOOTINFO0012", untyped_sizes_match_their_caps);
}
