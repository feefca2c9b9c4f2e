/* UNTYPED, part 1: Untyped_Retype's argument checks (§5.2 "Kernel-side checks", §12.14), device
   untypeds (§5.2: only frames and untypeds), and fresh objects being zeroed (issue 3). */
#include "objtest.h"

#define UART_PADDR 0x10000000ul

/* Every object type can be made, and its cap has the type's tag (§1.2, §4). The Giga page needs
   1 GiB and is covered by the size sweep (UNTYPED0021..0031) instead. */
static const char *every_type_retypes(void)
{
    static const struct {
        seL4_Word type, size_bits;
        seL4_Uint32 tag;
    } kinds[] = {
        {seL4_UntypedObject, 16, TAG_UNTYPED},  {seL4_TCBObject, 0, TAG_THREAD},
        {seL4_EndpointObject, 0, TAG_ENDPOINT}, {seL4_NotificationObject, 0, TAG_NOTIFICATION},
        {seL4_CapTableObject, 4, TAG_CNODE},    {seL4_SchedContextObject, 8, TAG_SCHED_CONTEXT},
        {seL4_ReplyObject, 0, TAG_REPLY},       {seL4_RISCV_4K_Page, 0, TAG_FRAME},
        {seL4_RISCV_Mega_Page, 0, TAG_FRAME},   {seL4_RISCV_PageTableObject, 0, TAG_PAGE_TABLE},
    };
    seL4_CPtr ut = untyped_alloc(23); /* the 2 MiB page lands at 2 MiB; the page table after it */
    EXPECT_SLOT(ut);
    for (unsigned i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        seL4_CPtr slot = slot_alloc();
        EXPECT_SLOT(slot);
        seL4_Error error = retype(ut, kinds[i].type, kinds[i].size_bits, slot);
        EXPECT(error == seL4_NoError, "type %lu: %s", kinds[i].type, error_name(error));
        EXPECT_TAG(slot, kinds[i].tag);
    }
    return NULL;
}

/* Types from seL4_ObjectTypeCount (11) on: InvalidArgument, MR0 = 0 (argument 0 is the type).
   A kernel that truncated the type to 32 bits would accept 2^32 + 2 as an endpoint. */
static const char *invalid_type(void)
{
    const seL4_Word types[] = {seL4_ObjectTypeCount, 12, seL4_RISCV_Tera_Page, BIT(32) | seL4_EndpointObject,
                               BIT(63)};
    seL4_CPtr ut = untyped_alloc(12), dest = slot_alloc();
    EXPECT_SLOT(ut && dest);
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
        seL4_Error error = retype(ut, types[i], 0, dest);
        EXPECT(error == seL4_InvalidArgument, "type 0x%lx: %s", types[i], error_name(error));
        EXPECT_MR(0, 0);
    }
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* 1..256 objects per call: 0, 257, 2^31 and 2^32 + 1 are RangeError [1, 256] (§5.2, §4). */
static const char *object_count_out_of_range(void)
{
    const seL4_Word counts[] = {0, seL4_UntypedRetypeMaxObjects + 1, BIT(31), BIT(32) | 1};
    seL4_CPtr ut = untyped_alloc(16), base = slots_alloc(260);
    EXPECT_SLOT(ut && base);
    for (unsigned i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, base, counts[i]), 1, 256);
    }
    EXPECT_TAG(base, TAG_NULL);
    EXPECT(free_bytes(ut, 16) == BIT(16), "objects were created");
    return NULL;
}

/* 256 objects in one call fill 256 consecutive slots and use 256 x 16 bytes. */
static const char *most_objects_at_once(void)
{
    seL4_CPtr ut = untyped_alloc(13), base = slots_alloc(256);
    EXPECT_SLOT(ut && base);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, base, 256));
    for (seL4_CPtr slot = base; slot < base + 256; slot++) {
        EXPECT_TAG(slot, TAG_ENDPOINT);
    }
    seL4_Word free = free_bytes(ut, 13);
    EXPECT(free == BIT(13) - 256 * BIT(seL4_EndpointBits), "%lu bytes free", free);
    return NULL;
}

