/* Support for the thread tests: a pool of threads sharing the root task's CSpace and VSpace
   (stacks, TLS blocks and IPC buffers in the image's .bss, whose frame caps bootinfo lists in
   userImageFrames), objects from one untyped per test, settle() and message checks. */
#include <string.h>

#include "threadtest.h"

#define STACK_BYTES (16 * 1024)
#define TLS_BYTES 512
#define BUFFERS_PER_PAGE 4 /* 1 KiB IPC buffers; the kernel uses the address's offset in the frame */
#define TEST_UNTYPED_BITS 17

extern char _start[]; /* the first byte of the image (runtime/user.ld puts .text.start first) */

static struct thread threads[THREAD_MAX];
static unsigned threads_used;
static char stacks[THREAD_MAX][STACK_BYTES] __attribute__((aligned(16)));
static char tls_blocks[THREAD_MAX][TLS_BYTES] __attribute__((aligned(64)));
static char ipc_pages[THREAD_MAX / BUFFERS_PER_PAGE][4096] __attribute__((aligned(4096)));
static seL4_CPtr ipc_frames[THREAD_MAX / BUFFERS_PER_PAGE];
static seL4_CPtr test_untyped;
static const char *init_problem = "threadtest_init was not called";
static char problem[200];

const char *thread_failure(void)
{
    return problem;
}

/* The frame cap of an image page: userImageFrames holds one per page, in address order. */
static seL4_CPtr image_frame(const void *page)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_Word index = ((seL4_Word)page - ((seL4_Word)_start & ~0xffful)) / 4096;
    seL4_CPtr cap = bi->userImageFrames.start + index;
    return cap < bi->userImageFrames.end && seL4_DebugCapIdentify(cap) == TAG_FRAME ? cap : 0;
}

void threadtest_init(void)
{
    init_problem = NULL;
    if (sel4runtime_tls_size() > TLS_BYTES) {
        init_problem = "the TLS block of a thread is larger than 512 bytes";
    }
    for (unsigned i = 0; i < THREAD_MAX / BUFFERS_PER_PAGE; i++) {
        ipc_frames[i] = image_frame(ipc_pages[i]);
        if (ipc_frames[i] == 0) {
            init_problem = "no frame cap in userImageFrames for an IPC-buffer page";
        }
    }
}

void thread_test(const char *id, test_fn test)
{
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, ROOT_PRIORITY);
    run_test(id, test);
    threads_used = 0;
    test_untyped = 0;
}

seL4_CPtr object_new(seL4_Word type)
{
    if (test_untyped == 0) {
        test_untyped = untyped_alloc(TEST_UNTYPED_BITS);
        if (test_untyped == 0) {
            return 0;
        }
    }
    return new_object(test_untyped, type, type == seL4_SchedContextObject ? seL4_MinSchedContextBits : 0);
}

seL4_CPtr cap_minted(seL4_CPtr cap, seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr slot = slot_alloc();
    if (slot == 0 || cap_mint(slot, cap, rights, badge) != seL4_NoError) {
        return 0;
    }
    return slot;
}

seL4_CPtr fault_endpoint(seL4_CPtr *badged)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    *badged = ep != 0 ? cap_minted(ep, seL4_AllRights, FAULT_BADGE) : 0;
    return *badged != 0 ? ep : 0;
}

const char *fault_handler_new(struct fault_handler *h)
{
    h->ep = fault_endpoint(&h->badged);
    h->reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(h->ep && h->reply);
    return NULL;
}

/* Every thread starts here (a0 = its struct thread) and suspends itself when its function
   returns; a resumed thread re-executes that Suspend (§1.2: it restarts at the ecall). */
static void thread_entry(struct thread *self)
{
    self->fn(self);
    for (;;) {
        (void)seL4_TCB_Suspend(self->tcb);
        seL4_Yield();
    }
}

void thread_initial_registers(const struct thread *t, seL4_UserContext *regs)
{
    memset(regs, 0, sizeof *regs);
    regs->pc = (seL4_Word)thread_entry;
    regs->sp = t->stack_top;
    __asm__("mv %0, gp" : "=r"(regs->gp)); /* the image's global pointer, as crt0 sets it */
    regs->tp = t->tp;
    regs->a0 = (seL4_Word)t;
}

