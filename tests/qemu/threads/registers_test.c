/* TCB registers: ReadRegisters, WriteRegisters and CopyRegisters in seL4_UserContext order
   (pc, ra, sp, gp, s0..s11 = the "frame" registers; a0..a7, t0..t6, tp = the "integer" ones).
   Threads here start at the code sites of sites.S with every register chosen by the test. */
#include "threadtest.h"

#define REGISTER_COUNT 32
#define FRAME_COUNT 16 /* pc, ra, sp, gp, s0..s11 */

static seL4_Word *words(seL4_UserContext *regs)
{
    return (seL4_Word *)regs;
}

/* Distinct values for every register, different for each `seed`. */
static void distinct_registers(seL4_UserContext *regs, seL4_Word seed)
{
    for (unsigned i = 0; i < REGISTER_COUNT; i++) {
        words(regs)[i] = (seed << 32) | (0x100 + i);
    }
}

/* Registers of a thread that will block in seL4_Wait at qt_site_ecall on `ntfn`. */
static void waiting_registers(seL4_UserContext *regs, seL4_Word seed, seL4_CPtr ntfn)
{
    distinct_registers(regs, seed);
    regs->pc = (seL4_Word)qt_site_ecall;
    regs->a0 = ntfn;
    regs->a7 = (seL4_Word)seL4_SysWait;
}

static const char *compare(int line, seL4_UserContext *got, seL4_UserContext *want, unsigned from, unsigned to)
{
    for (unsigned i = from; i < to; i++) {
        if (words(got)[i] != words(want)[i]) {
            return fail_at(line, "register %u (seL4_UserContext order) = 0x%lx, expected 0x%lx", i, words(got)[i],
                           words(want)[i]);
        }
    }
    return NULL;
}
#define EXPECT_REGISTERS(got, want, from, to)                                                  \
    do {                                                                                       \
        const char *why_ = compare(__LINE__, got, want, from, to);                             \
        if (why_ != NULL) {                                                                    \
            return why_;                                                                       \
        }                                                                                      \
    } while (0)

static void never_runs(struct thread *self)
{
    (void)self;
}

/* WriteRegisters then ReadRegisters of a thread that never ran gives back every value; a count
   below 32 writes and reads only that many registers from the start (§5.2). */
static const char *write_then_read(void)
{
    struct thread *t = thread_new("tcb0011", LOW_PRIORITY, never_runs);
    EXPECT_THREAD(t);
    seL4_UserContext written, changed, got;
    distinct_registers(&written, 1);
    EXPECT_OK(seL4_TCB_WriteRegisters(t->tcb, 0, 0, REGISTER_COUNT, &written));
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 0, 0, REGISTER_COUNT, &got));
    EXPECT_REGISTERS(&got, &written, 0, REGISTER_COUNT);
    distinct_registers(&changed, 2);
    EXPECT_OK(seL4_TCB_WriteRegisters(t->tcb, 0, 0, 3, &changed));
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 0, 0, REGISTER_COUNT, &got));
    EXPECT_REGISTERS(&got, &changed, 0, 3);
    EXPECT_REGISTERS(&got, &written, 3, REGISTER_COUNT);
    /* A read of 5 registers returns exactly 5 (the stub copies the reply's length). */
    distinct_registers(&got, 3);
    seL4_UserContext untouched = got;
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 0, 0, 5, &got));
    EXPECT_REGISTERS(&got, &changed, 0, 3);
    EXPECT_REGISTERS(&got, &written, 3, 5);
    EXPECT_REGISTERS(&got, &untouched, 5, REGISTER_COUNT);
    return NULL;
}

/* WriteRegisters with resume_target starts the thread with exactly the written registers: the
   dump site stores x1..x31 (through t6) and then suspends the thread with the Call left there. */
static const char *written_registers_reach_the_thread(void)
{
    static seL4_Word dump[34];
    struct thread *t = thread_new("tcb0012", LOW_PRIORITY, never_runs);
    EXPECT_THREAD(t);
    seL4_UserContext regs;
    distinct_registers(&regs, 4);
    regs.pc = (seL4_Word)qt_site_dump_registers;
    regs.t6 = (seL4_Word)dump;
    dump[32] = t->tcb;
    dump[33] = seL4_MessageInfo_new(TCBSuspend, 0, 0, 0).words[0];
    EXPECT_OK(thread_start_at(t, &regs));
    settle();
    /* x1..x31 in register-number order, as seL4_UserContext fields. */
    const seL4_Word expected[32] = {0,       regs.ra, regs.sp, regs.gp, regs.tp, regs.t0, regs.t1, regs.t2,
                                    regs.s0, regs.s1, regs.a0, regs.a1, regs.a2, regs.a3, regs.a4, regs.a5,
                                    regs.a6, regs.a7, regs.s2, regs.s3, regs.s4, regs.s5, regs.s6, regs.s7,
                                    regs.s8, regs.s9, regs.s10, regs.s11, regs.t3, regs.t4, regs.t5, regs.t6};
    for (unsigned x = 1; x < 32; x++) {
        EXPECT(dump[x] == expected[x], "x%u started as 0x%lx, written 0x%lx", x, dump[x], expected[x]);
    }
    return NULL;
}

/* ReadRegisters of a thread blocked in Wait reports the address of its ecall as pc (FaultIP,
   §1.2) and the registers it blocked with. With suspend_source it is suspended: a signal then
   stays pending on the notification (§8.4). */