/* node_offset must name a slot of the destination CNode: RangeError [0, slots - 1] (§5.2). */
static const char *offset_past_the_end(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr small = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(small);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, small, 0, 0, 4, 1), 0, 3);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, ROOT_SLOTS, 1), 0, ROOT_SLOTS - 1);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, BIT(32), 1), 0, ROOT_SLOTS - 1);
    return NULL;
}

/* The window node_offset .. + num_objects must fit: RangeError [1, slots left] (§5.2). */
static const char *window_past_the_end(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr small = new_object(ut, seL4_CapTableObject, 2);
    EXPECT_SLOT(small);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, small, 0, 0, 2, 3), 1, 2);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, small, 0, 0, 3, 2), 1, 1);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, ROOT_SLOTS - 96, 200), 1, 96);
    EXPECT_OK(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, small, 0, 0, 1, 3));
    return NULL;
}

/* One occupied slot in the window: DeleteFirst (§8.7), and nothing is created or allocated. */
static const char *occupied_slot_in_window(void)
{
    seL4_CPtr ut = untyped_alloc(12), base = slots_alloc(4);
    EXPECT_SLOT(ut && base);
    EXPECT_OK(cap_copy(base + 3, seL4_CapInitThreadTCB, seL4_AllRights));
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, base, 4), seL4_DeleteFirst);
    for (seL4_CPtr slot = base; slot < base + 3; slot++) {
        EXPECT_TAG(slot, TAG_NULL);
    }
    EXPECT_TAG(base + 3, TAG_THREAD);
    EXPECT(free_bytes(ut, 12) == BIT(12), "memory was allocated");
    return NULL;
}

/* A destination that is not a CNode: FailedLookup with MR0 = 0, the destination (§5.2, §3.1). */
static const char *destination_not_a_cnode(void)
{
    seL4_CPtr ut = untyped_alloc(12);
    EXPECT_SLOT(ut);
    seL4_CPtr ep = new_object(ut, seL4_EndpointObject, 0);
    EXPECT_SLOT(ep);
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, ep, ROOT_DEPTH, 0, 1), seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ep, 0, 0, 0, 1), seL4_FailedLookup);
    EXPECT_MR(0, 0);
    EXPECT(free_bytes(ut, 12) == BIT(12) - BIT(seL4_EndpointBits), "memory was allocated");
    return NULL;
}

/* A device untyped makes only frames and untypeds: a kernel object is InvalidArgument with
   MR0 = 1 (§5.2), even though everything else about the request is valid. */
static const char *device_untyped_refuses_kernel_objects(void)
{
    static const struct {
        seL4_Word type, size_bits;
    } kinds[] = {{seL4_TCBObject, 0},          {seL4_EndpointObject, 0},     {seL4_NotificationObject, 0},
                 {seL4_CapTableObject, 1},     {seL4_SchedContextObject, 7}, {seL4_ReplyObject, 0},
                 {seL4_RISCV_PageTableObject, 0}};
    unsigned size_bits = 0;
    seL4_CPtr device = device_untyped_at(UART_PADDR, &size_bits), dest = slot_alloc();
    EXPECT_SLOT(device && dest);
    EXPECT(size_bits >= seL4_PageBits, "the UART's device untyped has 2^%u bytes", size_bits);
    for (unsigned i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        seL4_Error error = retype(device, kinds[i].type, kinds[i].size_bits, dest);
        EXPECT(error == seL4_InvalidArgument, "type %lu: %s", kinds[i].type, error_name(error));
        EXPECT_MR(0, 1);
    }
    EXPECT_TAG(dest, TAG_NULL);
    return NULL;
}

/* Frames and untypeds from a device untyped work; a child untyped is device memory too. The
   UART's device untyped may be a single page, so each object is deleted before the next. */
static const char *device_untyped_makes_frames(void)
{
    unsigned size_bits = 0;
    seL4_CPtr device = device_untyped_at(UART_PADDR, &size_bits);
    seL4_CPtr object = slot_alloc(), dest = slot_alloc();
    EXPECT_SLOT(device && dest);
    EXPECT(size_bits >= seL4_PageBits, "the UART's device untyped has 2^%u bytes", size_bits);
    EXPECT_OK(retype(device, seL4_RISCV_4K_Page, 0, object));
    EXPECT_TAG(object, TAG_FRAME);
    EXPECT_OK(cap_delete(object));
    EXPECT_OK(retype(device, seL4_UntypedObject, seL4_PageBits, object));
    EXPECT_TAG(object, TAG_UNTYPED);
    EXPECT_ERR(retype(object, seL4_EndpointObject, 0, dest), seL4_InvalidArgument);
    EXPECT_MR(0, 1);
    EXPECT_OK(retype(object, seL4_RISCV_4K_Page, 0, dest));
    EXPECT_TAG(dest, TAG_FRAME);
    return NULL;
}

