/* Bound notifications (§8.4, §5.2): a notification bound to a thread reaches it while it waits
   in Recv on an endpoint, whichever comes first; only the bound thread may Wait on it (§12.2);
   BindNotification's checks; UnbindNotification. */
#include "threadtest.h"

#define SIGNAL_BADGE 0x40
#define SENDER_BADGE 0x100

/* Receives on endpoint arg[0] with reply arg[1] forever; out[n] = the badge of message n. */
static void receive_and_log(struct thread *self)
{
    for (;;) {
        seL4_Word badge = 0xbad;
        (void)seL4_Recv(self->arg[0], &badge, self->arg[1]);
        self->out[self->steps % 8] = badge;
        self->steps++;
    }
}

/* A receiver on `ep` with `ntfn` bound to it, not yet resumed. */
static struct thread *bound_receiver(const char *name, seL4_Word priority, seL4_CPtr ep, seL4_CPtr ntfn)
{
    struct thread *t = thread_new(name, priority, receive_and_log);
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    if (t == NULL || reply == 0 || seL4_TCB_BindNotification(t->tcb, ntfn) != seL4_NoError) {
        return NULL;
    }
    t->arg[0] = ep;
    t->arg[1] = reply;
    return t;
}

/* The thread blocks in Recv on its endpoint first; a signal on its bound notification then
   wakes it with the signal's badge (§8.4). Endpoint messages still arrive afterwards. */
static const char *bound_signal_while_in_recv(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ep && ntfn);
    seL4_CPtr signal = cap_minted(ntfn, seL4_AllRights, SIGNAL_BADGE);
    seL4_CPtr send = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    EXPECT_SLOT(signal && send);
    struct thread *t = bound_receiver("ntfn0010", LOW_PRIORITY, ep, ntfn);
    EXPECT_THREAD(t);
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 0, "the receiver did not block in Recv");
    seL4_Signal(signal);
    settle();
    EXPECT(t->steps == 1 && t->out[0] == SIGNAL_BADGE, "after the signal: %lu wake-ups, badge 0x%lx", t->steps,
           t->out[0]);
    seL4_Send(send, seL4_MessageInfo_new(0, 0, 0, 0));
    settle();
    EXPECT(t->steps == 2 && t->out[1] == SENDER_BADGE, "the next endpoint message came with badge 0x%lx", t->out[1]);
    return NULL;
}

/* Sends once on arg[0]. */
static void send_once(struct thread *self)
{
    seL4_Send(self->arg[0], seL4_MessageInfo_new(0, 0, 0, 0));
}

/* The notification is signalled before the thread's Recv, while a sender waits on the endpoint:
   the Recv returns the notification first, the sender's message next (§8.4). */
static const char *bound_signal_before_recv(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ep && ntfn);
    seL4_CPtr signal = cap_minted(ntfn, seL4_AllRights, SIGNAL_BADGE);
    seL4_CPtr send = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    EXPECT_SLOT(signal && send);
    struct thread *sender = thread_new("ntfn0011-send", LOW_PRIORITY + 10, send_once);
    struct thread *t = bound_receiver("ntfn0011", LOW_PRIORITY, ep, ntfn);
    EXPECT_THREAD(sender && t);
    sender->arg[0] = send;
    EXPECT_OK(thread_resume(sender));
    settle();
    seL4_Signal(signal);
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 2, "the receiver woke %lu times, not 2", t->steps);
    EXPECT(t->out[0] == SIGNAL_BADGE && t->out[1] == SENDER_BADGE, "it got badges 0x%lx then 0x%lx", t->out[0],
           t->out[1]);
    return NULL;
}

/* Waits on its bound notification arg[0] once; out[0] = the badge. */
static void wait_once(struct thread *self)
{
    seL4_Word badge = 0xbad;
    seL4_Wait(self->arg[0], &badge);
    self->out[0] = badge;
    self->steps++;
}

/* Only the bound thread may Wait on a bound notification: another thread's Wait is a cap fault
   in the receive phase, MissingCapability with 0 bits left (§12.2, §8.4). */
