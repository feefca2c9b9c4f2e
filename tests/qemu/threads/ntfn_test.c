/* Notifications (§8.4, §12.4): badges OR-ed into the word, a badge-0 signal still activates,
   Poll, several waiters (one woken per signal, highest priority first), Signal without Write
   dropped, Signal by Call, deletion with waiters. */
#include "threadtest.h"

/* Waits on arg[0] forever; out[n] = the badge of its n-th wake-up. */
static void wait_and_log(struct thread *self)
{
    for (;;) {
        seL4_Word badge = 0xbad;
        seL4_Wait(self->arg[0], &badge);
        self->out[self->steps % 8] = badge;
        self->steps++;
    }
}

static struct thread *waiter_new(const char *name, seL4_Word priority, seL4_CPtr ntfn)
{
    struct thread *t = thread_new(name, priority, wait_and_log);
    if (t == NULL) {
        return NULL;
    }
    t->arg[0] = ntfn;
    return thread_resume(t) == seL4_NoError ? t : NULL;
}

/* Signals through caps badged 0x1, 0x4, 0x10 (and 0x1 again) on an idle notification OR their
   badges into its word; a Wait returns the word at once and leaves it idle (§8.4). */
static const char *badges_ored(void)
{
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ntfn);
    static const seL4_Word badges[4] = {0x1, 0x4, 0x10, 0x1};
    for (int k = 0; k < 4; k++) {
        seL4_CPtr cap = cap_minted(ntfn, seL4_AllRights, badges[k]);
        EXPECT_SLOT(cap);
        seL4_Signal(cap);
    }
    struct thread *t = waiter_new("ntfn0001", LOW_PRIORITY, ntfn);
    EXPECT_THREAD(t);
    settle();
    EXPECT(t->steps == 1 && t->out[0] == 0x15, "Wait returned %lu times, badge 0x%lx", t->steps, t->out[0]);
    seL4_Word word = 0xbad;
    seL4_Poll(ntfn, &word);
    EXPECT(word == 0, "the word after the Wait is 0x%lx", word);
    return NULL;
}

/* A Signal with badge 0 (an unbadged cap) on an idle notification still makes it active with
   word 0: a later Wait returns at once with 0 (§12.4). The next signal's word starts afresh. */
static const char *badge_zero_signal_activates(void)
{
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ntfn);
    seL4_CPtr two = cap_minted(ntfn, seL4_AllRights, 2);
    EXPECT_SLOT(two);
    seL4_Signal(ntfn);
    struct thread *t = waiter_new("ntfn0002", LOW_PRIORITY, ntfn);
    EXPECT_THREAD(t);
    settle();
    EXPECT(t->steps == 1 && t->out[0] == 0, "after a badge-0 signal Wait returned %lu times, badge 0x%lx",
           t->steps, t->out[0]);
    seL4_Signal(two);
    settle();
    EXPECT(t->steps == 2 && t->out[1] == 2, "the next signal gave badge 0x%lx", t->out[1]);
    return NULL;
}

/* Poll (NBWait) returns 0 at once when nothing is pending, else the word, which it clears. */
static const char *poll(void)
{
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ntfn);
    seL4_CPtr eight = cap_minted(ntfn, seL4_AllRights, 8);
    EXPECT_SLOT(eight);
    seL4_Word word = 0xbad;
    seL4_Poll(ntfn, &word);
    EXPECT(word == 0, "Poll of an idle notification gave 0x%lx", word);
    seL4_Signal(eight);
    seL4_Poll(ntfn, &word);
    EXPECT(word == 8, "Poll after a signal gave 0x%lx", word);
    seL4_Poll(ntfn, &word);
    EXPECT(word == 0, "a second Poll gave 0x%lx", word);
    return NULL;
}

/* Four waiters (priorities 40, 60, 40, 60, waiting in that order); four signals with badges 1, 2,
   4, 8 wake one each, highest priority first and FIFO within a priority (§8.4: the head wakes;
   MCS queues waiters by priority, §12.3), each with its signal's badge; nothing is left over. */
