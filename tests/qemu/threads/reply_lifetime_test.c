/* Reply objects over time (§8.2, §12.7): replying twice, replying after the caller was deleted,
   receiving again with a reply object whose caller was never answered, suspending a caller in
   the middle of its Call, deleting the reply object a caller waits on. The root is the server. */
#include "threadtest.h"

#define CLIENT_BADGE 0x88

/* Calls arg[0] again and again, label arg[1] + n for its n-th Call; out[n] = the reply's label. */
static void call_repeatedly(struct thread *self)
{
    for (;;) {
        seL4_MessageInfo_t info = seL4_Call(self->arg[0], seL4_MessageInfo_new(self->arg[1] + self->steps, 0, 0, 0));
        self->out[self->steps % 8] = seL4_MessageInfo_get_label(info);
        self->steps++;
    }
}

static struct thread *client_new(const char *name, seL4_CPtr client_cap, seL4_Word first_label)
{
    struct thread *t = thread_new(name, LOW_PRIORITY, call_repeatedly);
    if (t == NULL) {
        return NULL;
    }
    t->arg[0] = client_cap;
    t->arg[1] = first_label;
    return thread_resume(t) == seL4_NoError ? t : NULL;
}

static void reply_label(seL4_CPtr reply, seL4_Word label)
{
    seL4_Send(reply, seL4_MessageInfo_new(label, 0, 0, 0));
}

/* The second reply through a reply object finds no caller and does nothing (§12.7): the client
   got exactly the first, and its next Call is received normally. */
static const char *reply_twice(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr client_cap = cap_minted(ep, seL4_AllRights, CLIENT_BADGE);
    EXPECT_SLOT(client_cap);
    struct thread *client = client_new("ipc0034", client_cap, 20);
    EXPECT_THREAD(client);
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 20, 0, 0);
    reply_label(reply, 100);
    reply_label(reply, 101);
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 21, 0, 0);
    EXPECT(client->steps == 1 && client->out[0] == 100, "the client got %lu replies, the first with label %lu",
           client->steps, client->out[0]);
    reply_label(reply, 102);
    settle();
    EXPECT(client->steps == 2 && client->out[1] == 102, "the client's second Call got label %lu", client->out[1]);
    return NULL;
}

/* Deleting a caller that waits for its reply leaves the reply object without a caller: the
   reply does nothing, and the object serves the next client (§8.2). */
static const char *reply_after_caller_deleted(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr client_cap = cap_minted(ep, seL4_AllRights, CLIENT_BADGE);
    EXPECT_SLOT(client_cap);
    struct thread *first = client_new("ipc0035-a", client_cap, 30);
    EXPECT_THREAD(first);
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 30, 0, 0);
    EXPECT_OK(cap_delete(first->tcb));
    EXPECT_TAG(first->tcb, TAG_NULL);
    reply_label(reply, 103);
    EXPECT_TAG(reply, TAG_REPLY);
    struct thread *second = client_new("ipc0035-b", client_cap, 40);
    EXPECT_THREAD(second);
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 40, 0, 0);
    reply_label(reply, 104);
    settle();
    EXPECT(second->steps == 1 && second->out[0] == 104, "the next client got label %lu (steps %lu)",
           second->out[0], second->steps);
    return NULL;
}

/* Receiving again with a reply object whose caller was never answered makes that caller
   inactive for good (§12.7): the new caller gets the reply, the old one never does. */
static const char *receive_again_on_unanswered_reply(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr cap_a = cap_minted(ep, seL4_AllRights, 0xa), cap_b = cap_minted(ep, seL4_AllRights, 0xb);
    EXPECT_SLOT(cap_a && cap_b);
    struct thread *a = client_new("ipc0036-a", cap_a, 50);
    EXPECT_THREAD(a);
    EXPECT_MESSAGE(ep, reply, 0xa, 50, 0, 0);
    struct thread *b = client_new("ipc0036-b", cap_b, 60);
    EXPECT_THREAD(b);
    EXPECT_MESSAGE(ep, reply, 0xb, 60, 0, 0);
    reply_label(reply, 105);
    reply_label(reply, 106);
    settle();
    EXPECT(b->steps == 1 && b->out[0] == 105, "the second caller got label %lu (steps %lu)", b->out[0], b->steps);
    EXPECT(a->steps == 0, "the abandoned caller got a reply (label %lu)", a->out[0]);
    EXPECT_MESSAGE(ep, reply, 0xb, 61, 0, 0);
    reply_label(reply, 107);
    settle();
    EXPECT(a->steps == 0, "the abandoned caller ran again");
    return NULL;
}

/* A caller suspended while it waits for its reply leaves the call: the reply object loses it and
   a reply does nothing. Resumed, it re-executes its Call (§1.2 Restart, the message is sent
   again) and gets the next reply. Deleted while queued in its next Call, it leaves the queue. */
static const char *suspend_in_the_middle_of_a_call(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr client_cap = cap_minted(ep, seL4_AllRights, CLIENT_BADGE);
    EXPECT_SLOT(client_cap);
    struct thread *client = client_new("ipc0037", client_cap, 70);
    EXPECT_THREAD(client);
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 70, 0, 0);
    EXPECT_OK(seL4_TCB_Suspend(client->tcb));
    reply_label(reply, 108);
    settle();
    EXPECT(client->steps == 0, "a suspended caller got a reply (label %lu)", client->out[0]);
    EXPECT_OK(seL4_TCB_Resume(client->tcb));
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 70, 0, 0);
    reply_label(reply, 109);
    settle();
    EXPECT(client->steps == 1 && client->out[0] == 109, "the resumed caller got label %lu (steps %lu)",
           client->out[0], client->steps);
    EXPECT_OK(cap_delete(client->tcb));
    EXPECT_NO_MESSAGE(ep, reply);
    return NULL;
}

/* Deleting the reply object a caller waits on detaches the caller: it is made inactive and gets
   no reply (§8.2); resumed, it calls again and is answered through another reply object. */
static const char *delete_reply_object_with_caller(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    seL4_CPtr second_reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply && second_reply);
    seL4_CPtr client_cap = cap_minted(ep, seL4_AllRights, CLIENT_BADGE);
    EXPECT_SLOT(client_cap);
    struct thread *client = client_new("ipc0038", client_cap, 80);
    EXPECT_THREAD(client);
    EXPECT_MESSAGE(ep, reply, CLIENT_BADGE, 80, 0, 0);
    EXPECT_OK(cap_delete(reply));
    settle();
    EXPECT(client->steps == 0, "the caller returned when its reply object was deleted");
    EXPECT_NO_MESSAGE(ep, second_reply);
    EXPECT_OK(seL4_TCB_Resume(client->tcb));
    EXPECT_MESSAGE(ep, second_reply, CLIENT_BADGE, 80, 0, 0);
    reply_label(second_reply, 110);
    settle();
    EXPECT(client->steps == 1 && client->out[0] == 110, "the resumed caller got label %lu", client->out[0]);
    return NULL;
}

void run_reply_lifetime_tests(void)
{
    thread_test("IPC0034", reply_twice);
    thread_test("IPC0035", reply_after_caller_deleted);
    thread_test("IPC0036", receive_again_on_unanswered_reply);
    thread_test("IPC0037", suspend_in_the_middle_of_a_call);
    thread_test("IPC0038", delete_reply_object_with_caller);
}
