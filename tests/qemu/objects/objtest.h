/* Shared helpers of the object-model tests (issue 3): one result line per test, a slot allocator
   over bootinfo's `empty` region, fresh untypeds carved from a RAM pool, and short forms of the
   CNode calls on the root CNode. Expectations cite the seL4 API digest the project follows
   (shared/reference/sel4-api-subset.md) by section, e.g. "§6" or "§12.5"; every test must fail
   on a kernel that skips the check it names. */
#pragma once

#include <sel4/sel4.h>
#include <sel4runtime.h>
#include <stdio.h>

/* Cap tags returned by seL4_DebugCapIdentify (§1.2); a failed lookup also gives 0. */
enum cap_tag {
    TAG_NULL = 0,
    TAG_FRAME = 1,
    TAG_UNTYPED = 2,
    TAG_PAGE_TABLE = 3,
    TAG_ENDPOINT = 4,
    TAG_NOTIFICATION = 6,
    TAG_REPLY = 8,
    TAG_CNODE = 10,
    TAG_ASID_CONTROL = 11,
    TAG_THREAD = 12,
    TAG_ASID_POOL = 13,
    TAG_IRQ_CONTROL = 14,
    TAG_IRQ_HANDLER = 16,
    TAG_ZOMBIE = 18, /* a dying CNode or TCB whose deletion was preempted */
    TAG_DOMAIN = 20,
    TAG_SCHED_CONTEXT = 22,
    TAG_SCHED_CONTROL = 24,
};

#define ROOT seL4_CapInitThreadCNode
#define ROOT_DEPTH seL4_WordBits /* every root-CNode slot is named at depth 64 (§6) */
#define ROOT_SLOTS 4096ul        /* initThreadCNodeSizeBits = 12 */
#define BIT(n) (1ul << (n))

/* A test returns NULL when it passes, else a one-line reason (from fail_at). */
/* Returns the failure of a helper that returns a reason or NULL. */
#define TRY(call)                                                                              \
    do {                                                                                       \
        const char *why_ = (call);                                                             \
        if (why_ != NULL) {                                                                    \
            return why_;                                                                       \
        }                                                                                      \
    } while (0)

typedef const char *(*test_fn)(void);

/* Runs one test, prints `TEST <id> pass|fail <why>`, then deletes every cap the test left in the
   slots it allocated, so each test starts from the same state. */
void run_test(const char *id, test_fn test);
/* The last test of a program: after all its tests the kernel still serves invocations. */
void report_alive(const char *id, const char *area);

const char *fail_at(int line, const char *format, ...) __attribute__((format(printf, 2, 3)));
const char *fail_error(int line, seL4_Error got, seL4_Error expected);
const char *error_name(seL4_Word error);

#define EXPECT(condition, ...)                                                                 \
    do {                                                                                       \
        if (!(condition)) {                                                                    \
            return fail_at(__LINE__, __VA_ARGS__);                                             \
        }                                                                                      \
    } while (0)

/* The MRs of the kernel's reply stay in the IPC buffer for EXPECT_MR (invocations.h). */
#define EXPECT_ERR(call, expected)                                                             \
    do {                                                                                       \
        seL4_Error got_ = (call);                                                              \
        if (got_ != (expected)) {                                                              \
            return fail_error(__LINE__, got_, (expected));                                     \
        }                                                                                      \
    } while (0)

#define EXPECT_OK(call) EXPECT_ERR(call, seL4_NoError)

#define EXPECT_MR(index, value)                                                                \
    do {                                                                                       \
        seL4_Word got_ = seL4_GetMR(index);                                                    \
        seL4_Word want_ = (value);                                                             \
        if (got_ != want_) {                                                                   \
            return fail_at(__LINE__, "MR%d = %lu, expected %lu", (index), got_, want_);        \
        }                                                                                      \
    } while (0)

/* RangeError carries the allowed range in MR0 (min) and MR1 (max) (§3.1). */
#define EXPECT_RANGE(call, min, max)                                                           \
    do {                                                                                       \
        EXPECT_ERR(call, seL4_RangeError);                                                     \
        EXPECT_MR(0, min);                                                                     \
        EXPECT_MR(1, max);                                                                     \
    } while (0)

#define EXPECT_TAG(cptr, tag)                                                                  \
    do {                                                                                       \
        seL4_Uint32 got_ = seL4_DebugCapIdentify(cptr);                                        \
        if (got_ != (seL4_Uint32)(tag)) {                                                      \
            return fail_at(__LINE__, "cptr %lu holds cap tag %u, expected %u",                 \
                           (seL4_Word)(cptr), got_, (unsigned)(tag));                          \
        }                                                                                      \
    } while (0)

#define EXPECT_SLOT(cptr) EXPECT((cptr) != 0, "could not set up: %s", setup_failure())

/* Set-up. objtest_init picks the RAM pool; call it after the bootinfo checks. */
seL4_BootInfo *bootinfo(void);
void objtest_init(void);
const char *setup_failure(void);

/* Empty root slots, owned by the running test. 0 when none is left. */
seL4_CPtr slot_alloc(void);
seL4_CPtr slots_alloc(seL4_Word count);

/* A fresh RAM untyped of 2^size_bits bytes (no children, nothing allocated), or 0. */
seL4_CPtr untyped_alloc(unsigned size_bits);
/* The device untyped that covers physical address `paddr`, or 0; its size in *size_bits. */
seL4_CPtr device_untyped_at(seL4_Word paddr, unsigned *size_bits);

/* One object retyped from `untyped` into root slot `slot` (node_depth 0 = the root itself). */
seL4_Error retype(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits, seL4_CPtr slot);
/* One object in a new root slot, or 0 (then setup_failure() says why). */
seL4_CPtr new_object(seL4_CPtr untyped, seL4_Word type, seL4_Word size_bits);
/* Free bytes of an untyped of 2^size_bits, read from the NotEnoughMemory reply to a request for
   an untyped twice its size (§3.1 NotEnoughMemory MR0); ~0 if the reply was anything else. */
seL4_Word free_bytes(seL4_CPtr untyped, unsigned size_bits);

/* CNode calls with both slots in the root CNode at depth 64. */
seL4_Error cap_copy(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights);
seL4_Error cap_mint(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge);
seL4_Error cap_move(seL4_CPtr dest, seL4_CPtr src);
seL4_Error cap_mutate(seL4_CPtr dest, seL4_CPtr src, seL4_Word data);
seL4_Error cap_rotate(seL4_CPtr dest, seL4_CPtr pivot, seL4_CPtr src);
seL4_Error cap_delete(seL4_CPtr slot);
seL4_Error cap_revoke(seL4_CPtr slot);
seL4_Error cap_cancel_badged_sends(seL4_CPtr slot);

/* Area entry points, one per file. */
void run_bootinfo_tests(void);
void run_cnode_copy_tests(void);
void run_cnode_move_tests(void);
void run_lookup_tests(void);
void run_lookup_chain_tests(void);
void run_invoke_tests(void);
void run_untyped_tests(void);
void run_untyped_memory_tests(void);
void run_retype_sweep_tests(void);
void run_delete_tests(void);
void run_cycle_tests(void);
void run_revoke_tests(void);
