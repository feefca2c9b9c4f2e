/* Capability transfer (§8.3): caps travel only through an endpoint cap with Grant; the receiver
   names one empty slot in its IPC buffer; a cap to the receiving endpoint itself is unwrapped to
   its badge; processing stops at the first cap that cannot be handled, without an error; a
   reply carries caps only through a reply cap with Grant (§8.2). */
#include "threadtest.h"

#define UNRESOLVABLE (BIT(63) | 3) /* fails the root CNode's guard (§6) */
#define NTFN_BADGE 0x33

/* Sends MR0 = 0xca9 on arg[0] with label 1 and arg[1] caps, the cptrs arg[2..4]. */
static void send_with_caps(struct thread *self)
{
    for (seL4_Word i = 0; i < self->arg[1]; i++) {
        seL4_SetCap((int)i, self->arg[2 + i]);
    }
    seL4_SetMR(0, 0xca9);
    seL4_Send(self->arg[0], seL4_MessageInfo_new(1, 0, self->arg[1], 1));
    self->steps++;
}

struct transfer {
    seL4_CPtr ep, reply, ntfn, ntfn_cap, slot;
};

/* An endpoint, a reply object, a notification with a cap badged NTFN_BADGE, an empty slot. */
static const char *transfer_new(struct transfer *x)
{
    x->ep = object_new(seL4_EndpointObject);
    x->reply = object_new(seL4_ReplyObject);
    x->ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(x->ep && x->reply && x->ntfn);
    x->ntfn_cap = cap_minted(x->ntfn, seL4_AllRights, NTFN_BADGE);
    x->slot = slot_alloc();
    EXPECT_SLOT(x->ntfn_cap && x->slot);
    return NULL;
}

/* A sender of `count` caps through `send_cap`, run until it blocks in its Send. */
static const char *start_sender(seL4_CPtr send_cap, seL4_Word count, seL4_CPtr c0, seL4_CPtr c1, seL4_CPtr c2)
{
    struct thread *t = thread_new("xfer-sender", LOW_PRIORITY, send_with_caps);
    EXPECT_THREAD(t);
    t->arg[0] = send_cap;
    t->arg[1] = count;
    t->arg[2] = c0;
    t->arg[3] = c1;
    t->arg[4] = c2;
    EXPECT_OK(thread_resume(t));
    settle();
    return NULL;
}

/* Receives the sender's message into x->slot and checks it: badge, data, extraCaps and the
   capsUnwrapped mask. */
static const char *receive_checked(struct transfer *x, seL4_Word badge, seL4_Word caps, seL4_Word unwrapped)
{
    seL4_SetCapReceivePath(ROOT, x->slot, ROOT_DEPTH);
    seL4_Word got = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(x->ep, &got, x->reply);
    EXPECT(got == badge && seL4_MessageInfo_get_label(info) == 1 && seL4_GetMR(0) == 0xca9,
           "message: badge 0x%lx, label %lu, MR0 0x%lx", got, seL4_MessageInfo_get_label(info), seL4_GetMR(0));
    EXPECT(seL4_MessageInfo_get_extraCaps(info) == caps && seL4_MessageInfo_get_capsUnwrapped(info) == unwrapped,
           "extraCaps %lu, capsUnwrapped 0x%lx; expected %lu, 0x%lx", seL4_MessageInfo_get_extraCaps(info),
           seL4_MessageInfo_get_capsUnwrapped(info), caps, unwrapped);
    return NULL;
}

/* The slot holds a cap to x->ntfn badged NTFN_BADGE: signalling through it sets that badge. */
static const char *slot_holds_the_notification(struct transfer *x)
{
    EXPECT_TAG(x->slot, TAG_NOTIFICATION);
    seL4_Signal(x->slot);
    seL4_Word word = 0;
    seL4_Poll(x->ntfn, &word);
    EXPECT(word == NTFN_BADGE, "the received cap signals 0x%lx", word);
    return NULL;
}

