/* IPC messages: every length 0..120 in both directions and both orders (receiver blocked first,
   or sender blocked first), content, label and badge delivered (§8.1, §2); lengths above 120
   clamped; no IPC buffer, no buffer words; NBSend with no receiver dropped, NBRecv with no
   sender returning badge 0. */
#include "threadtest.h"

#define LENGTHS (seL4_MsgMaxLength + 1ul)
#define SENDER_BADGE 0x5eed
#define LENGTH_LABEL(length) (0x100 + (length))

/* Why a received message of round `round` and `length` words is wrong, as a number (0: right):
   1 badge, 2 label, 3 length, 4 caps fields, 100 + i MR i, 300 + i buffer word i overwritten. The
   receiver filled its buffer with SENTINEL before receiving: the kernel copies exactly `length`
   words (§8.1), so words from max(length, 4) on must be untouched. */
static seL4_Word message_problem(seL4_Word round, seL4_Word length, seL4_MessageInfo_t info, seL4_Word badge)
{
    if (badge != SENDER_BADGE) {
        return 1;
    }
    if (seL4_MessageInfo_get_label(info) != LENGTH_LABEL(length)) {
        return 2;
    }
    if (seL4_MessageInfo_get_length(info) != length) {
        return 3;
    }
    if (seL4_MessageInfo_get_extraCaps(info) != 0 || seL4_MessageInfo_get_capsUnwrapped(info) != 0) {
        return 4;
    }
    for (seL4_Word i = 0; i < length; i++) {
        if (seL4_GetMR((int)i) != pattern(round, length, i)) {
            return 100 + i;
        }
    }
    for (seL4_Word i = length < 4 ? 4 : length; i < seL4_MsgMaxLength; i++) {
        if (seL4_GetMR((int)i) != SENTINEL) {
            return 300 + i;
        }
    }
    return 0;
}

static void fill_sentinels(void)
{
    for (int i = 0; i < seL4_MsgMaxLength; i++) {
        seL4_SetMR(i, SENTINEL);
    }
}

static void send_length(seL4_CPtr ep, seL4_Word round, seL4_Word length)
{
    fill_message(round, length);
    seL4_Send(ep, seL4_MessageInfo_new(LENGTH_LABEL(length), 0, 0, length));
}

/* Sends every length once, in order, on arg[0]; out[0] is the length it is about to send. */
static void send_every_length(struct thread *self)
{
    for (seL4_Word length = 0; length < LENGTHS; length++) {
        self->out[0] = length;
        send_length(self->arg[0], self->arg[1], length);
    }
}

/* The root receives lengths 0..120; `sender_first` lets the sender block in Send before each
   Recv, else the root blocks in Recv first and the sender finds it waiting. */
static const char *root_receives_every_length(seL4_Word round, int sender_first)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *t = thread_new(sender_first ? "ipc0002" : "ipc0001", LOW_PRIORITY, send_every_length);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    t->arg[0] = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    t->arg[1] = round;
    EXPECT_SLOT(t->arg[0]);
    EXPECT_OK(thread_resume(t));
    for (seL4_Word length = 0; length < LENGTHS; length++) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info;
        fill_sentinels();
        if (sender_first) {
            settle();
            EXPECT(t->out[0] == length, "the sender is at length %lu, not %lu", t->out[0], length);
            info = seL4_NBRecv(ep, &badge, reply);
            EXPECT(badge != 0, "length %lu: the blocked sender's message was not there", length);
        } else {
            info = seL4_Recv(ep, &badge, reply);
        }
        seL4_Word problem = message_problem(round, length, info, badge);
        EXPECT(problem == 0, "length %lu: problem %lu (1 badge, 2 label, 3 length, 4 caps, 100+i MR i, "
               "300+i word i overwritten); got badge 0x%lx, label %lu, length %lu", length, problem, badge,
               seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info));
    }
    return NULL;
}

static const char *every_length_receiver_first(void)
{
    return root_receives_every_length(1, 0);
}

static const char *every_length_sender_first(void)
{
    return root_receives_every_length(2, 1);
}

/* Receives 2 x 121 messages on arg[0] with reply arg[1], checking each like the root does; out[0]
   counts problems, out[1] is the first bad message's number, out[2] its problem. */
static void receive_every_length(struct thread *self)
{
    for (seL4_Word k = 0; k < 2 * LENGTHS; k++) {
        seL4_Word badge = 0;
        fill_sentinels();
        seL4_MessageInfo_t info = seL4_Recv(self->arg[0], &badge, self->arg[1]);
        seL4_Word problem = message_problem(self->arg[2], k / 2, info, badge);
        if (problem != 0 && self->out[0]++ == 0) {
            self->out[1] = k;
            self->out[2] = problem;
        }
        self->steps++;
    }
}

/* A thread receives from the root, every length twice: first blocked in Recv before the root's
   Send, then with the root's Send blocked before its Recv. */