/* Records why set-up step `what` of thread `name` failed; true when it did. */
static int failed(seL4_Error error, const char *what, const char *name)
{
    if (error != seL4_NoError) {
        snprintf(problem, sizeof problem, "%s of thread '%s' failed with %s (MR0 %lu)", what, name,
                 error_name(error), seL4_GetMR(0));
    }
    return error != seL4_NoError;
}

/* Fills in the thread's objects, stack, TLS and IPC buffer; NULL (with `problem`) on failure. */
static struct thread *thread_allocate(const struct thread_config *config)
{
    if (init_problem != NULL || threads_used == THREAD_MAX) {
        snprintf(problem, sizeof problem, "%s", init_problem != NULL ? init_problem : "too many threads");
        return NULL;
    }
    unsigned index = threads_used++;
    struct thread *t = &threads[index];
    memset((void *)t, 0, sizeof *t);
    t->name = config->name;
    t->fn = config->fn;
    t->tcb = object_new(seL4_TCBObject);
    t->sc = object_new(seL4_SchedContextObject);
    if (t->tcb == 0 || t->sc == 0) {
        snprintf(problem, sizeof problem, "objects of thread '%s': %s", config->name, setup_failure());
        return NULL;
    }
    t->stack_top = (seL4_Word)stacks[index] + STACK_BYTES;
    if ((config->options & THREAD_NO_IPC_BUFFER) == 0) {
        t->ipc = (seL4_IPCBuffer *)(ipc_pages[index / BUFFERS_PER_PAGE] + 1024 * (index % BUFFERS_PER_PAGE));
        t->ipc_frame = ipc_frames[index / BUFFERS_PER_PAGE];
    }
    t->tp = sel4runtime_init_thread_tls(tls_blocks[index], TLS_BYTES, t->ipc);
    if (t->tp == 0) {
        snprintf(problem, sizeof problem, "sel4runtime_init_thread_tls refused thread '%s'", config->name);
        return NULL;
    }
    return t;
}

struct thread *thread_create(const struct thread_config *config)
{
    struct thread *t = thread_allocate(config);
    if (t == NULL) {
        return NULL;
    }
    seL4_Word budget = config->budget_us != 0 ? config->budget_us : DEFAULT_BUDGET_US;
    seL4_Word period = config->period_us != 0 ? config->period_us : budget;
    seL4_CPtr sc = (config->options & THREAD_PASSIVE) != 0 ? seL4_CapNull : t->sc;
    seL4_UserContext regs;
    thread_initial_registers(t, &regs);
    if (failed(seL4_SchedControl_ConfigureFlags(bootinfo()->schedcontrol.start, t->sc, budget, period, 0, 0, 0),
               "SchedControl_ConfigureFlags", t->name) ||
        failed(seL4_TCB_Configure(t->tcb, ROOT, 0, seL4_CapInitThreadVSpace, 0, (seL4_Word)t->ipc, t->ipc_frame),
               "TCB_Configure", t->name) ||
        failed(seL4_TCB_SetSchedParams(t->tcb, seL4_CapInitThreadTCB, config->priority, config->priority, sc,
                                       config->fault_ep),
               "TCB_SetSchedParams", t->name) ||
        failed(seL4_TCB_WriteRegisters(t->tcb, 0, 0, 32, &regs), "TCB_WriteRegisters", t->name)) {
        return NULL;
    }
    seL4_DebugNameThread(t->tcb, t->name);
    return t;
}

struct thread *thread_new(const char *name, seL4_Word priority, thread_fn fn)
{
    const struct thread_config config = {.name = name, .priority = priority, .fn = fn};
    return thread_create(&config);
}

seL4_Error thread_resume(struct thread *t)
{
    return seL4_TCB_Resume(t->tcb);
}

seL4_Error thread_start_at(struct thread *t, seL4_UserContext *regs)
{
    return seL4_TCB_WriteRegisters(t->tcb, 1, 0, 32, regs);
}