static const char *read_a_blocked_thread(void)
{
    struct thread *t = thread_new("tcb0013", LOW_PRIORITY, never_runs);
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ntfn);
    seL4_CPtr signal = cap_minted(ntfn, seL4_AllRights, 0x9);
    EXPECT_SLOT(signal);
    seL4_UserContext regs, got;
    waiting_registers(&regs, 5, ntfn);
    EXPECT_OK(thread_start_at(t, &regs));
    settle();
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 1, 0, REGISTER_COUNT, &got));
    EXPECT(got.pc == (seL4_Word)qt_site_ecall, "pc of the blocked thread reads 0x%lx, its ecall is at 0x%lx",
           got.pc, (seL4_Word)qt_site_ecall);
    EXPECT_REGISTERS(&got, &regs, 1, FRAME_COUNT);
    EXPECT(got.a0 == ntfn && got.a7 == (seL4_Word)seL4_SysWait, "a0 0x%lx, a7 0x%lx", got.a0, got.a7);
    seL4_Signal(signal);
    settle();
    seL4_Word badge = 0;
    seL4_Poll(ntfn, &badge);
    EXPECT(badge == 0x9, "the signal was taken by the suspended thread (Poll gives 0x%lx)", badge);
    return NULL;
}

/* CopyRegisters copies the frame group (pc, ra, sp, gp, s0..s11) and the integer group (a0..a7,
   t0..t6, tp) separately; suspend_source stops the source, resume_target starts the target at the
   copied pc. The source must be a TCB: InvalidCapability, MR0 = 1. */
static const char *copy_registers(void)
{
    struct thread *source = thread_new("tcb0014-src", LOW_PRIORITY, never_runs);
    struct thread *target = thread_new("tcb0014-dst", LOW_PRIORITY, never_runs);
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_THREAD(source && target);
    EXPECT_SLOT(ntfn);
    /* The badge is the notification's own cptr: a woken thread's next Wait (a0 = badge) waits on
       the same notification. */
    seL4_CPtr signal = cap_minted(ntfn, seL4_AllRights, ntfn);
    EXPECT_SLOT(signal);
    seL4_UserContext from, to, got;
    waiting_registers(&from, 6, ntfn);
    distinct_registers(&to, 7);
    EXPECT_OK(thread_start_at(source, &from));
    EXPECT_OK(seL4_TCB_WriteRegisters(target->tcb, 0, 0, REGISTER_COUNT, &to));
    settle();
    EXPECT_OK(seL4_TCB_CopyRegisters(target->tcb, source->tcb, 0, 0, 1, 0, 0));
    EXPECT_OK(seL4_TCB_ReadRegisters(target->tcb, 0, 0, REGISTER_COUNT, &got));
    EXPECT_REGISTERS(&got, &from, 0, FRAME_COUNT);
    EXPECT_REGISTERS(&got, &to, FRAME_COUNT, REGISTER_COUNT);
    EXPECT_OK(seL4_TCB_CopyRegisters(target->tcb, source->tcb, 0, 0, 0, 1, 0));
    EXPECT_OK(seL4_TCB_ReadRegisters(target->tcb, 0, 0, REGISTER_COUNT, &got));
    EXPECT_REGISTERS(&got, &from, 0, REGISTER_COUNT);
    EXPECT_ERR(seL4_TCB_CopyRegisters(target->tcb, ntfn, 0, 0, 1, 1, 0), seL4_InvalidCapability);
    EXPECT_MR(0, 1);
    /* Suspend the source, resume the target: only the target waits now, and takes the signal. */
    EXPECT_OK(seL4_TCB_CopyRegisters(target->tcb, source->tcb, 1, 1, 1, 1, 0));
    settle();
    seL4_Signal(signal);
    settle();
    EXPECT_OK(seL4_TCB_ReadRegisters(target->tcb, 0, 0, REGISTER_COUNT, &got));
    EXPECT(got.pc == (seL4_Word)qt_site_ecall_next, "the resumed target is at 0x%lx, not past its first Wait",
           got.pc);
    EXPECT_OK(seL4_TCB_ReadRegisters(source->tcb, 0, 0, REGISTER_COUNT, &got));
    EXPECT(got.pc == (seL4_Word)qt_site_ecall, "the suspended source moved to 0x%lx", got.pc);
    return NULL;
}

/* Register counts and targets (§12.14, §5.2): ReadRegisters of 0 or 33 registers is RangeError
   [1, 32]; WriteRegisters of 33 is TruncatedMessage (the stub sends 32); reading or writing the
   caller's own registers is IllegalOperation. */
static const char *register_call_checks(void)
{
    struct thread *t = thread_new("tcb0015", LOW_PRIORITY, never_runs);
    EXPECT_THREAD(t);
    seL4_UserContext regs;
    distinct_registers(&regs, 8);
    EXPECT_RANGE(seL4_TCB_ReadRegisters(t->tcb, 0, 0, 0, &regs), 1, 32);
    EXPECT_RANGE(seL4_TCB_ReadRegisters(t->tcb, 0, 0, 33, &regs), 1, 32);
    EXPECT_ERR(seL4_TCB_WriteRegisters(t->tcb, 0, 0, 33, &regs), seL4_TruncatedMessage);
    EXPECT_ERR(seL4_TCB_ReadRegisters(seL4_CapInitThreadTCB, 0, 0, 1, &regs), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_WriteRegisters(seL4_CapInitThreadTCB, 0, 0, 1, &regs), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 0, 0, 32, &regs));
    return NULL;
}

void run_register_tests(void)
{
    thread_test("TCB0011", write_then_read);
    thread_test("TCB0012", written_registers_reach_the_thread);
    thread_test("TCB0013", read_a_blocked_thread);
    thread_test("TCB0014", copy_registers);
    thread_test("TCB0015", register_call_checks);
}
