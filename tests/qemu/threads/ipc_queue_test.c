/* Endpoint queues: MCS orders blocked senders and receivers by priority, FIFO within a priority
   (§12.3); deleting an endpoint restarts its queued threads (§12.9, §8.7); CancelBadgedSends
   restarts only the senders with the cap's badge, which send again (§12.9, §8.5). */
#include "threadtest.h"

/* Sends once on arg[0] with label arg[1]; out[0] = 1 once the Send returned. */
static void send_once(struct thread *self)
{
    seL4_Send(self->arg[0], seL4_MessageInfo_new(self->arg[1], 0, 0, 0));
    self->out[0] = 1;
}

/* Starts one sender per entry (priority prios[k], badge badges[k], label k) on `ep`, one at a
   time, so that they block in the order of k. */
static const char *queue_senders(seL4_CPtr ep, const seL4_Word *prios, const seL4_Word *badges, unsigned count)
{
    for (unsigned k = 0; k < count; k++) {
        struct thread *t = thread_new("ipc-sender", prios[k], send_once);
        EXPECT_THREAD(t);
        t->arg[0] = badges[k] == 0 ? ep : cap_minted(ep, seL4_AllRights, badges[k]);
        t->arg[1] = k;
        EXPECT_SLOT(t->arg[0]);
        EXPECT_OK(thread_resume(t));
        settle();
    }
    return NULL;
}

/* Six senders blocked in the order 50, 80, 50, 80, 60, 50 are received highest priority first,
   FIFO within a priority: 1, 3, 4, 0, 2, 5 (§12.3). */
static const char *senders_by_priority(void)
{
    static const seL4_Word prios[6] = {50, 80, 50, 80, 60, 50};
    static const seL4_Word badges[6] = {0x100, 0x101, 0x102, 0x103, 0x104, 0x105};
    static const seL4_Word expected[6] = {1, 3, 4, 0, 2, 5};
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    const char *why = queue_senders(ep, prios, badges, 6);
    if (why != NULL) {
        return why;
    }
    for (unsigned j = 0; j < 6; j++) {
        EXPECT_MESSAGE(ep, reply, badges[expected[j]], expected[j], 0, 0);
    }
    return NULL;
}

/* Receives once on arg[0] with reply arg[1]; out[0] = MR0 + 1. */
static void receive_once(struct thread *self)
{
    (void)seL4_Recv(self->arg[0], NULL, self->arg[1]);
    self->out[0] = seL4_GetMR(0) + 1;
}

/* Receivers blocked in the order 30, 70, 30, 70 get the root's messages 0, 1, 2, 3 highest
   priority first, FIFO within a priority (MCS queues every endpoint waiter by priority, §12.3). */