static const char *thread_receives_every_length(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *t = thread_new("ipc0003", LOW_PRIORITY, receive_every_length);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr send_cap = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    EXPECT_SLOT(send_cap);
    t->arg[0] = ep;
    t->arg[1] = reply;
    t->arg[2] = 3;
    EXPECT_OK(thread_resume(t));
    for (seL4_Word length = 0; length < LENGTHS; length++) {
        settle(); /* the receiver checks the last message and blocks in Recv */
        EXPECT(t->steps == 2 * length, "the receiver took %lu messages, not %lu", t->steps, 2 * length);
        send_length(send_cap, 3, length);
        send_length(send_cap, 3, length); /* the receiver has not run: the root blocks in Send */
    }
    settle();
    EXPECT(t->steps == 2 * LENGTHS, "the receiver took %lu of %lu messages", t->steps, 2 * LENGTHS);
    EXPECT(t->out[0] == 0, "%lu bad messages; the first, of length %lu (%s), had problem %lu", t->out[0],
           t->out[1] / 2, t->out[1] % 2 == 0 ? "receiver first" : "sender first", t->out[2]);
    return NULL;
}

/* Sends one message per entry of the caps in arg[0..3], label 0x40 + k, MR0 = 0x4000 + k. */
static void send_through_caps(struct thread *self)
{
    static const seL4_Word labels[4] = {0x777, 1, 0xfffffffffffff, 0x123};
    for (int k = 0; k < 4; k++) {
        seL4_SetMR(0, 0x4000 + (seL4_Word)k);
        seL4_Send(self->arg[k], seL4_MessageInfo_new(labels[k], 0, 0, 1));
    }
}

/* The receiver gets the badge of the sender's cap (0 when unbadged, any 64-bit value) and the
   label unchanged, up to the full 52 bits (§8.1, §2.1, §3.2 seL4_BadgeBits = 64). */
static const char *label_and_badge_delivered(void)
{
    static const seL4_Word labels[4] = {0x777, 1, 0xfffffffffffff, 0x123};
    static const seL4_Word badges[4] = {0, 1, 0xfedcba9876543210, 1ul << 63};
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *t = thread_new("ipc0004", LOW_PRIORITY, send_through_caps);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    for (int k = 0; k < 4; k++) {
        t->arg[k] = badges[k] == 0 ? ep : cap_minted(ep, seL4_AllRights, badges[k]);
        EXPECT_SLOT(t->arg[k]);
    }
    EXPECT_OK(thread_resume(t));
    for (int k = 0; k < 4; k++) {
        settle();
        seL4_Word badge = 0xbad;
        seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
        EXPECT(badge == badges[k] && seL4_MessageInfo_get_label(info) == labels[k] &&
                   seL4_MessageInfo_get_length(info) == 1 && seL4_GetMR(0) == 0x4000 + (seL4_Word)k,
               "message %d: badge 0x%lx, label 0x%lx, length %lu, MR0 0x%lx", k, badge,
               seL4_MessageInfo_get_label(info), seL4_MessageInfo_get_length(info), seL4_GetMR(0));
    }
    return NULL;
}

/* Receives on arg[0] with reply arg[1] forever; out[n] = label << 16 | MR0 of message n. */
static void receive_and_log(struct thread *self)
{
    for (;;) {
        seL4_MessageInfo_t info = seL4_Recv(self->arg[0], NULL, self->arg[1]);
        self->out[self->steps % 8] = seL4_MessageInfo_get_label(info) << 16 | seL4_GetMR(0);
        self->steps++;
    }
}

/* NBSend with nobody receiving drops the message silently (§8.1); with a receiver waiting it
   is delivered like a Send. */
static const char *nbsend_without_receiver_dropped(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *t = thread_new("ipc0005", LOW_PRIORITY, receive_and_log);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    t->arg[0] = ep;
    t->arg[1] = reply;
    seL4_SetMR(0, 0xd1);
    seL4_NBSend(ep, seL4_MessageInfo_new(1, 0, 0, 1));
    EXPECT_OK(thread_resume(t));
    settle();
    EXPECT(t->steps == 0, "the receiver got a message sent with NBSend before it waited (0x%lx)", t->out[0]);
    seL4_SetMR(0, 0xd2);
    seL4_NBSend(ep, seL4_MessageInfo_new(2, 0, 0, 1));
    settle();
    EXPECT(t->steps == 1 && t->out[0] == (2 << 16 | 0xd2), "NBSend to a waiting receiver: %lu messages, 0x%lx",
           t->steps, t->out[0]);
    return NULL;
}

/* Sends one message on arg[0]: label 9, MR0 = 0x99. */
static void send_once(struct thread *self)
{
    seL4_SetMR(0, 0x99);
    seL4_Send(self->arg[0], seL4_MessageInfo_new(9, 0, 0, 1));
    self->steps++;
}

/* NBRecv with no sender returns at once with badge 0 (§8.1, §11); with a sender blocked it
   takes the message and the sender continues. */
