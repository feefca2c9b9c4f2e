/* test-threads-fastpath: the IPC fastpath changes nothing a program can see (issue 4, point 8).
   The same root task runs on the kernel with the fastpath and on the kernel without it
   (test-threads-fastpath-slowpath); each test folds everything it observes (messages, badges,
   labels, every register after each Call, and the order in which threads ran) into a digest
   printed as `TRACE <test> <digest>`. tests/qemu/compare_traces.py then requires the two runs'
   traces to be identical. The exchanges sit on both sides of every fastpath condition (length
   4 and 5, extra caps, a server with its own time, a queued equal, another address space), so
   both kernels also take the general path for part of them. FASTPATH0001 checks, by counting
   instructions (the manifest runs QEMU with -icount), that the fastpath kernel really takes it. */
#include <stdio.h>

#include "threadtest.h"

#define SERVER_PRIORITY 150
#define ROUNDS 40

static seL4_Word digest;
static seL4_Word sequence[64];
static volatile seL4_Word sequence_length;

static void mix(seL4_Word value)
{
    digest = (digest ^ value) * 0x100000001b3ul + 0x9e3779b97f4a7c15ul;
}

static void note_step(seL4_Word who)
{
    if (sequence_length < 64) {
        sequence[sequence_length] = who;
    }
    sequence_length = sequence_length + 1;
}

/* Registers after a Call made by qt_call_checked: t0..t6, s2..s11, a0..a6 (23 words). */
#define CHECKED_WORDS 24
extern void qt_call_checked(seL4_CPtr dest, seL4_Word info, seL4_Word mr0, seL4_Word mr1, seL4_Word mr2,
                            seL4_Word mr3, seL4_Word *out);
/* Sets t0..t6 and s2..s11 to patterns, Calls with a0..a5 as given, then stores those registers
   and a0..a6 at out (a6 carries out through the syscall, which must preserve it). */
__asm__(".text\n"
        ".globl qt_call_checked\n"
        "qt_call_checked:\n"
        "  addi sp, sp, -96\n"
        "  sd s2, 0(sp); sd s3, 8(sp); sd s4, 16(sp); sd s5, 24(sp); sd s6, 32(sp)\n"
        "  sd s7, 40(sp); sd s8, 48(sp); sd s9, 56(sp); sd s10, 64(sp); sd s11, 72(sp)\n"
        "  li t0, 0x7005; li t1, 0x7006; li t2, 0x7007; li t3, 0x7028; li t4, 0x7029\n"
        "  li t5, 0x7030; li t6, 0x7031\n"
        "  li s2, 0x5018; li s3, 0x5019; li s4, 0x5020; li s5, 0x5021; li s6, 0x5022\n"
        "  li s7, 0x5023; li s8, 0x5024; li s9, 0x5025; li s10, 0x5026; li s11, 0x5027\n"
        "  li a7, -1\n"
        "  ecall\n"
        "  sd t0, 0(a6); sd t1, 8(a6); sd t2, 16(a6); sd t3, 24(a6); sd t4, 32(a6)\n"
        "  sd t5, 40(a6); sd t6, 48(a6); sd s2, 56(a6); sd s3, 64(a6); sd s4, 72(a6)\n"
        "  sd s5, 80(a6); sd s6, 88(a6); sd s7, 96(a6); sd s8, 104(a6); sd s9, 112(a6)\n"
        "  sd s10, 120(a6); sd s11, 128(a6); sd a0, 136(a6); sd a1, 144(a6); sd a2, 152(a6)\n"
        "  sd a3, 160(a6); sd a4, 168(a6); sd a5, 176(a6); sd a6, 184(a6)\n"
        "  ld s2, 0(sp); ld s3, 8(sp); ld s4, 16(sp); ld s5, 24(sp); ld s6, 32(sp)\n"
        "  ld s7, 40(sp); ld s8, 48(sp); ld s9, 56(sp); ld s10, 64(sp); ld s11, 72(sp)\n"
        "  addi sp, sp, 96\n"
        "  ret\n");

/* Answers each Call: label + 1, the same length (at most 4 in registers), words transformed;
   records what it received. arg[0] endpoint, arg[1] reply object. */
static void echo_server(struct thread *self)
{
    seL4_Word badge = 0, mr0 = 0, mr1 = 0, mr2 = 0, mr3 = 0;
    seL4_MessageInfo_t info = seL4_RecvWithMRs(self->arg[0], &badge, self->arg[1], &mr0, &mr1, &mr2, &mr3);
    for (;;) {
        note_step(0x5e);
        self->out[0] = badge;
        self->out[1] = info.words[0];
        self->out[2] = mr0 ^ mr1 ^ mr2 ^ mr3;
        self->steps = self->steps + 1;
        seL4_Word length = seL4_MessageInfo_get_length(info);
        seL4_MessageInfo_t answer =
            seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) + 1, 0, 0, length > 4 ? 4 : length);
        mr0 = ~mr0;
        mr1 = mr1 + 3;
        mr2 = mr2 ^ badge;
        mr3 = mr3 * 7;
        info = seL4_ReplyRecvWithMRs(self->arg[0], answer, &badge, &mr0, &mr1, &mr2, &mr3, self->arg[1]);
    }
}