/* With Grant a cap arrives in the receive slot the receiver named (§8.3). */
static const char *grant_transfers_a_cap(void)
{
    struct transfer x;
    TRY(transfer_new(&x));
    seL4_CPtr send_cap = cap_minted(x.ep, seL4_AllRights, 1);
    EXPECT_SLOT(send_cap);
    TRY(start_sender(send_cap, 1, x.ntfn_cap, 0, 0));
    TRY(receive_checked(&x, 1, 1, 0));
    TRY(slot_holds_the_notification(&x));
    return NULL;
}

/* Without Grant only the data travels: extraCaps 0, the slot stays empty, no error (§8.3). */
static const char *no_grant_data_only(void)
{
    struct transfer x;
    TRY(transfer_new(&x));
    seL4_CPtr send_cap = cap_minted(x.ep, seL4_CapRights_new(1, 0, 1, 1), 2);
    EXPECT_SLOT(send_cap);
    TRY(start_sender(send_cap, 1, x.ntfn_cap, 0, 0));
    TRY(receive_checked(&x, 2, 0, 0));
    EXPECT_TAG(x.slot, TAG_NULL);
    return NULL;
}

/* A cap to the receiving endpoint is unwrapped: its badge in caps_or_badges[0], bit 0 of
   capsUnwrapped, nothing in the slot (§8.3). */
static const char *same_endpoint_unwrapped(void)
{
    struct transfer x;
    TRY(transfer_new(&x));
    seL4_CPtr send_cap = cap_minted(x.ep, seL4_AllRights, 3), carried = cap_minted(x.ep, seL4_AllRights, 0x5a);
    EXPECT_SLOT(send_cap && carried);
    TRY(start_sender(send_cap, 1, carried, 0, 0));
    TRY(receive_checked(&x, 3, 1, 1));
    EXPECT(seL4_GetBadge(0) == 0x5a, "the unwrapped badge is 0x%lx", seL4_GetBadge(0));
    EXPECT_TAG(x.slot, TAG_NULL);
    return NULL;
}

/* Caps are processed in order and processing stops at the first that cannot be handled (§8.3):
   [own endpoint, notification, notification] gives extraCaps 2 (one slot only), mask 0b001;
   [notification, own endpoint] gives extraCaps 2, mask 0b010. */
static const char *several_caps_in_order(void)
{
    struct transfer x;
    TRY(transfer_new(&x));
    seL4_CPtr send_cap = cap_minted(x.ep, seL4_AllRights, 4), carried = cap_minted(x.ep, seL4_AllRights, 0x5b);
    seL4_CPtr other_ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(send_cap && carried && other_ntfn);
    TRY(start_sender(send_cap, 3, carried, x.ntfn_cap, other_ntfn));
    TRY(receive_checked(&x, 4, 2, 1));
    EXPECT(seL4_GetBadge(0) == 0x5b, "the unwrapped badge is 0x%lx", seL4_GetBadge(0));
    TRY(slot_holds_the_notification(&x));
    EXPECT_OK(cap_delete(x.slot));
    TRY(start_sender(send_cap, 2, x.ntfn_cap, carried, 0));
    TRY(receive_checked(&x, 4, 2, 2));
    EXPECT(seL4_GetBadge(1) == 0x5b, "the unwrapped badge is 0x%lx", seL4_GetBadge(1));
    TRY(slot_holds_the_notification(&x));
    return NULL;
}

/* An occupied receive slot takes nothing: the data arrives with extraCaps 0 and the slot keeps
   its cap (§8.3: no error to either side). */
static const char *full_receive_slot(void)
{
    struct transfer x;
    TRY(transfer_new(&x));
    seL4_CPtr send_cap = cap_minted(x.ep, seL4_AllRights, 5), other_ntfn = object_new(seL4_NotificationObject);
    EXPECT_SLOT(send_cap && other_ntfn);
    EXPECT_OK(cap_mint(x.slot, other_ntfn, seL4_AllRights, 0x66));
    TRY(start_sender(send_cap, 1, x.ntfn_cap, 0, 0));
    TRY(receive_checked(&x, 5, 0, 0));
    seL4_Signal(x.slot);
    seL4_Word word = 0;
    seL4_Poll(other_ntfn, &word);
    EXPECT(word == 0x66, "the occupied slot's cap was replaced (its notification got 0x%lx)", word);
    return NULL;
}

