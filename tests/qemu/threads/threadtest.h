/* Shared helpers of the thread, IPC, notification and fault tests (issue 4): threads that share
   the root task's CSpace and VSpace, objects from a per-test untyped, "settle" (let every thread
   above a low priority run until it blocks), message patterns and fault-message checks.
   Expectations cite the seL4 API digest (shared/reference/sel4-api-subset.md) by section, e.g.
   "§8.2" or "§12.7"; each test must fail on a kernel that skips the check it names. The object
   helpers (slots, untypeds, EXPECT macros, run_test) are the object-model tests' objtest.h. */
#pragma once

#include "../objects/objtest.h"

#define THREAD_MAX 12          /* threads alive at once in one test */
#define ROOT_PRIORITY 255      /* the root task's priority and MCP (§7.3) */
#define SETTLE_PRIORITY 2      /* settle() drops the root to this; test threads run above it */
#define LOW_PRIORITY 100       /* the usual priority of a test thread */
#define DEFAULT_BUDGET_US 2000 /* budget = period: a round-robin scheduling context */
#define FAULT_BADGE 0xfa17     /* badge of the fault-endpoint caps the tests give their threads */
#define SYSCALL_UNKNOWN 1234   /* a7 of an unknown syscall (§1.1: positive numbers are unknown) */

struct thread;
typedef void (*thread_fn)(struct thread *self);

/* Bits of thread_config.options. */
enum thread_option {
    THREAD_DEFAULT = 0,
    THREAD_NO_IPC_BUFFER = 1 << 0, /* Configure with buffer address 0 */
    THREAD_PASSIVE = 1 << 1,       /* no scheduling context bound (it has one, unbound, in sc) */
};

/* One test thread. It runs fn(self) in the root task's address space, on its own stack, IPC
   buffer and TLS block; when fn returns it suspends itself. arg is the test's input and out,
   steps the thread's results, read by the root after settle(). */
struct thread {
    const char *name;
    seL4_CPtr tcb, sc;
    seL4_IPCBuffer *ipc; /* NULL for THREAD_NO_IPC_BUFFER */
    seL4_CPtr ipc_frame;
    seL4_Word tp, stack_top;
    thread_fn fn;
    seL4_Word arg[6];
    volatile seL4_Word out[8];
    volatile seL4_Word steps;
};

struct thread_config {
    const char *name;   /* given with seL4_DebugNameThread */
    seL4_Word priority; /* also its MCP */
    thread_fn fn;
    seL4_CPtr fault_ep; /* 0: no fault handler */
    seL4_Word options;  /* enum thread_option bits */
    seL4_Word budget_us, period_us; /* 0: DEFAULT_BUDGET_US for both */
};

/* Code sites (sites.S) for threads started straight from their registers. Each is followed by a
   `_next` label 4 bytes on, which an ecall at the site's pc + 4 (a fault reply skipping it) runs. */
extern char qt_site_ecall[], qt_site_ecall_next[];     /* ecall; ecall (loops) */
extern char qt_site_illegal[], qt_site_illegal_next[]; /* illegal instruction; ecall */
extern char qt_site_ebreak[], qt_site_ebreak_next[];   /* ebreak; ecall */
extern char qt_site_load[], qt_site_store[];           /* ld t1, 0(t0) / sd t1, 0(t0); ecall */
extern char qt_site_dump_registers[];                  /* stores x1..x31 at t6, then a Call */
extern seL4_Word qt_data_word;                         /* a word of data (not executable) */

void threadtest_init(void);
/* run_test, then the thread pool and the per-test untyped are reset and the root's priority is
   back at ROOT_PRIORITY: every thread the test made was deleted with its TCB cap. */
void thread_test(const char *id, test_fn test);

/* A configured thread (TCB, scheduling context, IPC buffer, registers set to run fn), not yet
   resumed; NULL when setting it up failed (thread_failure() says why). */
struct thread *thread_create(const struct thread_config *config);
struct thread *thread_new(const char *name, seL4_Word priority, thread_fn fn);
const char *thread_failure(void);
#define EXPECT_THREAD(t) EXPECT(t, "could not set up: %s", thread_failure())
seL4_Error thread_resume(struct thread *t);
/* The registers thread_create gives: pc = the C entry, sp, gp, tp and a0 = t. */
void thread_initial_registers(const struct thread *t, seL4_UserContext *regs);
/* Writes all 32 registers and resumes the thread: it starts at regs->pc with exactly these. */
seL4_Error thread_start_at(struct thread *t, seL4_UserContext *regs);