struct thread *thread_started_at(const char *name, seL4_CPtr fault_ep, seL4_UserContext *regs)
{
    const struct thread_config config = {.name = name, .priority = LOW_PRIORITY, .fault_ep = fault_ep};
    struct thread *t = thread_create(&config);
    if (t != NULL && failed(thread_start_at(t, regs), "TCB_WriteRegisters (resume)", name)) {
        return NULL;
    }
    return t;
}

void settle(void)
{
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, SETTLE_PRIORITY);
    (void)seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, ROOT_PRIORITY);
}

seL4_Word pattern(seL4_Word round, seL4_Word length, seL4_Word i)
{
    return (round << 48) ^ (length << 40) ^ ((i + 1) * 0x9e3779b97f4a7c15ul);
}

void fill_message(seL4_Word round, seL4_Word length)
{
    for (seL4_Word i = 0; i < length; i++) {
        seL4_SetMR((int)i, pattern(round, length, i));
    }
}

const char *expect_message(int line, seL4_CPtr ep, seL4_CPtr reply, seL4_Word badge, seL4_Word label,
                           seL4_Word length, const seL4_Word *mrs)
{
    settle();
    seL4_Word got = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &got, reply);
    if (got == 0) {
        return fail_at(line, "no message waited on the endpoint (expected badge 0x%lx, label %lu)", badge, label);
    }
    if (got != badge || seL4_MessageInfo_get_label(info) != label ||
        seL4_MessageInfo_get_length(info) != length) {
        return fail_at(line, "message with badge 0x%lx, label %lu, length %lu; expected 0x%lx, %lu, %lu", got,
                       seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info), badge, label, length);
    }
    for (seL4_Word i = 0; i < length; i++) {
        if (seL4_GetMR((int)i) != mrs[i]) {
            return fail_at(line, "label %lu: MR%lu = 0x%lx, expected 0x%lx", label, i, seL4_GetMR((int)i), mrs[i]);
        }
    }
    return NULL;
}

const char *expect_no_message(int line, seL4_CPtr ep, seL4_CPtr reply)
{
    settle();
    seL4_Word got = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &got, reply);
    if (got != 0) {
        return fail_at(line, "unexpected message: badge 0x%lx, label %lu, MR0 0x%lx", got,
                       seL4_MessageInfo_get_label(info), seL4_GetMR(0));
    }
    return NULL;
}

void reply_with(seL4_CPtr reply, seL4_Word label, seL4_Word length, const seL4_Word *mrs)
{
    for (seL4_Word i = 0; i < length; i++) {
        seL4_SetMR((int)i, mrs[i]);
    }
    seL4_Send(reply, seL4_MessageInfo_new(label, 0, 0, length));
}

seL4_CPtr program_vspace(void)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_CPtr vspace = object_new(seL4_RISCV_PageTableObject);
    seL4_CPtr level1 = object_new(seL4_RISCV_PageTableObject);
    seL4_CPtr level0 = object_new(seL4_RISCV_PageTableObject);
    if (vspace == 0 || level1 == 0 || level0 == 0 ||
        seL4_RISCV_ASIDPool_Assign(seL4_CapInitThreadASIDPool, vspace) != seL4_NoError ||
        seL4_RISCV_PageTable_Map(level1, vspace, 0, seL4_RISCV_Default_VMAttributes) != seL4_NoError ||
        seL4_RISCV_PageTable_Map(level0, vspace, 0, seL4_RISCV_Default_VMAttributes) != seL4_NoError) {
        return 0;
    }
    seL4_Word vaddr = 0x10000; /* the image's first page (runtime/user.ld) */
    for (seL4_CPtr frame = bi->userImageFrames.start; frame < bi->userImageFrames.end; frame++, vaddr += 4096) {
        seL4_CPtr copy = cap_minted(frame, seL4_AllRights, 0);
        if (copy == 0 || seL4_RISCV_Page_Map(copy, vspace, vaddr, seL4_ReadWrite,
                                             seL4_RISCV_Default_VMAttributes) != seL4_NoError) {
            return 0;
        }
    }
    return vspace;
}
