/* IPC rights, with seL4's exact reactions (§12.1, §12.2, §12.8, §8.1): Send without Write is
   dropped, Call without Write gets InvalidCapability, Recv without Read is a cap fault, Call
   without Grant and GrantReply gets no reply; an MCS Recv needs a reply cap. */
#include "threadtest.h"

#define WRITE_LESS seL4_CapRights_new(1, 1, 1, 0)

/* Receives on arg[0] with reply arg[1] forever; out[n] = badge << 16 | label of message n. */
static void receive_and_log(struct thread *self)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_Recv(self->arg[0], &badge, self->arg[1]);
        self->out[self->steps % 8] = badge << 16 | seL4_MessageInfo_get_label(info);
        self->steps++;
    }
}

static struct thread *waiting_receiver(const char *name, seL4_CPtr ep)
{
    struct thread *t = thread_new(name, LOW_PRIORITY, receive_and_log);
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    if (t == NULL || reply == 0) {
        return NULL;
    }
    t->arg[0] = ep;
    t->arg[1] = reply;
    return thread_resume(t) == seL4_NoError ? t : NULL;
}

/* Send and NBSend through an endpoint cap without Write are ignored: no message, no block, no
   error, no fault (§12.1). A later Send with Write is the first message the receiver sees. */
static const char *send_without_write_dropped(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(ep);
    seL4_CPtr no_write = cap_minted(ep, WRITE_LESS, 0x11), full = cap_minted(ep, seL4_AllRights, 0x22);
    EXPECT_SLOT(no_write && full);
    struct thread *t = waiting_receiver("ipc0010", ep);
    EXPECT_THREAD(t);
    settle();
    seL4_Send(no_write, seL4_MessageInfo_new(1, 0, 0, 0));
    seL4_NBSend(no_write, seL4_MessageInfo_new(2, 0, 0, 0));
    settle();
    EXPECT(t->steps == 0, "a message sent without Write arrived (0x%lx)", t->out[0]);
    seL4_Send(full, seL4_MessageInfo_new(3, 0, 0, 0));
    settle();
    EXPECT(t->steps == 1 && t->out[0] == (0x22 << 16 | 3), "after the Send with Write: %lu messages, 0x%lx",
           t->steps, t->out[0]);
    return NULL;
}

/* Call through an endpoint cap without Write gets an error reply, InvalidCapability with MR0 = 0,
   and nothing reaches the waiting receiver (§12.1, §3.1). */
static const char *call_without_write_refused(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    EXPECT_SLOT(ep);
    seL4_CPtr no_write = cap_minted(ep, WRITE_LESS, 0x11);
    EXPECT_SLOT(no_write);
    struct thread *t = waiting_receiver("ipc0011", ep);
    EXPECT_THREAD(t);
    settle();
    seL4_SetMR(0, 0x77);
    seL4_MessageInfo_t info = seL4_Call(no_write, seL4_MessageInfo_new(5, 0, 0, 1));
    EXPECT(seL4_MessageInfo_get_label(info) == seL4_InvalidCapability && seL4_MessageInfo_get_length(info) == 1,
           "Call without Write got label %lu, length %lu", seL4_MessageInfo_get_label(info),
           seL4_MessageInfo_get_length(info));
    EXPECT_MR(0, 0);
    settle();
    EXPECT(t->steps == 0, "the receiver got the Call made without Write");
    return NULL;
}

/* A thread started at qt_site_ecall with a0 = src, a6 = reply, a7 = Recv, faults to `fault_ep`. */
static struct thread *raw_receiver(const char *name, seL4_CPtr fault_ep, seL4_CPtr src, seL4_CPtr reply)
{
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_ecall, .a0 = src, .a6 = reply, .a7 = (seL4_Word)seL4_SysRecv};
    return thread_started_at(name, fault_ep, &regs);
}

/* Recv through an endpoint cap without Read is a cap fault in the receive phase (§8.1, §12.2):
   CapFault message (label 1) with IP = the ecall, Addr = the cptr, InRecvPhase = 1, lookup
   failure MissingCapability with 0 bits left (§8.6, §3.1). */