static const char *receivers_by_priority(void)
{
    static const seL4_Word prios[4] = {30, 70, 30, 70};
    static const seL4_Word expected[4] = {2, 0, 3, 1}; /* message each receiver gets */
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(ep);
    struct thread *r[4];
    for (unsigned k = 0; k < 4; k++) {
        r[k] = thread_new("ipc0021", prios[k], receive_once);
        EXPECT_THREAD(r[k]);
        r[k]->arg[0] = ep;
        r[k]->arg[1] = object_new(seL4_ReplyObject);
        EXPECT_SLOT(r[k]->arg[1]);
        EXPECT_OK(thread_resume(r[k]));
        settle();
    }
    for (seL4_Word m = 0; m < 4; m++) {
        seL4_SetMR(0, m);
        seL4_Send(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    }
    settle();
    for (unsigned k = 0; k < 4; k++) {
        EXPECT(r[k]->out[0] == expected[k] + 1, "receiver %u (priority %lu) got message %ld, expected %lu", k,
               prios[k], (long)r[k]->out[0] - 1, expected[k]);
    }
    return NULL;
}

/* Calls arg[0] with label 7; out[0] = 1 + the reply's label, out[1] = its MR0. */
static void call_once(struct thread *self)
{
    seL4_MessageInfo_t info = seL4_Call(self->arg[0], seL4_MessageInfo_new(7, 0, 0, 0));
    self->out[0] = 1 + seL4_MessageInfo_get_label(info);
    self->out[1] = seL4_GetMR(0);
}

/* Deleting an endpoint restarts the threads queued on it (§12.9, §8.7). A restarted Send on the
   now empty slot returns silently, a restarted Call gets InvalidCapability with MR0 = 0 (§12.2),
   a restarted Recv is a cap fault: MissingCapability, 0 bits left, in the receive phase. */
static const char *delete_endpoint_with_queued_threads(void)
{
    seL4_CPtr handler_cap, handler = fault_endpoint(&handler_cap);
    seL4_CPtr senders_ep = object_new(seL4_EndpointObject), receivers_ep = object_new(seL4_EndpointObject);
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(handler && senders_ep && receivers_ep && reply);
    struct thread *sender = thread_new("ipc0022-send", LOW_PRIORITY, send_once);
    struct thread *caller = thread_new("ipc0022-call", LOW_PRIORITY, call_once);
    const struct thread_config config = {.name = "ipc0022-recv", .priority = LOW_PRIORITY, .fault_ep = handler_cap};
    struct thread *receiver = thread_create(&config);
    EXPECT_THREAD(sender && caller && receiver);
    sender->arg[0] = caller->arg[0] = senders_ep;
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = receivers_ep,
                             .a6 = object_new(seL4_ReplyObject), .a7 = (seL4_Word)seL4_SysRecv};
    EXPECT_OK(thread_resume(sender));
    EXPECT_OK(thread_resume(caller));
    EXPECT_OK(thread_start_at(receiver, &regs));
    settle();
    EXPECT(sender->out[0] == 0 && caller->out[0] == 0, "the threads did not block on the endpoint");
    EXPECT_OK(cap_delete(senders_ep));
    EXPECT_OK(cap_delete(receivers_ep));
    settle();
    EXPECT(sender->out[0] == 1, "the restarted Send on the deleted endpoint did not return");
    EXPECT(caller->out[0] == 1 + seL4_InvalidCapability && caller->out[1] == 0,
           "the restarted Call got label %ld, MR0 %lu", (long)caller->out[0] - 1, caller->out[1]);
    EXPECT_MESSAGE(handler, reply, FAULT_BADGE, seL4_Fault_CapFault, 5, (seL4_Word)qt_site_ecall, receivers_ep,
                   1, seL4_MissingCapability, 0);
    return NULL;
}

/* Eight senders blocked in order with badges 1 2 1 3 1 2 1 3 (labels 0..7). CancelBadgedSends on
   the badge-1 cap restarts senders 0, 2, 4, 6; they re-execute their Send and queue again behind
   the others (§12.9). So 1, 3, 5, 7 come first, in order, then 0, 2, 4, 6 in some order. */
static const char *cancel_badged_sends(void)
{
    static const seL4_Word prios[8] = {50, 50, 50, 50, 50, 50, 50, 50};
    static const seL4_Word badges[8] = {1, 2, 1, 3, 1, 2, 1, 3};
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    const char *why = queue_senders(ep, prios, badges, 8);
    if (why != NULL) {
        return why;
    }
    seL4_CPtr badge_one = cap_minted(ep, seL4_AllRights, 1);
    EXPECT_SLOT(badge_one);
    EXPECT_OK(cap_cancel_badged_sends(badge_one));
    for (seL4_Word k = 1; k < 8; k += 2) {
        EXPECT_MESSAGE(ep, reply, badges[k], k, 0, 0);
    }
    seL4_Word seen = 0;
    for (unsigned j = 0; j < 4; j++) {
        settle();
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
        seL4_Word label = seL4_MessageInfo_get_label(info);
        EXPECT(badge == 1 && label % 2 == 0 && label < 8 && (seen & BIT(label)) == 0,
               "message %u after the others: badge 0x%lx, label %lu", j, badge, label);
        seen |= BIT(label);
    }
    EXPECT_NO_MESSAGE(ep, reply);
    return NULL;
}

/* CancelBadgedSends through an unbadged cap (with all rights) does nothing (§8.5): both
   senders stay queued, in order. */
static const char *cancel_with_unbadged_cap(void)
{
    static const seL4_Word prios[2] = {50, 50};
    static const seL4_Word badges[2] = {5, 6};
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    const char *why = queue_senders(ep, prios, badges, 2);
    if (why != NULL) {
        return why;
    }
    EXPECT_OK(cap_cancel_badged_sends(ep));
    EXPECT_MESSAGE(ep, reply, 5, 0, 0, 0);
    EXPECT_MESSAGE(ep, reply, 6, 1, 0, 0);
    EXPECT_NO_MESSAGE(ep, reply);
    return NULL;
}

void run_ipc_queue_tests(void)
{
    thread_test("IPC0020", senders_by_priority);
    thread_test("IPC0021", receivers_by_priority);
    thread_test("IPC0022", delete_endpoint_with_queued_threads);
    thread_test("IPC0023", cancel_badged_sends);
    thread_test("IPC0024", cancel_with_unbadged_cap);
}