/* The checks come in seL4's order (§5.2 table, §12.14): type, then size range, then too-small
   sizes, then the destination, offset, count, window, empty slots, memory, and device last. */
static const char *checks_in_order(void)
{
    seL4_CPtr ut = untyped_alloc(12), dest = slot_alloc(), occupied = slot_alloc();
    EXPECT_SLOT(ut && occupied);
    EXPECT_OK(cap_copy(occupied, seL4_CapInitThreadTCB, seL4_AllRights));
    EXPECT_ERR(retype(ut, seL4_ObjectTypeCount, 64, dest), seL4_InvalidArgument);
    EXPECT_MR(0, 0);
    EXPECT_RANGE(retype(ut, seL4_CapTableObject, 64, dest), 0, seL4_MaxUntypedBits);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 64, ROOT, dest, 65, 0, 0), 0, seL4_MaxUntypedBits);
    EXPECT_ERR(seL4_Untyped_Retype(ut, seL4_UntypedObject, 2, ROOT, dest, 65, 0, 0), seL4_InvalidArgument);
    EXPECT_MR(0, 1);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, ROOT_SLOTS, 0), 0, ROOT_SLOTS - 1);
    EXPECT_RANGE(seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, occupied, 0), 1, 256);
    EXPECT_ERR(retype(ut, seL4_RISCV_Mega_Page, 0, occupied), seL4_DeleteFirst);
    unsigned size_bits = 0;
    seL4_CPtr device = device_untyped_at(UART_PADDR, &size_bits);
    EXPECT_SLOT(device);
    if (size_bits < 30) { /* a 2^30-byte CNode does not fit: memory is checked before device */
        EXPECT_ERR(retype(device, seL4_CapTableObject, 25, dest), seL4_NotEnoughMemory);
        EXPECT_MR(0, BIT(size_bits));
    }
    return NULL;
}

/* New objects are zeroed: a 64-slot CNode made over a deleted TCB's memory has only empty
   slots (the untyped has no children left, so Retype resets and clears it, §8.7). */
static const char *new_cnode_is_empty(void)
{
    seL4_CPtr ut = untyped_alloc(seL4_TCBBits);
    EXPECT_SLOT(ut);
    seL4_CPtr tcb = new_object(ut, seL4_TCBObject, 0), out = slot_alloc();
    EXPECT_SLOT(tcb && out);
    EXPECT_OK(cap_delete(tcb));
    seL4_CPtr cnode = new_object(ut, seL4_CapTableObject, seL4_TCBBits - seL4_SlotBits);
    EXPECT_SLOT(cnode);
    for (seL4_Word i = 0; i < BIT(seL4_TCBBits - seL4_SlotBits); i++) {
        seL4_Error error = seL4_CNode_Copy(ROOT, out, ROOT_DEPTH, cnode, i, 6, seL4_AllRights);
        EXPECT(error == seL4_FailedLookup, "slot %lu of a new CNode: %s", i, error_name(error));
    }
    return NULL;
}

void run_untyped_tests(void)
{
    run_test("UNTYPED0001", every_type_retypes);
    run_test("UNTYPED0002", invalid_type);
    run_test("UNTYPED0003", object_count_out_of_range);
    run_test("UNTYPED0004", most_objects_at_once);
    run_test("UNTYPED0005", offset_past_the_end);
    run_test("UNTYPED0006", window_past_the_end);
    run_test("UNTYPED0007", occupied_slot_in_window);
    run_test("UNTYPED0008", destination_not_a_cnode);
    run_test("UNTYPED0009", device_untyped_refuses_kernel_objects);
    run_test("UNTYPED0010", device_untyped_makes_frames);
    run_test("UNTYPED0011", checks_in_order);
    run_test("UNTYPED0012", new_cnode_is_empty);
}