/* An extra cap whose cptr cannot be resolved aborts a blocking Send with a CapFault in the send
   phase (§8.3): Addr = that cptr, InRecvPhase 0, GuardMismatch; nothing is delivered. */
static const char *unresolvable_extra_cap_faults(void)
{
    struct transfer x;
    struct fault_handler h;
    TRY(transfer_new(&x));
    TRY(fault_handler_new(&h));
    seL4_CPtr send_cap = cap_minted(x.ep, seL4_AllRights, 6);
    EXPECT_SLOT(send_cap);
    const struct thread_config config = {.name = "xfer0006", .priority = LOW_PRIORITY, .fn = send_with_caps,
                                         .fault_ep = h.badged};
    struct thread *t = thread_create(&config);
    EXPECT_THREAD(t);
    t->arg[0] = send_cap;
    t->arg[1] = 1;
    t->arg[2] = UNRESOLVABLE;
    EXPECT_OK(thread_resume(t));
    settle();
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_NBRecv(h.ep, &badge, h.reply);
    EXPECT(badge == FAULT_BADGE && seL4_MessageInfo_get_label(info) == seL4_Fault_CapFault,
           "fault message: badge 0x%lx, label %lu", badge, seL4_MessageInfo_get_label(info));
    EXPECT_MR(seL4_CapFault_Addr, UNRESOLVABLE);
    EXPECT_MR(seL4_CapFault_InRecvPhase, 0);
    EXPECT_MR(seL4_CapFault_LookupFailureType, seL4_GuardMismatch);
    EXPECT_NO_MESSAGE(x.ep, x.reply);
    return NULL;
}

/* Receives on arg[0] with reply arg[1] forever and answers each with cap arg[2], replying
   through arg[3] the first time and arg[4] the second. */
static void reply_with_cap(struct thread *self)
{
    for (;;) {
        (void)seL4_Recv(self->arg[0], NULL, self->arg[1]);
        seL4_SetCap(0, self->arg[2]);
        seL4_Send(self->arg[3 + self->steps % 2], seL4_MessageInfo_new(0, 0, 1, 0));
        self->steps++;
    }
}

/* A reply carries a cap when sent through a reply cap with Grant (a new reply object's cap has
   it); through a copy without Grant only the message arrives (§8.2). */
static const char *cap_in_a_reply(void)
{
    struct transfer x;
    TRY(transfer_new(&x));
    seL4_CPtr no_grant = slot_alloc(), second_slot = slot_alloc();
    EXPECT_SLOT(no_grant && second_slot);
    EXPECT_OK(cap_copy(no_grant, x.reply, seL4_CapRights_new(1, 0, 1, 1)));
    struct thread *server = thread_new("xfer0007", LOW_PRIORITY, reply_with_cap);
    EXPECT_THREAD(server);
    server->arg[0] = x.ep;
    server->arg[1] = x.reply;
    server->arg[2] = x.ntfn_cap;
    server->arg[3] = x.reply;
    server->arg[4] = no_grant;
    EXPECT_OK(thread_resume(server));
    settle();
    seL4_SetCapReceivePath(ROOT, x.slot, ROOT_DEPTH);
    seL4_MessageInfo_t info = seL4_Call(x.ep, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT(seL4_MessageInfo_get_extraCaps(info) == 1, "a reply through the reply cap brought %lu caps",
           seL4_MessageInfo_get_extraCaps(info));
    TRY(slot_holds_the_notification(&x));
    seL4_SetCapReceivePath(ROOT, second_slot, ROOT_DEPTH);
    info = seL4_Call(x.ep, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT(seL4_MessageInfo_get_extraCaps(info) == 0, "a reply through a reply cap without Grant brought %lu caps",
           seL4_MessageInfo_get_extraCaps(info));
    EXPECT_TAG(second_slot, TAG_NULL);
    return NULL;
}

void run_transfer_tests(void)
{
    thread_test("XFER0001", grant_transfers_a_cap);
    thread_test("XFER0002", no_grant_data_only);
    thread_test("XFER0003", same_endpoint_unwrapped);
    thread_test("XFER0004", several_caps_in_order);
    thread_test("XFER0005", full_receive_slot);
    thread_test("XFER0006", unresolvable_extra_cap_faults);
    thread_test("XFER0007", cap_in_a_reply);
}
