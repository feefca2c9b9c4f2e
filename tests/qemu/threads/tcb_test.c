/* TCB: creating, configuring, resuming and suspending threads; priorities and the maximum
   controlled priority (MCP); the TLS base; thread names. Threads share the root task's CSpace and
   VSpace; the root (priority 255) lets them run with settle(). */
#include "threadtest.h"

static volatile seL4_Word order[16];
static volatile unsigned order_length;

/* Records what a new thread sees: its argument, libsel4's IPC buffer pointer (TLS), its stack. */
static void record_start(struct thread *self)
{
    seL4_Word sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    self->out[0] = self->arg[0] + 1;
    self->out[1] = (seL4_Word)seL4_GetIPCBuffer();
    seL4_SetMR(119, 0x1234abcd);
    self->out[2] = self->ipc->msg[119];
    self->out[3] = sp;
    self->steps++;
}

/* A configured thread runs only after TCB_Resume, and only when the root lets lower priorities
   run; then its function gets its argument, its stack and a working IPC buffer pointer. */
static const char *resume_starts_a_thread(void)
{
    struct thread *t = thread_new("tcb0001", LOW_PRIORITY, record_start);
    EXPECT_THREAD(t);
    EXPECT_TAG(t->tcb, TAG_THREAD);
    EXPECT_TAG(t->sc, TAG_SCHED_CONTEXT);
    t->arg[0] = 41;
    settle();
    EXPECT(t->steps == 0, "the thread ran before TCB_Resume");
    EXPECT_OK(thread_resume(t));
    EXPECT(t->steps == 0, "a priority-%d thread ran while the priority-255 root task was runnable", LOW_PRIORITY);
    settle();
    EXPECT(t->steps == 1, "the resumed thread did not run (steps %lu)", t->steps);
    EXPECT(t->out[0] == 42, "the thread's argument arrived as %lu", t->out[0] - 1);
    EXPECT(t->out[1] == (seL4_Word)t->ipc, "seL4_GetIPCBuffer() = 0x%lx in the thread", t->out[1]);
    EXPECT(t->out[2] == 0x1234abcd, "the thread's seL4_SetMR did not reach its IPC buffer");
    EXPECT(t->out[3] < t->stack_top && t->out[3] > t->stack_top - 16384, "sp 0x%lx is off its stack", t->out[3]);
    return NULL;
}

/* MCS: a thread without a scheduling context does not run, even resumed; binding one
   (SchedContext_Bind) lets it run (issue 4 item 6, §12.15). */
static const char *no_sched_context_no_run(void)
{
    const struct thread_config config = {
        .name = "tcb0002", .priority = LOW_PRIORITY, .fn = record_start, .options = THREAD_PASSIVE};
    struct thread *t = thread_create(&config);
    EXPECT_THREAD(t);
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 0, "a thread without a scheduling context ran");
    EXPECT_OK(seL4_SchedContext_Bind(t->sc, t->tcb));
    settle();
    EXPECT(t->steps == 1, "the thread did not run once its scheduling context was bound");
    return NULL;
}

/* Counts the signals of notification arg[0], forever. */
static void count_signals(struct thread *self)
{
    for (;;) {
        seL4_Wait(self->arg[0], NULL);
        self->steps++;
    }
}

/* A thread suspended while blocked in Wait leaves the notification's queue: a signal stays
   pending (§8.4). Resumed, it re-executes its Wait (§1.2 Restart) and takes that signal. */
static const char *suspend_and_resume_a_blocked_thread(void)
{
    struct thread *t = thread_new("tcb0003", LOW_PRIORITY, count_signals);
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ntfn);
    t->arg[0] = ntfn;
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 0, "the thread passed an unsignalled Wait");
    seL4_Signal(ntfn);
    settle();
    EXPECT(t->steps == 1, "a signal did not wake the waiting thread (steps %lu)", t->steps);
    EXPECT_OK(seL4_TCB_Suspend(t->tcb));
    seL4_Signal(ntfn);
    settle();
    EXPECT(t->steps == 1, "a suspended thread took a signal");
    EXPECT_OK(seL4_TCB_Resume(t->tcb));
    settle();
    EXPECT(t->steps == 2, "the resumed thread did not take the pending signal (steps %lu)", t->steps);
    seL4_Signal(ntfn);
    settle();
    EXPECT(t->steps == 3, "the resumed thread does not wait on its notification again");
    return NULL;
}

/* A thread that is ready but has not run yet can be suspended: it then does not run until it is
   resumed. Suspending twice and resuming a running thread change nothing. */