static const char *wait_on_notification_bound_elsewhere(void)
{
    seL4_CPtr handler_cap, handler = fault_endpoint(&handler_cap);
    seL4_CPtr ntfn = object_new(seL4_NotificationObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(handler && ntfn && reply);
    seL4_CPtr signal = cap_minted(ntfn, seL4_AllRights, 5);
    EXPECT_SLOT(signal);
    struct thread *owner = thread_new("ntfn0012-owner", LOW_PRIORITY, wait_once);
    const struct thread_config config = {.name = "ntfn0012-other", .priority = LOW_PRIORITY, .fault_ep = handler_cap};
    struct thread *other = thread_create(&config);
    EXPECT_THREAD(owner && other);
    EXPECT_OK(seL4_TCB_BindNotification(owner->tcb, ntfn));
    owner->arg[0] = ntfn;
    EXPECT_OK(thread_resume(owner));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = ntfn, .a7 = (seL4_Word)seL4_SysWait};
    EXPECT_OK(thread_start_at(other, &regs));
    EXPECT_MESSAGE(handler, reply, FAULT_BADGE, seL4_Fault_CapFault, 5, (seL4_Word)qt_site_ecall, ntfn, 1,
                   seL4_MissingCapability, 0);
    seL4_Signal(signal);
    settle();
    EXPECT(owner->steps == 1 && owner->out[0] == 5, "the bound thread's Wait returned %lu times, badge 0x%lx",
           owner->steps, owner->out[0]);
    return NULL;
}

static void never_runs(struct thread *self)
{
    (void)self;
}

/* BindNotification is IllegalOperation when the TCB already has one, the notification is bound
   or has waiters, the cap lacks Read or is not a notification; UnbindNotification with none
   bound is IllegalOperation (§5.2). */
static const char *bind_notification_checks(void)
{
    seL4_CPtr n1 = object_new(seL4_NotificationObject), n2 = object_new(seL4_NotificationObject);
    seL4_CPtr busy = object_new(seL4_NotificationObject), ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(n1 && n2 && busy && ep);
    seL4_CPtr write_only = cap_minted(n2, seL4_CanWrite, 0);
    EXPECT_SLOT(write_only);
    struct thread *t1 = thread_new("ntfn0013-a", LOW_PRIORITY, never_runs);
    struct thread *t2 = thread_new("ntfn0013-b", LOW_PRIORITY, never_runs);
    struct thread *waiter = thread_new("ntfn0013-w", LOW_PRIORITY, wait_once);
    EXPECT_THREAD(t1 && t2 && waiter);
    waiter->arg[0] = busy;
    EXPECT_OK(thread_resume(waiter));
    settle();
    EXPECT_OK(seL4_TCB_BindNotification(t1->tcb, n1));
    EXPECT_ERR(seL4_TCB_BindNotification(t1->tcb, n2), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(t2->tcb, n1), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(t2->tcb, busy), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(t2->tcb, write_only), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_BindNotification(t2->tcb, ep), seL4_IllegalOperation);
    EXPECT_ERR(seL4_TCB_UnbindNotification(t2->tcb), seL4_IllegalOperation);
    EXPECT_OK(seL4_TCB_UnbindNotification(t1->tcb));
    EXPECT_OK(seL4_TCB_BindNotification(t2->tcb, n1));
    return NULL;
}

/* After UnbindNotification a signal no longer reaches the thread's Recv: it stays pending on the
   notification (§8.4). */
static const char *unbind_notification(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ep && ntfn);
    seL4_CPtr signal = cap_minted(ntfn, seL4_AllRights, SIGNAL_BADGE);
    EXPECT_SLOT(signal);
    struct thread *t = bound_receiver("ntfn0014", LOW_PRIORITY, ep, ntfn);
    EXPECT_THREAD(t);
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT_OK(seL4_TCB_UnbindNotification(t->tcb));
    seL4_Signal(signal);
    settle();
    EXPECT(t->steps == 0, "a signal reached the Recv after UnbindNotification (badge 0x%lx)", t->out[0]);
    seL4_Word word = 0xbad;
    seL4_Poll(ntfn, &word);
    EXPECT(word == SIGNAL_BADGE, "the unbound notification's word is 0x%lx", word);
    return NULL;
}

void run_bound_tests(void)
{
    thread_test("NTFN0010", bound_signal_while_in_recv);
    thread_test("NTFN0011", bound_signal_before_recv);
    thread_test("NTFN0012", wait_on_notification_bound_elsewhere);
    thread_test("NTFN0013", bind_notification_checks);
    thread_test("NTFN0014", unbind_notification);
}
