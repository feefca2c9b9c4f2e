/* IPC benchmarks, measured from user level: instructions retired per operation (rdinstret,
   exact under qemu -icount shift=0), averaged over ROUNDS after WARMUP, on the release kernel.
   One-word round trips to a passive server take the fastpath (Call, then ReplyRecv); they use
   the register-only calls (seL4_CallWithMRs, seL4_ReplyRecvWithMRs), so the figures are the
   kernel's and the syscall stubs', not copies through the IPC buffer. Ten-word messages, one-way
   sends and notifications take the general path. */
#include <stdio.h>

#include <sel4/sel4.h>

#include "../qemu/threads/threadtest.h"

#define WARMUP 200
#define ROUNDS 10000
#define SERVER_PRIORITY 200
#define CLIENT_PRIORITY 100

/* Answers every Call with the message it got (same length), with ReplyRecv: MR0 in a
   register, the rest (for longer messages) left in the IPC buffer. */
static void echo_server(struct thread *self)
{
    seL4_Word badge, mr0 = 0;
    seL4_MessageInfo_t info = seL4_RecvWithMRs(self->arg[0], &badge, self->arg[1], &mr0, NULL, NULL, NULL);
    for (;;) {
        info = seL4_ReplyRecvWithMRs(self->arg[0], seL4_MessageInfo_new(0, 0, 0, seL4_MessageInfo_get_length(info)),
                                     &badge, &mr0, NULL, NULL, NULL, self->arg[1]);
    }
}

/* Receives forever (one-way messages). */
static void sink(struct thread *self)
{
    seL4_Word badge;
    for (;;) {
        (void)seL4_Recv(self->arg[0], &badge, seL4_CapNull);
    }
}

/* Waits on a notification forever. */
static void waiter(struct thread *self)
{
    seL4_Word badge;
    for (;;) {
        seL4_Wait(self->arg[0], &badge);
    }
}

static seL4_Word measure_calls(seL4_CPtr ep, seL4_Word length)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, length);
    seL4_Word mr0 = 1;
    for (int i = 0; i < WARMUP; i++) {
        seL4_CallWithMRs(ep, info, &mr0, NULL, NULL, NULL);
    }
    seL4_Word start = read_instret();
    for (int i = 0; i < ROUNDS; i++) {
        seL4_CallWithMRs(ep, info, &mr0, NULL, NULL, NULL);
    }
    return (read_instret() - start) / ROUNDS;
}

/* A passive server: started with a scheduling context so it reaches its first Recv, then the
   context is unbound; afterwards it runs only on the time each Call lends it. */
static const char *roundtrips(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    struct thread *server = thread_new("echo-server", SERVER_PRIORITY, echo_server);
    if (ep == 0 || reply == 0 || server == NULL) {
        return "could not set up the echo server";
    }
    server->arg[0] = ep;
    server->arg[1] = reply;
    if (thread_resume(server) != seL4_NoError) {
        return "could not start the echo server";
    }
    settle();
    if (seL4_SchedContext_Unbind(server->sc) != seL4_NoError) {
        return "could not make the echo server passive";
    }
    printf("BENCH ipc_fastpath_roundtrip_same_as=%lu\n", (unsigned long)measure_calls(ep, 1));
    printf("BENCH ipc_slowpath_roundtrip_len10=%lu\n", (unsigned long)measure_calls(ep, 10));
    return NULL;
}

/* The echo server again, but in its own address space. */
static const char *cross_address_space(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    seL4_CPtr reply = object_new(seL4_ReplyObject);
    seL4_CPtr vspace = program_vspace();
    struct thread *server = thread_new("remote-echo", SERVER_PRIORITY, echo_server);
    if (ep == 0 || reply == 0 || vspace == 0 || server == NULL) {
        return "could not set up the server's address space";
    }
    server->arg[0] = ep;
    server->arg[1] = reply;
    if (seL4_TCB_SetSpace(server->tcb, seL4_CapNull, seL4_CapInitThreadCNode, 0, vspace, 0) != seL4_NoError ||
        thread_resume(server) != seL4_NoError) {
        return "could not start the server in its address space";
    }
    settle();
    if (seL4_SchedContext_Unbind(server->sc) != seL4_NoError) {
        return "could not make the server passive";
    }
    printf("BENCH ipc_fastpath_roundtrip=%lu\n", (unsigned long)measure_calls(ep, 1));
    return NULL;
}

static const char *oneway(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject);
    struct thread *receiver = thread_new("sink", SERVER_PRIORITY, sink);
    if (ep == 0 || receiver == NULL) {
        return "could not set up the receiver";
    }
    receiver->arg[0] = ep;
    if (thread_resume(receiver) != seL4_NoError) {
        return "could not start the receiver";
    }
    /* Below the receiver, each Send wakes it; it runs, takes the message and blocks again. */
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, CLIENT_PRIORITY);
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 1);
    for (int i = 0; i < WARMUP; i++) {
        seL4_Send(ep, info);
    }
    seL4_Word start = read_instret();
    for (int i = 0; i < ROUNDS; i++) {
        seL4_Send(ep, info);
    }
    seL4_Word per_message = (read_instret() - start) / ROUNDS;
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, ROOT_PRIORITY);
    printf("BENCH ipc_send_recv_oneway=%lu\n", (unsigned long)per_message);
    return NULL;
}

static const char *signal_wait(void)
{
    seL4_CPtr ntfn = object_new(seL4_NotificationObject);
    struct thread *t = thread_new("waiter", SERVER_PRIORITY, waiter);
    if (ntfn == 0 || t == NULL) {
        return "could not set up the waiter";
    }
    t->arg[0] = ntfn;
    if (thread_resume(t) != seL4_NoError) {
        return "could not start the waiter";
    }
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, CLIENT_PRIORITY);
    for (int i = 0; i < WARMUP; i++) {
        seL4_Signal(ntfn);
    }
    seL4_Word start = read_instret();
    for (int i = 0; i < ROUNDS; i++) {
        seL4_Signal(ntfn);
    }
    seL4_Word per_signal = (read_instret() - start) / ROUNDS;
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, ROOT_PRIORITY);
    printf("BENCH notification_signal_wait=%lu\n", (unsigned long)per_signal);
    return NULL;
}

int main(void)
{
    objtest_init();
    threadtest_init();
    thread_test("BENCH_IPC0001", roundtrips);
    thread_test("BENCH_IPC0002", oneway);
    thread_test("BENCH_IPC0003", signal_wait);
    thread_test("BENCH_IPC0004", cross_address_space);
    return 0;
}