static const char *suspend_a_ready_thread(void)
{
    struct thread *t = thread_new("tcb0004", LOW_PRIORITY, record_start);
    EXPECT_THREAD(t);
    EXPECT_OK(thread_resume(t));
    EXPECT_OK(seL4_TCB_Suspend(t->tcb));
    EXPECT_OK(seL4_TCB_Suspend(t->tcb));
    settle();
    EXPECT(t->steps == 0, "a suspended thread ran");
    EXPECT_OK(thread_resume(t));
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 1, "the thread ran %lu times after being resumed", t->steps);
    return NULL;
}

static void append_order(struct thread *self)
{
    order[order_length++] = self->arg[0];
}

/* TCB_SetPriority moves a ready thread: of two ready threads the one raised above the other
   runs first (256 priorities, highest first). */
static const char *set_priority_reorders_ready_threads(void)
{
    struct thread *a = thread_new("tcb0005-a", 50, append_order);
    struct thread *b = thread_new("tcb0005-b", 60, append_order);
    EXPECT_THREAD(a && b);
    a->arg[0] = 'a';
    b->arg[0] = 'b';
    order_length = 0;
    EXPECT_OK(thread_resume(a));
    EXPECT_OK(thread_resume(b));
    EXPECT_OK(seL4_TCB_SetPriority(a->tcb, seL4_CapInitThreadTCB, 70));
    settle();
    EXPECT(order_length == 2 && order[0] == 'a' && order[1] == 'b', "threads ran as '%c%c' (%u of 2)",
           (char)order[0], (char)order[1], order_length);
    return NULL;
}

/* Tries to raise itself above its MCP (arg[0] + 1), then lowers itself (arg[0] - 10). */
static void change_own_priority(struct thread *self)
{
    self->out[0] = seL4_TCB_SetPriority(self->tcb, self->tcb, self->arg[0] + 1);
    self->out[1] = seL4_GetMR(1);
    self->out[2] = seL4_TCB_SetPriority(self->tcb, self->tcb, self->arg[0] - 10);
    self->steps++;
}

/* A priority or MCP above the authority's MCP is RangeError [0, MCP] (§5.2), for SetPriority,
   SetMCPriority and SetSchedParams; an authority that is not a TCB is InvalidCapability, MR0 = 1. */
static const char *priorities_above_mcp_refused(void)
{
    struct thread *t = thread_new("tcb0006", LOW_PRIORITY, change_own_priority);
    seL4_CPtr other = object_new(seL4_TCBObject), ep = object_new(seL4_EndpointObject);
    EXPECT_THREAD(t);
    EXPECT_SLOT(other && ep);
    EXPECT_RANGE(seL4_TCB_SetPriority(other, seL4_CapInitThreadTCB, 256), 0, 255);
    EXPECT_RANGE(seL4_TCB_SetMCPriority(other, seL4_CapInitThreadTCB, 256), 0, 255);
    EXPECT_RANGE(seL4_TCB_SetPriority(other, t->tcb, LOW_PRIORITY + 1), 0, LOW_PRIORITY);
    EXPECT_RANGE(seL4_TCB_SetMCPriority(other, t->tcb, LOW_PRIORITY + 1), 0, LOW_PRIORITY);
    EXPECT_RANGE(seL4_TCB_SetSchedParams(other, t->tcb, LOW_PRIORITY + 1, 1, 0, 0), 0, LOW_PRIORITY);
    EXPECT_RANGE(seL4_TCB_SetSchedParams(other, t->tcb, 1, LOW_PRIORITY + 1, 0, 0), 0, LOW_PRIORITY);
    EXPECT_OK(seL4_TCB_SetPriority(other, t->tcb, LOW_PRIORITY));
    EXPECT_OK(seL4_TCB_SetMCPriority(other, t->tcb, LOW_PRIORITY));
    EXPECT_ERR(seL4_TCB_SetPriority(other, ep, 1), seL4_InvalidCapability);
    EXPECT_MR(0, 1);
    /* A lowered MCP bounds what the thread may give from then on. */
    EXPECT_OK(seL4_TCB_SetMCPriority(t->tcb, seL4_CapInitThreadTCB, 50));
    EXPECT_RANGE(seL4_TCB_SetPriority(other, t->tcb, 51), 0, 50);
    EXPECT_OK(seL4_TCB_SetMCPriority(t->tcb, seL4_CapInitThreadTCB, LOW_PRIORITY));
    /* The thread itself cannot go above its MCP, and can go below. */
    t->arg[0] = LOW_PRIORITY;
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 1, "the thread did not run");
    EXPECT(t->out[0] == seL4_RangeError && t->out[1] == LOW_PRIORITY,
           "raising itself above its MCP gave %s (MR1 %lu)", error_name(t->out[0]), t->out[1]);
    EXPECT(t->out[2] == seL4_NoError, "lowering its own priority gave %s", error_name(t->out[2]));
    return NULL;
}

