/* Fault handlers (MCS, §8.6, §12.12): the fault-endpoint cap given to SetSchedParams or SetSpace
   is copied into the TCB; it must be an endpoint cap with Write and Grant or GrantReply; with no
   fault endpoint a faulting thread is suspended and the kernel prints one line saying why (the
   manifest matches that line). */
#include "threadtest.h"

#define UNRESOLVABLE (BIT(63) | 5) /* fails the root CNode's guard (§6) */

static void never_runs(struct thread *self)
{
    (void)self;
}

/* The fault endpoint is a cap copied into the TCB by SetSchedParams: deleting the caller's copy
   afterwards does not stop delivery, with that copy's badge (§12.12). */
static const char *fault_endpoint_copied_into_tcb(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr copy = cap_minted(ep, seL4_AllRights, 0x77);
    EXPECT_SLOT(copy);
    const struct thread_config config = {.name = "fault0120", .priority = LOW_PRIORITY, .fault_ep = copy};
    struct thread *t = thread_create(&config);
    EXPECT_THREAD(t);
    EXPECT_OK(cap_delete(copy));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_illegal, .sp = 0x1000};
    EXPECT_OK(thread_start_at(t, &regs));
    EXPECT_MESSAGE(ep, reply, 0x77, seL4_Fault_UserException, 4, (seL4_Word)qt_site_illegal, 0x1000, 2, 0);
    return NULL;
}

/* SetSpace (MCS) copies its fault-endpoint cap into the TCB too, replacing the one before: the
   fault arrives with the badge of the newest cap (§8.6, §5.2). */
static const char *set_space_sets_fault_endpoint(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr first = cap_minted(ep, seL4_AllRights, 0x78), second = cap_minted(ep, seL4_AllRights, 0x79);
    EXPECT_SLOT(first && second);
    struct thread *t = thread_new("fault0121", LOW_PRIORITY, never_runs);
    EXPECT_THREAD(t);
    EXPECT_OK(seL4_TCB_SetSpace(t->tcb, first, ROOT, 0, seL4_CapInitThreadVSpace, 0));
    EXPECT_OK(seL4_TCB_SetSpace(t->tcb, second, ROOT, 0, seL4_CapInitThreadVSpace, 0));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_illegal, .sp = 0x2000};
    EXPECT_OK(thread_start_at(t, &regs));
    EXPECT_MESSAGE(ep, reply, 0x79, seL4_Fault_UserException, 4, (seL4_Word)qt_site_illegal, 0x2000, 2, 0);
    return NULL;
}

/* A fault endpoint must be an endpoint cap with Write and Grant or GrantReply, or null; any other
   cap is InvalidCapability, numbered as an extra cap (§3.1): SetSpace's fault_ep is cap 1,
   SetSchedParams' is cap 3 (§5.2). */
static const char *invalid_fault_endpoints_refused(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), ntfn = object_new(seL4_NotificationObject);
    seL4_CPtr other_tcb = object_new(seL4_TCBObject), other_sc = object_new(seL4_SchedContextObject);
    EXPECT_SLOT(ep && ntfn && other_tcb && other_sc);
    seL4_CPtr write_only = cap_minted(ep, seL4_CanWrite, 0);
    seL4_CPtr no_write = cap_minted(ep, seL4_NoWrite, 0);
    seL4_CPtr write_grant_reply = cap_minted(ep, seL4_CapRights_new(1, 0, 0, 1), 0);
    EXPECT_SLOT(write_only && no_write && write_grant_reply);
    struct thread *t = thread_new("fault0122", LOW_PRIORITY, never_runs);
    EXPECT_THREAD(t);
    const seL4_CPtr bad[3] = {write_only, no_write, ntfn};
    for (int k = 0; k < 3; k++) {
        EXPECT_ERR(seL4_TCB_SetSpace(t->tcb, bad[k], ROOT, 0, seL4_CapInitThreadVSpace, 0), seL4_InvalidCapability);
        EXPECT_MR(0, 1);
        EXPECT_ERR(seL4_TCB_SetSchedParams(other_tcb, seL4_CapInitThreadTCB, 10, 10, other_sc, bad[k]),
                   seL4_InvalidCapability);
        EXPECT_MR(0, 3);
    }
    EXPECT_OK(seL4_TCB_SetSpace(t->tcb, write_grant_reply, ROOT, 0, seL4_CapInitThreadVSpace, 0));
    EXPECT_OK(seL4_TCB_SetSpace(t->tcb, seL4_CapNull, ROOT, 0, seL4_CapInitThreadVSpace, 0));
    return NULL;
}

/* Without a fault endpoint a faulting thread is suspended, the kernel prints one line naming
   the thread and its pc (the manifest checks it between the markers), and the rest goes on. */
static const char *no_handler(const char *name, seL4_UserContext *regs)
{
    printf("%s begin pc 0x%lx\n", name, regs->pc);
    struct thread *t = thread_started_at(name, 0, regs);
    EXPECT_THREAD(t);
    settle();
    printf("%s end\n", name);
    seL4_UserContext got;
    EXPECT_OK(seL4_TCB_ReadRegisters(t->tcb, 0, 0, 1, &got));
    EXPECT(got.pc == regs->pc, "the thread went on to 0x%lx after its fault", got.pc);
    return NULL;
}

static const char *no_handler_user_exception(void)
{
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_illegal};
    return no_handler("FAULT0123", &regs);
}

static const char *no_handler_cap_fault(void)
{
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = UNRESOLVABLE, .a7 = (seL4_Word)seL4_SysSend};
    return no_handler("FAULT0124", &regs);
}

void run_fault_handler_tests(void)
{
    thread_test("FAULT0120", fault_endpoint_copied_into_tcb);
    thread_test("FAULT0121", set_space_sets_fault_endpoint);
    thread_test("FAULT0122", invalid_fault_endpoints_refused);
    thread_test("FAULT0123", no_handler_user_exception);
    thread_test("FAULT0124", no_handler_cap_fault);
}
