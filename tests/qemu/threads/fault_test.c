/* Faults as IPC (§8.6, §12.10, §12.11): a thread with a fault endpoint that hits a cap fault, an
   unknown syscall or a user exception sends a message in seL4's RISC-V MCS format (label = fault
   type, badge = the fault-endpoint cap's badge) and waits for the handler's reply, which resumes
   or restarts it exactly as seL4 does. The root is the handler. Each faulting thread starts at
   a code site of sites.S with registers chosen here. */
#include "threadtest.h"

#define SP_1 0x7f0000001000ul
#define SP_2 0x7f0000002000ul
#define SP_3 0x7f0000003000ul

/* A cptr with bits set above the root CNode's 12 index bits fails its guard (§6, §12.6). */
#define UNRESOLVABLE (BIT(63) | 5)

/* A blocking Send on a cptr that cannot be resolved is a CapFault (§12.2): IP = the ecall, Addr =
   the cptr, InRecvPhase = 0, then the lookup failure: GuardMismatch with 64 bits left, the root's
   guard 0 and guard size 52 (§3.1, §8.6): 7 words. */
static const char *cap_fault_message(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = UNRESOLVABLE, .a7 = (seL4_Word)seL4_SysSend};
    EXPECT_THREAD(thread_started_at("fault0101", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_CapFault, 7, (seL4_Word)qt_site_ecall, UNRESOLVABLE, 0,
                   seL4_GuardMismatch, 64, 0, 52);
    return NULL;
}

/* Any reply to a CapFault restarts the thread at the ecall (§8.6), so the same fault comes
   again, also after a reply with a non-zero label. */
static const char *cap_fault_reply_restarts(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = UNRESOLVABLE, .a7 = (seL4_Word)seL4_SysSend};
    EXPECT_THREAD(thread_started_at("fault0102", h.badged, &regs));
    for (seL4_Word label = 0; label < 2; label++) {
        EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_CapFault, 7, (seL4_Word)qt_site_ecall, UNRESOLVABLE, 0,
                       seL4_GuardMismatch, 64, 0, 52);
        seL4_Send(h.reply, seL4_MessageInfo_new(label, 0, 0, 0));
    }
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_CapFault, 7, (seL4_Word)qt_site_ecall, UNRESOLVABLE, 0,
                   seL4_GuardMismatch, 64, 0, 52);
    return NULL;
}

/* Registers of a thread making an unknown syscall at qt_site_ecall. */
static void unknown_syscall_registers(seL4_UserContext *regs)
{
    *regs = (seL4_UserContext){.pc = (seL4_Word)qt_site_ecall, .ra = 0x2222, .sp = SP_1, .a0 = 0xa0, .a1 = 0xa1,
                               .a2 = 0xa2, .a3 = 0xa3, .a4 = 0xa4, .a5 = 0xa5, .a6 = 0xa6, .a7 = SYSCALL_UNKNOWN};
}

/* UnknownSyscall (label 2, 11 words): FaultIP, SP, RA, a0..a6, the syscall number (§8.6). */
static const char *unknown_syscall_message(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs;
    unknown_syscall_registers(&regs);
    EXPECT_THREAD(thread_started_at("fault0103", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UnknownSyscall, 11, (seL4_Word)qt_site_ecall, SP_1, 0x2222,
                   0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, SYSCALL_UNKNOWN);
    return NULL;
}

/* A label-0 reply to an UnknownSyscall writes its words to FaultIP, SP, RA, a0..a6, as many as
   the reply's length, and the thread continues at the new FaultIP (§8.6, §12.10): MR0 = FaultIP
   + 4 skips the ecall, so the next one reports the new registers; a shorter reply leaves the
   registers it does not reach. */
static const char *unknown_syscall_reply_writes_registers(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs;
    unknown_syscall_registers(&regs);
    EXPECT_THREAD(thread_started_at("fault0104", h.badged, &regs));
    const seL4_Word next = (seL4_Word)qt_site_ecall_next;
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UnknownSyscall, 11, (seL4_Word)qt_site_ecall, SP_1, 0x2222,
                   0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, SYSCALL_UNKNOWN);
    const seL4_Word full[10] = {next, SP_2, 0x3333, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6};
    reply_with(h.reply, 0, 10, full);
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UnknownSyscall, 11, next, SP_2, 0x3333, 0xb0, 0xb1, 0xb2,
                   0xb3, 0xb4, 0xb5, 0xb6, SYSCALL_UNKNOWN);
    const seL4_Word partial[3] = {next, SP_3, 0x4444};
    reply_with(h.reply, 0, 3, partial);
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UnknownSyscall, 11, next, SP_3, 0x4444, 0xb0, 0xb1, 0xb2,
                   0xb3, 0xb4, 0xb5, 0xb6, SYSCALL_UNKNOWN);
    return NULL;
}