static seL4_Word read_tp(void)
{
    seL4_Word tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

/* Reports its tp and IPC buffer pointer, then moves itself to the TLS block in arg[0]. */
static void report_tls(struct thread *self)
{
    self->out[0] = read_tp();
    self->out[1] = (seL4_Word)seL4_GetIPCBuffer();
    self->out[2] = seL4_TCB_SetTLSBase(self->tcb, self->arg[0]);
    self->out[3] = read_tp();
    self->out[4] = (seL4_Word)seL4_GetIPCBuffer();
    self->steps++;
}

/* TCB_SetTLSBase sets tp (§5.2): on a thread that has not run (ReadRegisters shows it and the
   thread finds its TLS through it), and on the calling thread itself. */
static const char *set_tls_base(void)
{
    static char spare_tls[512] __attribute__((aligned(64)));
    struct thread *t = thread_new("tcb0007", LOW_PRIORITY, report_tls);
    EXPECT_THREAD(t);
    t->arg[0] = sel4runtime_init_thread_tls(spare_tls, sizeof spare_tls, t->ipc);
    seL4_UserContext regs;
    thread_initial_registers(t, &regs);
    regs.tp = 0;
    EXPECT_OK(seL4_TCB_WriteRegisters(t->tcb, 0, 0, 32, &regs));
    EXPECT_OK(seL4_TCB_SetTLSBase(t->tcb, t->tp));
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 0, 0, 32, &regs));
    EXPECT(regs.tp == t->tp, "tp reads 0x%lx after SetTLSBase(0x%lx)", regs.tp, t->tp);
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 1, "the thread did not run");
    EXPECT(t->out[0] == t->tp && t->out[1] == (seL4_Word)t->ipc, "the thread started with tp 0x%lx", t->out[0]);
    EXPECT(t->out[2] == seL4_NoError, "SetTLSBase on itself failed with %s", error_name(t->out[2]));
    EXPECT(t->out[3] == t->arg[0] && t->out[4] == (seL4_Word)t->ipc, "after SetTLSBase on itself tp = 0x%lx",
           t->out[3]);
    return NULL;
}

/* seL4_DebugNameThread names a thread in the kernel's scheduler dump (the manifest matches the
   name with its priority and MCP, 77). */
static const char *debug_name_thread(void)
{
    struct thread *t = thread_new("tcb0008-named", 77, record_start);
    EXPECT_THREAD(t);
    printf("TCB0008 scheduler dump:\n");
    seL4_DebugDumpScheduler();
    return NULL;
}

/* IPC buffer and space checks (§5.2): a buffer address not 1024-aligned is AlignmentError; a
   buffer cap that is not a frame, a CSpace root that is not a CNode and a VSpace root that is not
   a page table are IllegalOperation. */
static const char *configure_checks(void)
{
    struct thread *t = thread_new("tcb0009", LOW_PRIORITY, record_start);
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep);
    seL4_Word buffer = (seL4_Word)t->ipc;
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t->tcb, buffer + 8, t->ipc_frame), seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t->tcb, buffer + 512, t->ipc_frame), seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_SetIPCBuffer(t->tcb, buffer, ep), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t->tcb, ROOT, 0, seL4_CapInitThreadVSpace, 0, buffer + 8, t->ipc_frame),
               seL4_AlignmentError);
    EXPECT_ERR(seL4_TCB_Configure(t->tcb, ep, 0, seL4_CapInitThreadVSpace, 0, buffer, t->ipc_frame),
               seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_Configure(t->tcb, ROOT, 0, ep, 0, buffer, t->ipc_frame), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_SetSpace(t->tcb, 0, ep, 0, seL4_CapInitThreadVSpace, 0), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_SetIPCBuffer(t->tcb, buffer, t->ipc_frame));
    /* The thread still works after the refused calls. */
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 1 && t->out[2] == 0x1234abcd, "the thread did not run with its IPC buffer");
    return NULL;
}

void run_tcb_tests(void)
{
    thread_test("TCB0001", resume_starts_a_thread);
    thread_test("TCB0002", no_sched_context_no_run);
    thread_test("TCB0003", suspend_and_resume_a_blocked_thread);
    thread_test("TCB0004", suspend_a_ready_thread);
    thread_test("TCB0005", set_priority_reorders_ready_threads);
    thread_test("TCB0006", priorities_above_mcp_refused);
    thread_test("TCB0007", set_tls_base);
    thread_test("TCB0008", debug_name_thread);
    thread_test("TCB0009", configure_checks);
}