/* A thread that only records that it ran, at the server's priority. */
static void bystander(struct thread *self)
{
    note_step(0xb5);
    self->steps = self->steps + 1;
}

static void mix_registers(const seL4_Word *regs)
{
    for (int i = 0; i < CHECKED_WORDS; i++) {
        mix(regs[i]);
    }
}

/* ROUNDS Calls of every length 0..5 and several labels and infos through `ep` (badged caps
   from `badged`), folding the replies, every register and the server's view into the digest. */
static void exchange(struct thread *server, seL4_CPtr ep, seL4_Word badge)
{
    seL4_CPtr badged = badge != 0 ? cap_minted(ep, seL4_AllRights, badge) : ep;
    for (seL4_Word round = 0; round < ROUNDS; round++) {
        seL4_Word length = round % 6;
        /* capsUnwrapped bits set by the sender must not reach the receiver. */
        seL4_Word info = seL4_MessageInfo_new(round * 0x1234567ul, round % 5 == 4 ? 7 : 0, 0, length).words[0];
        seL4_Word regs[CHECKED_WORDS];
        seL4_SetMR(4, round * 11); /* the fifth word, for length 5 */
        qt_call_checked(badged, info, pattern(round, length, 0), pattern(round, length, 1),
                        pattern(round, length, 2), pattern(round, length, 3), regs);
        note_step(0xc1);
        mix_registers(regs);
        mix(server->out[0]);
        mix(server->out[1]);
        mix(server->out[2]);
    }
}

static struct thread *passive_server(seL4_CPtr ep, seL4_CPtr reply, seL4_CPtr vspace)
{
    struct thread *server = thread_new("echo", SERVER_PRIORITY, echo_server);
    if (server == NULL) {
        return NULL;
    }
    server->arg[0] = ep;
    server->arg[1] = reply;
    if (vspace != 0 &&
        seL4_TCB_SetSpace(server->tcb, seL4_CapNull, seL4_CapInitThreadCNode, 0, vspace, 0) != seL4_NoError) {
        return NULL;
    }
    if (thread_resume(server) != seL4_NoError) {
        return NULL;
    }
    settle();
    return seL4_SchedContext_Unbind(server->sc) == seL4_NoError ? server : NULL;
}

static void print_trace(const char *name)
{
    printf("SEQ %s:", name);
    for (seL4_Word i = 0; i < sequence_length && i < 16; i++) {
        printf(" %lx", (unsigned long)sequence[i]);
    }
    printf("\n");
    for (seL4_Word i = 0; i < sequence_length && i < 64; i++) {
        mix(sequence[i]);
    }
    mix(sequence_length);
    printf("TRACE %s %016lx\n", name, (unsigned long)digest);
    digest = 0;
    sequence_length = 0;
}

static const char *same_address_space(void)
{
    sequence_length = 0;
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *server = passive_server(ep, reply, 0);
    if (ep == 0 || reply == 0 || server == NULL) {
        return "could not set up a passive server";
    }
    exchange(server, ep, 0);
    exchange(server, ep, 0x77);
    print_trace("same-as");
    return NULL;
}

static const char *other_address_space(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    seL4_CPtr vspace = program_vspace();
    struct thread *server = passive_server(ep, reply, vspace);
    if (ep == 0 || reply == 0 || vspace == 0 || server == NULL) {
        return "could not set up a passive server in another address space";
    }
    exchange(server, ep, 0x1234);
    print_trace("cross-as");
    return NULL;
}

/* A server with its own scheduling context is not passive: the general path in both kernels. */
static const char *active_server(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *server = thread_new("active-echo", SERVER_PRIORITY, echo_server);
    if (ep == 0 || reply == 0 || server == NULL) {
        return "could not set up the server";
    }
    server->arg[0] = ep;
    server->arg[1] = reply;
    if (thread_resume(server) != seL4_NoError) {
        return "could not start the server";
    }
    settle();
    exchange(server, ep, 5);
    print_trace("active-server");
    return NULL;
}

/* A runnable thread at the server's priority: after the Call the scheduler runs it first (it
   was queued earlier), so the fastpath must step aside; the order of steps shows it. */
