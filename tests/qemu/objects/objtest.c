/* Support for the object-model tests: result lines, slots from bootinfo's `empty` region, fresh
   untypeds carved from the largest RAM untyped, and the root-CNode forms of the CNode calls. */
#include <stdarg.h>

#include "objtest.h"

static seL4_BootInfo *boot_info;
static seL4_CPtr next_slot; /* the first slot of `empty` not handed out yet */
static seL4_CPtr pool;      /* the largest RAM untyped; tests get their untypeds from it */
static const char *setup_problem = "objtest_init was not called";
static char setup_text[120];
static char reason[240];

static const char *const error_names[] = {
    "NoError",      "InvalidArgument", "InvalidCapability", "IllegalOperation",
    "RangeError",   "AlignmentError",  "FailedLookup",      "TruncatedMessage",
    "DeleteFirst",  "RevokeFirst",     "NotEnoughMemory",
};

const char *error_name(seL4_Word error)
{
    return error < seL4_NumErrors ? error_names[error] : "an unknown error";
}

const char *fail_at(int line, const char *format, ...)
{
    int used = snprintf(reason, sizeof reason, "line %d: ", line);
    va_list args;
    va_start(args, format);
    vsnprintf(reason + used, sizeof reason - (size_t)used, format, args);
    va_end(args);
    return reason;
}

const char *fail_error(int line, seL4_Error got, seL4_Error expected)
{
    return fail_at(line, "got %s (MR0 %lu, MR1 %lu), expected %s", error_name(got), seL4_GetMR(0),
                   seL4_GetMR(1), error_name(expected));
}

const char *setup_failure(void)
{
    return setup_problem;
}

seL4_BootInfo *bootinfo(void)
{
    if (boot_info == NULL) {
        boot_info = sel4runtime_bootinfo();
    }
    return boot_info;
}

static seL4_Word untyped_count(void)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_Word count = bi->untyped.end - bi->untyped.start;
    return count <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS ? count : 0;
}

void objtest_init(void)
{
    seL4_BootInfo *bi = bootinfo();
    unsigned largest = 0;
    next_slot = bi->empty.start;
    for (seL4_Word i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[i];
        if (!desc->isDevice && desc->sizeBits > largest) {
            largest = desc->sizeBits;
            pool = bi->untyped.start + i;
        }
    }
    setup_problem = pool != 0 ? "no problem" : "bootinfo lists no RAM untyped";
}

void run_test(const char *id, test_fn test)
{
    seL4_CPtr mark = next_slot;
    const char *why = test();
    if (why == NULL) {
        printf("TEST %s pass\n", id);
    } else {
        printf("TEST %s fail %s\n", id, why);
    }
    /* Newest first: copies go before their originals, objects before their untypeds. */
    for (seL4_CPtr slot = next_slot; slot > mark; slot--) {
        (void)cap_delete(slot - 1);
    }
    next_slot = mark;
}

/* The kernel still serves invocations: a copy of the root task's TCB cap comes and goes. */
static const char *kernel_still_serves_invocations(void)
{
    seL4_CPtr slot = slot_alloc();
    EXPECT_SLOT(slot);
    EXPECT_OK(cap_copy(slot, seL4_CapInitThreadTCB, seL4_AllRights));
    EXPECT_TAG(slot, TAG_THREAD);
    EXPECT_OK(cap_delete(slot));
    EXPECT_TAG(slot, TAG_NULL);
    return NULL;
}

void report_alive(const char *id, const char *area)
{
    printf("%s tests finished\n", area);
    run_test(id, kernel_still_serves_invocations);
}

seL4_CPtr slots_alloc(seL4_Word count)
{
    seL4_BootInfo *bi = bootinfo();
    if (next_slot == 0 || next_slot + count > bi->empty.end) {
        setup_problem = "no empty root slots left";
        return 0;
    }
    seL4_CPtr first = next_slot;
    next_slot += count;
    return first;
}

seL4_CPtr slot_alloc(void)
{
    return slots_alloc(1);
}

seL4_Error retype(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits, seL4_CPtr slot)
{
    return seL4_Untyped_Retype(untyped, type, size_bits, ROOT, 0, 0, slot, 1);
}

seL4_CPtr new_object(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = slot_alloc();
    if (slot == 0) {
        return 0;
    }
    seL4_Error error = retype(untyped, type, size_bits, slot);
    if (error != seL4_NoError) {
        snprintf(setup_text, sizeof setup_text, "retype of type %lu (size bits %lu) failed: %s", type,
                 size_bits, error_name(error));
        setup_problem = setup_text;
        return 0;
    }
    return slot;
}

seL4_CPtr untyped_alloc(unsigned size_bits)
{
    if (pool == 0) {
        setup_problem = "bootinfo lists no RAM untyped";
        return 0;
    }
    return new_object(pool, seL4_UntypedObject, size_bits);
}

seL4_CPtr device_untyped_at(seL4_Word paddr, unsigned *size_bits)
{
    seL4_BootInfo *bi = bootinfo();
    for (seL4_Word i = 0; i < untyped_count(); i++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[i];
        if (desc->isDevice && desc->sizeBits < 64 && desc->paddr <= paddr &&
            paddr - desc->paddr < BIT(desc->sizeBits)) {
            *size_bits = desc->sizeBits;
            return bi->untyped.start + i;
        }
    }
    setup_problem = "no device untyped covers the address";
    return 0;
}

seL4_Word free_bytes(seL4_CPtr untyped, unsigned size_bits)
{
    seL4_CPtr scratch = slot_alloc();
    if (scratch == 0) {
        return ~0ul;
    }
    /* An untyped twice as big never fits, so the reply is NotEnoughMemory with MR0 = free bytes. */
    seL4_Error error = retype(untyped, seL4_UntypedObject, size_bits + 1, scratch);
    if (error == seL4_NotEnoughMemory) {
        return seL4_GetMR(0);
    }
    if (error == seL4_NoError) {
        (void)cap_delete(scratch);
    }
    return ~0ul;
}

seL4_Error cap_copy(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights)
{
    return seL4_CNode_Copy(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights);
}

seL4_Error cap_mint(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    return seL4_CNode_Mint(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, badge);
}

seL4_Error cap_move(seL4_CPtr dest, seL4_CPtr src)
{
    return seL4_CNode_Move(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH);
}

seL4_Error cap_mutate(seL4_CPtr dest, seL4_CPtr src, seL4_Word data)
{
    return seL4_CNode_Mutate(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, data);
}

seL4_Error cap_rotate(seL4_CPtr dest, seL4_CPtr pivot, seL4_CPtr src)
{
    return seL4_CNode_Rotate(ROOT, dest, ROOT_DEPTH, 0, ROOT, pivot, ROOT_DEPTH, 0, ROOT, src, ROOT_DEPTH);
}

seL4_Error cap_delete(seL4_CPtr slot)
{
    return seL4_CNode_Delete(ROOT, slot, ROOT_DEPTH);
}

seL4_Error cap_revoke(seL4_CPtr slot)
{
    return seL4_CNode_Revoke(ROOT, slot, ROOT_DEPTH);
}

seL4_Error cap_cancel_badged_sends(seL4_CPtr slot)
{
    return seL4_CNode_CancelBadgedSends(ROOT, slot, ROOT_DEPTH);
}