static const char *several_waiters(void)
{
    static const seL4_Word prios[4] = {40, 60, 40, 60};
    static const seL4_Word expected[4] = {4, 1, 8, 2};
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ntfn);
    struct thread *w[4];
    for (int k = 0; k < 4; k++) {
        w[k] = waiter_new("ntfn0004", prios[k], ntfn);
        EXPECT_THREAD(w[k]);
        settle();
    }
    for (int k = 0; k < 4; k++) {
        seL4_CPtr cap = cap_minted(ntfn, seL4_AllRights, 1ul << k);
        EXPECT_SLOT(cap);
        seL4_Signal(cap);
    }
    settle();
    for (int k = 0; k < 4; k++) {
        EXPECT(w[k]->steps == 1 && w[k]->out[0] == expected[k],
               "waiter %d (priority %lu) woke %lu times, badge 0x%lx; expected once with 0x%lx", k, prios[k],
               w[k]->steps, w[k]->out[0], expected[k]);
    }
    seL4_Word word = 0xbad;
    seL4_Poll(ntfn, &word);
    EXPECT(word == 0, "a signal was left over: 0x%lx", word);
    return NULL;
}

/* Signal through a cap without Write is ignored (§12.1). A Call on a notification signals it and
   gets an empty reply (§8.4). */
static const char *signal_rights_and_call(void)
{
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(ntfn);
    seL4_CPtr read_only = cap_minted(ntfn, seL4_CanRead, 3), by_call = cap_minted(ntfn, seL4_AllRights, 0x40);
    EXPECT_SLOT(read_only && by_call);
    struct thread *t = waiter_new("ntfn0005", LOW_PRIORITY, ntfn);
    EXPECT_THREAD(t);
    settle();
    seL4_Signal(read_only);
    settle();
    EXPECT(t->steps == 0, "a signal without Write woke the waiter (badge 0x%lx)", t->out[0]);
    EXPECT_OK(seL4_TCB_Suspend(t->tcb));
    seL4_MessageInfo_t info = seL4_Call(by_call, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT(seL4_MessageInfo_get_label(info) == 0 && seL4_MessageInfo_get_length(info) == 0,
           "Call on a notification got label %lu, length %lu", seL4_MessageInfo_get_label(info),
           seL4_MessageInfo_get_length(info));
    seL4_Word word = 0xbad;
    seL4_Poll(ntfn, &word);
    EXPECT(word == 0x40, "after the Call the word is 0x%lx", word);
    return NULL;
}

/* Deleting a notification restarts its waiters; a restarted Wait on the now empty slot is a cap
   fault in the receive phase: MissingCapability, 0 bits left (§12.9, §8.7, §8.6). */
static const char *delete_notification_with_waiters(void)
{
    seL4_CPtr handler_cap, handler = fault_endpoint(&handler_cap);
    seL4_CPtr ntfn = object_new(seL4_NotificationObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(handler && ntfn && reply);
    const struct thread_config config = {.name = "ntfn0006", .priority = LOW_PRIORITY, .fault_ep = handler_cap};
    struct thread *t = thread_create(&config);
    EXPECT_THREAD(t);
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = ntfn, .a7 = (seL4_Word)seL4_SysWait};
    EXPECT_OK(thread_start_at(t, &regs));
    EXPECT_NO_MESSAGE(handler, reply);
    EXPECT_OK(cap_delete(ntfn));
    EXPECT_MESSAGE(handler, reply, FAULT_BADGE, seL4_Fault_CapFault, 5, (seL4_Word)qt_site_ecall, ntfn, 1,
                   seL4_MissingCapability, 0);
    return NULL;
}

void run_ntfn_tests(void)
{
    thread_test("NTFN0001", badges_ored);
    thread_test("NTFN0002", badge_zero_signal_activates);
    thread_test("NTFN0003", poll);
    thread_test("NTFN0004", several_waiters);
    thread_test("NTFN0005", signal_rights_and_call);
    thread_test("NTFN0006", delete_notification_with_waiters);
}