static const char *queued_equal(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *server = passive_server(ep, reply, 0);
    if (ep == 0 || reply == 0 || server == NULL) {
        return "could not set up a passive server";
    }
    struct thread *others[4];
    for (int i = 0; i < 4; i++) {
        others[i] = thread_new("bystander", SERVER_PRIORITY, bystander);
        if (others[i] == NULL) {
            return "could not set up the bystanders";
        }
    }
    /* No capability changes from here on: the fastpath's views of both threads stay fresh. */
    seL4_Word regs[CHECKED_WORDS];
    qt_call_checked(ep, seL4_MessageInfo_new(9, 0, 0, 1).words[0], 1, 2, 3, 4, regs);
    sequence_length = 0;
    for (int round = 0; round < 4; round++) {
        struct thread *other = others[round];
        /* Above the bystander, the root only queues it; it runs when the root blocks. */
        thread_resume(other);
        note_step(0xca);
        qt_call_checked(ep, seL4_MessageInfo_new(9, 0, 0, 1).words[0], 1, 2, 3, 4, regs);
        note_step(0xc1);
        mix_registers(regs);
        mix(other->steps);
    }
    print_trace("queued-equal");
    return NULL;
}

/* The fastpath keeps each thread's last Call capability, and ReplyRecv endpoint and reply
   object, decoded (FastpathView): Calls alternate between three caps to one endpoint with
   different badges, with no capability change in between; then a slot the cache knows is
   emptied and refilled with another badge. Every badge, reply and register goes into the
   digest. */
static const char *cached_capabilities(void)
{
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *server = passive_server(ep, reply, 0);
    if (ep == 0 || reply == 0 || server == NULL) {
        return "could not set up a passive server";
    }
    seL4_CPtr caps[3] = {ep, cap_minted(ep, seL4_AllRights, 0x11), cap_minted(ep, seL4_AllRights, 0x22)};
    if (caps[1] == 0 || caps[2] == 0) {
        return "could not mint the badged caps";
    }
    seL4_Word regs[CHECKED_WORDS];
    for (seL4_Word round = 0; round < 12; round++) {
        qt_call_checked(caps[round % 3], seL4_MessageInfo_new(round, 0, 0, 1).words[0], round, 0, 0, 0, regs);
        mix_registers(regs);
        mix(server->out[0]);
        mix(server->out[1]);
    }
    /* The same slot, another badge. */
    if (cap_delete(caps[1]) != seL4_NoError || cap_mint(caps[1], ep, seL4_AllRights, 0x33) != seL4_NoError) {
        return "could not refill the slot";
    }
    for (seL4_Word round = 0; round < 4; round++) {
        qt_call_checked(caps[1 + round % 2], seL4_MessageInfo_new(round, 0, 0, 2).words[0], round, round, 0, 0, regs);
        mix_registers(regs);
        mix(server->out[0]);
    }
    print_trace("cached-caps");
    return NULL;
}

/* The fastpath kernel takes it: a one-word round trip to a passive server costs well under the
   general path's ~2,000 instructions there, and well over its ~400 on the kernel without it. */
static const char *path_taken(void)
{
    seL4_BootInfo *bi = bootinfo();
    seL4_QuokkaBootStats *stats = (seL4_QuokkaBootStats *)((seL4_Word)bi + 4096);
    int fastpath = (stats->config & seL4_QuokkaConfig_Fastpath) != 0;
    seL4_CPtr ep = object_new(seL4_EndpointObject), reply = object_new(seL4_ReplyObject);
    struct thread *server = passive_server(ep, reply, 0);
    if (ep == 0 || reply == 0 || server == NULL) {
        return "could not set up a passive server";
    }
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, 1);
    seL4_Word mr0 = 1;
    for (int i = 0; i < 10; i++) {
        seL4_CallWithMRs(ep, info, &mr0, NULL, NULL, NULL);
    }
    seL4_Word start, end;
    __asm__ volatile("rdinstret %0" : "=r"(start));
    for (int i = 0; i < 100; i++) {
        seL4_CallWithMRs(ep, info, &mr0, NULL, NULL, NULL);
    }
    __asm__ volatile("rdinstret %0" : "=r"(end));
    seL4_Word per_call = (end - start) / 100;
    if (fastpath && per_call >= 1200) {
        return fail_at(__LINE__, "the fastpath kernel took %lu instructions per round trip", per_call);
    }
    if (!fastpath && per_call < 1200) {
        return fail_at(__LINE__, "the kernel without the fastpath took only %lu", per_call);
    }
    return NULL;
}

int main(void)
{
    printf("thread tests: fastpath and general path agree\n");
    objtest_init();
    threadtest_init();
    thread_test("FASTPATH0001", path_taken);
    thread_test("FASTPATH0002", same_address_space);
    thread_test("FASTPATH0003", other_address_space);
    thread_test("FASTPATH0004", active_server);
    thread_test("FASTPATH0005", queued_equal);
    thread_test("FASTPATH0006", cached_capabilities);
    report_alive("THREADS0008", "fastpath");
    return 0;
}
