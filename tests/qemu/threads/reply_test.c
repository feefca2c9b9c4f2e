/* Call and reply with MCS reply objects (§8.2, §10): the server receives with a reply object and
   answers with a Send or NBSend on it, or with ReplyRecv; a reply object without a caller
   ignores replies (§12.7); a passive server runs only on the time its callers donate (§12.15). */
#include "threadtest.h"

#define CLIENT_BADGE 0x77

/* Serves forever on arg[0] with reply arg[1]: answers label + 1 and MR0 + badge, by seL4_Send
   on the reply object (arg[2] = 0), seL4_NBSend (1) or seL4_ReplyRecv (2). Counts requests. */
static void add_badge_server(struct thread *self)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(self->arg[0], &badge, self->arg[1]);
    for (;;) {
        self->steps++;
        seL4_SetMR(0, seL4_GetMR(0) + badge);
        seL4_MessageInfo_t answer = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, 1);
        if (self->arg[2] == 2) {
            info = seL4_ReplyRecv(self->arg[0], answer, &badge, self->arg[1]);
            continue;
        }
        if (self->arg[2] == 1) {
            seL4_NBSend(self->arg[1], answer);
        } else {
            seL4_Send(self->arg[1], answer);
        }
        info = seL4_Recv(self->arg[0], &badge, self->arg[1]);
    }
}

static struct thread *server_new(const char *name, seL4_CPtr ep, seL4_Word options, thread_fn fn)
{
    const struct thread_config config = {.name = name, .priority = LOW_PRIORITY, .fn = fn, .options = options};
    struct thread *t = thread_create(&config);
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    if (t == NULL || reply == 0) {
        return NULL;
    }
    t->arg[0] = ep;
    t->arg[1] = reply;
    return thread_resume(t) == seL4_NoError ? t : NULL;
}

/* The root calls a server that answers with a Send on its reply object, then one that answers
   with NBSend (a legitimate reply, §8.2, §10): each time the root gets label + 1, MR0 + badge, and
   the reply's length 1. */
static const char *call_and_reply(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(ep);
    seL4_CPtr client = cap_minted(ep, seL4_AllRights, CLIENT_BADGE);
    EXPECT_SLOT(client);
    struct thread *server = server_new("ipc0030", ep, THREAD_DEFAULT, add_badge_server);
    EXPECT_THREAD(server);
    for (seL4_Word use_nbsend = 0; use_nbsend < 2; use_nbsend++) {
        server->arg[2] = use_nbsend;
        settle();
        seL4_SetMR(0, 5);
        seL4_MessageInfo_t info = seL4_Call(client, seL4_MessageInfo_new(10, 0, 0, 1));
        EXPECT(seL4_MessageInfo_get_label(info) == 11 && seL4_MessageInfo_get_length(info) == 1,
               "reply by %s: label %lu, length %lu", use_nbsend ? "NBSend" : "Send", seL4_MessageInfo_get_label(info),
               seL4_MessageInfo_get_length(info));
        EXPECT_MR(0, 5 + CLIENT_BADGE);
    }
    EXPECT(server->steps == 2, "the server took %lu requests", server->steps);
    return NULL;
}

/* Receives once, then answers every request with ReplyRecv: label + 1000, the same length,
   each word inverted. */
static void invert_server(struct thread *self)
{
    seL4_MessageInfo_t info = seL4_Recv(self->arg[0], NULL, self->arg[1]);
    for (;;) {
        self->steps++;
        seL4_Word length = seL4_MessageInfo_get_length(info);
        for (seL4_Word i = 0; i < length; i++) {
            seL4_SetMR((int)i, ~seL4_GetMR((int)i));
        }
        seL4_MessageInfo_t answer = seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1000, 0, 0, length);
        info = seL4_ReplyRecv(self->arg[0], answer, NULL, self->arg[1]);
    }
}

/* A ReplyRecv server loop answers Calls of every length 0..120; the replies carry every word
   back (slowpath and, for short messages, fastpath alike, §9). */
static const char *reply_recv_loop(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(ep);
    struct thread *server = server_new("ipc0031", ep, THREAD_DEFAULT, invert_server);
    EXPECT_THREAD(server);
    for (seL4_Word length = 0; length <= seL4_MsgMaxLength; length++) {
        fill_message(31, length);
        seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(length, 0, 0, length));
        EXPECT(seL4_MessageInfo_get_label(info) == length + 1000 && seL4_MessageInfo_get_length(info) == length,
               "length %lu: reply label %lu, length %lu", length, seL4_MessageInfo_get_label(info),
               seL4_MessageInfo_get_length(info));
        for (seL4_Word i = 0; i < length; i++) {
            EXPECT(seL4_GetMR((int)i) == ~pattern(31, length, i), "length %lu: reply MR%lu = 0x%lx", length, i,
                   seL4_GetMR((int)i));
        }
    }
    EXPECT(server->steps == seL4_MsgMaxLength + 1, "the server answered %lu calls", server->steps);
    return NULL;
}

/* A reply object with no caller: Send and NBSend on it do nothing, a Call on it gets an empty
   success reply, label 0 and length 0 (§12.7). */
static const char *reply_without_caller(void)
{
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(reply);
    seL4_SetMR(0, 1);
    seL4_Send(reply, seL4_MessageInfo_new(3, 0, 0, 1));
    seL4_NBSend(reply, seL4_MessageInfo_new(4, 0, 0, 1));
    seL4_MessageInfo_t info = seL4_Call(reply, seL4_MessageInfo_new(5, 0, 0, 2));
    EXPECT(seL4_MessageInfo_get_label(info) == 0 && seL4_MessageInfo_get_length(info) == 0,
           "Call on a reply object without caller: label %lu, length %lu", seL4_MessageInfo_get_label(info),
           seL4_MessageInfo_get_length(info));
    EXPECT_TAG(reply, TAG_REPLY);
    return NULL;
}

/* A passive server (its scheduling context unbound while it waits in ReplyRecv) answers a Call
   on the caller's donated time (§8.2). A plain Send makes it runnable, but it runs only once a
   scheduling context is bound again (§12.15). */
static const char *passive_server(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(ep);
    seL4_CPtr client = cap_minted(ep, seL4_AllRights, CLIENT_BADGE);
    EXPECT_SLOT(client);
    struct thread *server = server_new("ipc0033", ep, THREAD_DEFAULT, add_badge_server);
    EXPECT_THREAD(server);
    server->arg[2] = 2; /* ReplyRecv: a passive server must be back in Recv when its time goes */
    settle();
    EXPECT_OK(seL4_SchedContext_Unbind(server->sc));
    seL4_SetMR(0, 1);
    seL4_MessageInfo_t info = seL4_Call(client, seL4_MessageInfo_new(20, 0, 0, 1));
    EXPECT(seL4_MessageInfo_get_label(info) == 21, "the passive server's reply has label %lu",
           seL4_MessageInfo_get_label(info));
    EXPECT_MR(0, 1 + CLIENT_BADGE);
    seL4_Send(client, seL4_MessageInfo_new(30, 0, 0, 1));
    settle();
    EXPECT(server->steps == 1, "a passive server ran without a scheduling context (steps %lu)", server->steps);
    EXPECT_OK(seL4_SchedContext_Bind(server->sc, server->tcb));
    settle();
    EXPECT(server->steps == 2, "the server did not run once its scheduling context was bound");
    return NULL;
}

void run_reply_tests(void)
{
    thread_test("IPC0030", call_and_reply);
    thread_test("IPC0031", reply_recv_loop);
    thread_test("IPC0032", reply_without_caller);
    thread_test("IPC0033", passive_server);
}