static const char *recv_without_read_faults(void)
{
    seL4_CPtr handler_cap, handler = fault_endpoint(&handler_cap);
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(handler && ep && reply);
    seL4_CPtr no_read = cap_minted(ep, seL4_NoRead, 0);
    EXPECT_SLOT(no_read);
    struct thread *t = raw_receiver("ipc0012", handler_cap, no_read, object_new(seL4_ReplyObject));
    EXPECT_THREAD(t);
    EXPECT_MESSAGE(handler, reply, FAULT_BADGE, seL4_Fault_CapFault, 5, (seL4_Word)qt_site_ecall, no_read, 1,
                   seL4_MissingCapability, 0);
    return NULL;
}

/* Calls arg[0] with label 7, MR0 = 0xc0de; out[0] = the reply's label, out[1] its MR0. */
static void call_once(struct thread *self)
{
    seL4_SetMR(0, 0xc0de);
    seL4_MessageInfo_t info = seL4_Call(self->arg[0], seL4_MessageInfo_new(7, 0, 0, 1));
    self->out[0] = seL4_MessageInfo_get_label(info);
    self->out[1] = seL4_GetMR(0);
    self->steps++;
}

/* Call through caps with Write plus: nothing else, GrantReply, Grant. The message arrives each
   time; only with Grant or GrantReply does the caller get the reply, else it is made inactive
   and the reply object has no caller (§8.2, §12.8). */
static const char *call_without_grant_gets_no_reply(void)
{
    static const struct {
        seL4_Word grant_reply, grant, replied;
    } cases[] = {{0, 0, 0}, {1, 0, 1}, {0, 1, 1}};
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(ep && reply);
    for (seL4_Word k = 0; k < 3; k++) {
        seL4_CapRights_t rights = seL4_CapRights_new(cases[k].grant_reply, cases[k].grant, 1, 1);
        struct thread *t = thread_new("ipc0013", LOW_PRIORITY, call_once);
        EXPECT_THREAD(t);
        t->arg[0] = cap_minted(ep, rights, 0x30 + k);
        EXPECT_SLOT(t->arg[0]);
        EXPECT_OK(thread_resume(t));
        EXPECT_MESSAGE(ep, reply, 0x30 + k, 7, 1, 0xc0de);
        const seL4_Word answer = 0xa115;
        reply_with(reply, 9, 1, &answer);
        settle();
        if (cases[k].replied) {
            EXPECT(t->steps == 1 && t->out[0] == 9 && t->out[1] == answer,
                   "case %lu: the caller got label %lu, MR0 0x%lx (steps %lu)", k, t->out[0], t->out[1], t->steps);
        } else {
            EXPECT(t->steps == 0, "a Call without Grant or GrantReply got a reply (label %lu)", t->out[0]);
        }
    }
    return NULL;
}

/* An MCS Recv whose reply argument is not a reply cap is a cap fault in the receive phase with
   Addr = that cptr (§12.2). Only label, IP, Addr and InRecvPhase are checked. */
static const char *recv_needs_a_reply_cap(void)
{
    seL4_CPtr handler_cap, handler = fault_endpoint(&handler_cap);
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    EXPECT_SLOT(handler && ep && reply);
    struct thread *t = raw_receiver("ipc0014", handler_cap, ep, ep);
    EXPECT_THREAD(t);
    settle();
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(handler, &badge, reply);
    EXPECT(badge == FAULT_BADGE && seL4_MessageInfo_get_label(info) == seL4_Fault_CapFault,
           "fault message: badge 0x%lx, label %lu", badge, seL4_MessageInfo_get_label(info));
    EXPECT_MR(seL4_CapFault_IP, (seL4_Word)qt_site_ecall);
    EXPECT_MR(seL4_CapFault_Addr, ep);
    EXPECT_MR(seL4_CapFault_InRecvPhase, 1);
    return NULL;
}

void run_ipc_rights_tests(void)
{
    thread_test("IPC0010", send_without_write_dropped);
    thread_test("IPC0011", call_without_write_refused);
    thread_test("IPC0012", recv_without_read_faults);
    thread_test("IPC0013", call_without_grant_gets_no_reply);
    thread_test("IPC0014", recv_needs_a_reply_cap);
}