/* An empty label-0 reply restarts the thread at the ecall, so the fault repeats unchanged; a
   reply with a non-zero label leaves the thread stopped: no further fault (§12.10). */
static const char *unknown_syscall_restart_or_stop(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs;
    unknown_syscall_registers(&regs);
    EXPECT_THREAD(thread_started_at("fault0105", h.badged, &regs));
    for (int round = 0; round < 2; round++) {
        EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UnknownSyscall, 11, (seL4_Word)qt_site_ecall, SP_1,
                       0x2222, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, SYSCALL_UNKNOWN);
        seL4_Send(h.reply, seL4_MessageInfo_new(round == 0 ? 0 : 1, 0, 0, 0));
    }
    EXPECT_NO_MESSAGE(h.ep, h.reply);
    return NULL;
}

/* An illegal instruction is a UserException (label 3, 4 words): FaultIP, SP, Number = scause 2,
   Code 0 (§8.6, §12.11). An empty reply restarts it (the same fault again); a reply of FaultIP + 4
   and a new SP continues after it, where an ecall reports (as an UnknownSyscall) that new pc
   and SP; a non-zero label then stops the thread. */
static const char *user_exception(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_illegal, .sp = SP_1, .a7 = SYSCALL_UNKNOWN};
    EXPECT_THREAD(thread_started_at("fault0106", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UserException, 4, (seL4_Word)qt_site_illegal, SP_1, 2, 0);
    seL4_Send(h.reply, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UserException, 4, (seL4_Word)qt_site_illegal, SP_1, 2, 0);
    const seL4_Word skip[2] = {(seL4_Word)qt_site_illegal_next, SP_2};
    reply_with(h.reply, 0, 2, skip);
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UnknownSyscall, 11, (seL4_Word)qt_site_illegal_next, SP_2,
                   0, 0, 0, 0, 0, 0, 0, 0, SYSCALL_UNKNOWN);
    seL4_Send(h.reply, seL4_MessageInfo_new(1, 0, 0, 0));
    EXPECT_NO_MESSAGE(h.ep, h.reply);
    return NULL;
}

/* ebreak is a UserException with Number = scause 3 (breakpoint); a non-zero label stops it. */
static const char *breakpoint_exception(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ebreak, .sp = SP_3, .a7 = SYSCALL_UNKNOWN};
    EXPECT_THREAD(thread_started_at("fault0107", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_UserException, 4, (seL4_Word)qt_site_ebreak, SP_3, 3, 0);
    seL4_Send(h.reply, seL4_MessageInfo_new(1, 0, 0, 0));
    EXPECT_NO_MESSAGE(h.ep, h.reply);
    return NULL;
}

void run_fault_tests(void)
{
    thread_test("FAULT0101", cap_fault_message);
    thread_test("FAULT0102", cap_fault_reply_restarts);
    thread_test("FAULT0103", unknown_syscall_message);
    thread_test("FAULT0104", unknown_syscall_reply_writes_registers);
    thread_test("FAULT0105", unknown_syscall_restart_or_stop);
    thread_test("FAULT0106", user_exception);
    thread_test("FAULT0107", breakpoint_exception);
}
