/* UNTYPED, part 3: size_bits swept from 0 to 64 for every object type, each request checked
   against the exact error seL4 gives (§5.2 "Kernel-side checks", §12.14, sizes from §4):
     size_bits >= 64, or an object of more than 2^38 bytes    -> RangeError [0, 38]
     CapTable 0, Untyped < 4, SchedContext < 7                 -> InvalidArgument, MR0 = 1
     an object bigger than the (fresh, 2^16-byte) untyped      -> NotEnoughMemory, MR0 = 2^16
     anything else                                             -> a new object with the type's tag
   Fixed-size types ignore size_bits below 64. */
#include "objtest.h"

#define UT_BITS 16

struct expectation {
    seL4_Error error;
    seL4_Word mr0, mr1;
};

/* log2 of the object's size in bytes (§4); size_bits is only used by variable-size types. */
static seL4_Word object_bits(seL4_Word type, seL4_Word size_bits)
{
    switch (type) {
    case seL4_UntypedObject: return size_bits;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return size_bits + seL4_SlotBits;
    case seL4_SchedContextObject: return size_bits;
    case seL4_ReplyObject: return seL4_ReplyBits;
    case seL4_RISCV_Giga_Page: return seL4_HugePageBits;
    case seL4_RISCV_4K_Page: return seL4_PageBits;
    case seL4_RISCV_Mega_Page: return seL4_LargePageBits;
    default: return seL4_PageTableBits; /* seL4_RISCV_PageTableObject */
    }
}

static seL4_Uint32 tag_of(seL4_Word type)
{
    static const seL4_Uint32 tags[seL4_ObjectTypeCount] = {
        TAG_UNTYPED,    TAG_THREAD, TAG_ENDPOINT, TAG_NOTIFICATION, TAG_CNODE,     TAG_SCHED_CONTEXT,
        TAG_REPLY,      TAG_FRAME,  TAG_FRAME,    TAG_FRAME,        TAG_PAGE_TABLE,
    };
    return tags[type];
}

static struct expectation expected(seL4_Word type, seL4_Word size_bits)
{
    struct expectation none = {seL4_NoError, 0, 0};
    if (size_bits >= seL4_WordBits || object_bits(type, size_bits) > seL4_MaxUntypedBits) {
        return (struct expectation){seL4_RangeError, 0, seL4_MaxUntypedBits};
    }
    if ((type == seL4_CapTableObject && size_bits == 0) ||
        (type == seL4_UntypedObject && size_bits < seL4_MinUntypedBits) ||
        (type == seL4_SchedContextObject && size_bits < seL4_MinSchedContextBits)) {
        return (struct expectation){seL4_InvalidArgument, 1, 0};
    }
    if (object_bits(type, size_bits) > UT_BITS) {
        return (struct expectation){seL4_NotEnoughMemory, BIT(UT_BITS), 0};
    }
    return none;
}

/* Retypes one object of `type` for every size_bits from 0 to 64 from a fresh untyped, deleting
   each object that is made (so the untyped is whole again for the next request). */
static const char *sweep(seL4_Word type)
{
    seL4_CPtr ut = untyped_alloc(UT_BITS), slot = slot_alloc();
    EXPECT_SLOT(ut && slot);
    for (seL4_Word size_bits = 0; size_bits <= 64; size_bits++) {
        struct expectation want = expected(type, size_bits);
        seL4_Error got = retype(ut, type, size_bits, slot);
        seL4_Word mr0 = seL4_GetMR(0), mr1 = seL4_GetMR(1);
        EXPECT(got == want.error, "size bits %lu: %s, expected %s", size_bits, error_name(got),
               error_name(want.error));
        if (got == seL4_NoError) {
            EXPECT_TAG(slot, tag_of(type));
            EXPECT_OK(cap_delete(slot));
            continue;
        }
        EXPECT(mr0 == want.mr0, "size bits %lu: %s with MR0 %lu, expected %lu", size_bits, error_name(got),
               mr0, want.mr0);
        EXPECT(got != seL4_RangeError || mr1 == want.mr1, "size bits %lu: RangeError MR1 %lu", size_bits, mr1);
        EXPECT_TAG(slot, TAG_NULL);
    }
    return NULL;
}

static const char *sweep_untyped(void) { return sweep(seL4_UntypedObject); }
static const char *sweep_tcb(void) { return sweep(seL4_TCBObject); }
static const char *sweep_endpoint(void) { return sweep(seL4_EndpointObject); }
static const char *sweep_notification(void) { return sweep(seL4_NotificationObject); }
static const char *sweep_cnode(void) { return sweep(seL4_CapTableObject); }
static const char *sweep_sched_context(void) { return sweep(seL4_SchedContextObject); }
static const char *sweep_reply(void) { return sweep(seL4_ReplyObject); }
static const char *sweep_giga_page(void) { return sweep(seL4_RISCV_Giga_Page); }
static const char *sweep_page(void) { return sweep(seL4_RISCV_4K_Page); }
static const char *sweep_mega_page(void) { return sweep(seL4_RISCV_Mega_Page); }
static const char *sweep_page_table(void) { return sweep(seL4_RISCV_PageTableObject); }

void run_retype_sweep_tests(void)
{
    run_test("UNTYPED0021", sweep_untyped);
    run_test("UNTYPED0022", sweep_tcb);
    run_test("UNTYPED0023", sweep_endpoint);
    run_test("UNTYPED0024", sweep_notification);
    run_test("UNTYPED0025", sweep_cnode);
    run_test("UNTYPED0026", sweep_sched_context);
    run_test("UNTYPED0027", sweep_reply);
    run_test("UNTYPED0028", sweep_giga_page);
    run_test("UNTYPED0029", sweep_page);
    run_test("UNTYPED0030", sweep_mega_page);
    run_test("UNTYPED0031", sweep_page_table);
}