static const char *nbrecv_without_sender(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *t = thread_new("ipc0006", LOW_PRIORITY, send_once);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    seL4_Word badge = 0xbad;
    (void)seL4_NBRecv(ep, &badge, reply);
    EXPECT(badge == 0, "NBRecv on an idle endpoint returned badge 0x%lx", badge);
    t->arg[0] = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    EXPECT_SLOT(t->arg[0]);
    EXPECT_OK(thread_resume(t));
    EXPECT_MESSAGE(ep, reply, SENDER_BADGE, 9, 1, 0x99);
    settle();
    EXPECT(t->steps == 1, "the sender did not continue after NBRecv took its message");
    badge = 0xbad;
    (void)seL4_NBRecv(ep, &badge, reply);
    EXPECT(badge == 0, "a second NBRecv returned badge 0x%lx", badge);
    return NULL;
}

/* Sends 120 pattern words with length field 127 (the 7-bit maximum). */
static void send_length_127(struct thread *self)
{
    fill_message(7, seL4_MsgMaxLength);
    seL4_Send(self->arg[0], seL4_MessageInfo_new(LENGTH_LABEL(seL4_MsgMaxLength), 0, 0, 127));
}

/* A length above 120 is clamped to 120 (§2.1). */
static const char *length_above_120_clamped(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *t = thread_new("ipc0007", LOW_PRIORITY, send_length_127);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    t->arg[0] = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    EXPECT_SLOT(t->arg[0]);
    EXPECT_OK(thread_resume(t));
    settle();
    seL4_Word badge = 0;
    fill_sentinels();
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
    seL4_Word problem = message_problem(7, seL4_MsgMaxLength, info, badge);
    EXPECT(problem == 0, "problem %lu (3: length %lu)", problem, seL4_MessageInfo_get_length(info));
    return NULL;
}

/* Without an IPC buffer (libsel4's ...WithMRs stubs need none): receives once on arg[0]; out[0]
   = length, out[1..4] = MR0..MR3. Then sends 10 words on arg[2] (only MR0..MR3 exist). */
static void bufferless_receive_then_send(struct thread *self)
{
    seL4_Word mr[4] = {0, 0, 0, 0};
    seL4_MessageInfo_t info = seL4_RecvWithMRs(self->arg[0], NULL, self->arg[1], &mr[0], &mr[1], &mr[2], &mr[3]);
    self->out[0] = seL4_MessageInfo_get_length(info);
    for (int i = 0; i < 4; i++) {
        self->out[1 + i] = mr[i];
        mr[i] = pattern(8, 10, (seL4_Word)i);
    }
    seL4_SendWithMRs(self->arg[2], seL4_MessageInfo_new(LENGTH_LABEL(10), 0, 0, 10), &mr[0], &mr[1], &mr[2], &mr[3]);
}

/* With no IPC buffer on one side only MR0..MR3 (registers) travel and the delivered length is 4
   (§2.1, §8.1: length = words actually copied), in both directions. */
static const char *no_ipc_buffer_four_words(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    const struct thread_config config = {.name = "ipc0008", .priority = LOW_PRIORITY,
                                         .fn = bufferless_receive_then_send, .options = THREAD_NO_IPC_BUFFER};
    struct thread *t = thread_create(&config);
    EXPECT_THREAD(t);
    EXPECT_SLOT(ep && reply);
    seL4_CPtr send_cap = cap_minted(ep, seL4_AllRights, SENDER_BADGE);
    EXPECT_SLOT(send_cap);
    t->arg[0] = ep;
    t->arg[1] = object_new(seL4_ReplyObject);
    t->arg[2] = send_cap;
    EXPECT_SLOT(t->arg[1]);
    EXPECT_OK(thread_resume(t));
    settle();
    send_length(send_cap, 8, 10);
    settle();
    EXPECT(t->out[0] == 4, "a receiver without IPC buffer got length %lu of 10", t->out[0]);
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT(t->out[1 + i] == pattern(8, 10, i), "MR%lu arrived as 0x%lx", i, t->out[1 + i]);
    }
    fill_sentinels();
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(ep, &badge, reply);
    EXPECT(badge == SENDER_BADGE && seL4_MessageInfo_get_length(info) == 4,
           "from a sender without IPC buffer: badge 0x%lx, length %lu (expected 4)", badge,
           seL4_MessageInfo_get_length(info));
    for (seL4_Word i = 0; i < 4; i++) {
        EXPECT_MR((int)i, pattern(8, 10, i));
    }
    EXPECT(seL4_GetMR(4) == SENTINEL, "buffer word 4 was written: 0x%lx", seL4_GetMR(4));
    return NULL;
}

void run_ipc_message_tests(void)
{
    thread_test("IPC0001", every_length_receiver_first);
    thread_test("IPC0002", every_length_sender_first);
    thread_test("IPC0003", thread_receives_every_length);
    thread_test("IPC0004", label_and_badge_delivered);
    thread_test("IPC0005", nbsend_without_receiver_dropped);
    thread_test("IPC0006", nbrecv_without_sender);
    thread_test("IPC0007", length_above_120_clamped);
    thread_test("IPC0008", no_ipc_buffer_four_words);
}