/* A new address space running this program: its own root page table and ASID, with the root
   task's image frames mapped at their addresses through copies of their caps (so threads put in
   it run the same code); nothing else is mapped. 0 on failure. */
seL4_CPtr program_vspace(void);

/* The root task lets every thread of priority above SETTLE_PRIORITY run until it blocks, then
   continues at ROOT_PRIORITY (TCB_SetPriority on itself, §5.2). */
void settle(void);

/* An object from the running test's untyped; 0 on failure (setup_failure()). */
seL4_CPtr object_new(seL4_Word type);
/* A copy of `cap` (in a new slot) with `rights` and `badge` (0: unbadged), or 0. */
seL4_CPtr cap_minted(seL4_CPtr cap, seL4_CapRights_t rights, seL4_Word badge);
/* An endpoint and a cap to it badged FAULT_BADGE with all rights: a fault handler. */
seL4_CPtr fault_endpoint(seL4_CPtr *badged);
/* The root as fault handler: the endpoint, its FAULT_BADGE cap for threads, a reply object. */
struct fault_handler {
    seL4_CPtr ep, badged, reply;
};
const char *fault_handler_new(struct fault_handler *h);
/* A LOW_PRIORITY thread with fault endpoint `fault_ep` (0: none), started at `regs`; NULL on
   failure (thread_failure()). */
struct thread *thread_started_at(const char *name, seL4_CPtr fault_ep, seL4_UserContext *regs);


/* Message words: MR i of a message of `length` words sent in round `round`. */
seL4_Word pattern(seL4_Word round, seL4_Word length, seL4_Word i);
void fill_message(seL4_Word round, seL4_Word length);
#define SENTINEL 0x5e5e5e5e5e5e5e5eul

/* After settle(), one message waiting on `ep` must match: badge, label, length and MR0.. (NULL
   when it does); received with NBRecv and `reply`, so a missing message fails instead of
   hanging. The message is left in the IPC buffer. Give at least one MR value (any, for length 0). */
const char *expect_message(int line, seL4_CPtr ep, seL4_CPtr reply, seL4_Word badge, seL4_Word label,
                           seL4_Word length, const seL4_Word *mrs);
#define EXPECT_MESSAGE(ep, reply, badge, label, length, ...)                                   \
    do {                                                                                       \
        const seL4_Word mrs_[] = {__VA_ARGS__};                                                \
        const char *why_ = expect_message(__LINE__, ep, reply, badge, label, length, mrs_);    \
        if (why_ != NULL) {                                                                    \
            return why_;                                                                       \
        }                                                                                      \
    } while (0)
/* After settle(), nothing is waiting on `ep` (NBRecv returns badge 0, §8.1). */
const char *expect_no_message(int line, seL4_CPtr ep, seL4_CPtr reply);
#define EXPECT_NO_MESSAGE(ep, reply)                                                           \
    do {                                                                                       \
        const char *why_ = expect_no_message(__LINE__, ep, reply);                             \
        if (why_ != NULL) {                                                                    \
            return why_;                                                                       \
        }                                                                                      \
    } while (0)
/* Replies through `reply` with `label` and `length` words MR0.. (§8.2: a Send on the reply). */
void reply_with(seL4_CPtr reply, seL4_Word label, seL4_Word length, const seL4_Word *mrs);

static inline seL4_Word read_time(void)
{
    seL4_Word value;
    __asm__ volatile("rdtime %0" : "=r"(value));
    return value;
}
#define TIME_HZ 10000000ul /* `time` on QEMU virt counts at 10 MHz */

/* Instructions retired by this hart (the benchmarks' unit). */
static inline seL4_Word read_instret(void)
{
    seL4_Word count;
    __asm__ volatile("rdinstret %0" : "=r"(count));
    return count;
}

/* Area entry points, one per file. */
void run_tcb_tests(void);
void run_register_tests(void);
void run_sched_tests(void);
void run_ipc_message_tests(void);
void run_ipc_rights_tests(void);
void run_ipc_queue_tests(void);
void run_reply_tests(void);
void run_reply_lifetime_tests(void);
void run_ntfn_tests(void);
void run_bound_tests(void);
void run_fault_tests(void);
void run_vmfault_tests(void);
void run_fault_handler_tests(void);
void run_transfer_tests(void);
