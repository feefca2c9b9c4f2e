/* Lab 4's student process (not edited by students): it sets up libut and its own cspace, calls
   your server_init, starts a thread running your server_run (and one that handles its faults),
   and answers the tests' control requests (lab4.h) in the first. The tests then act as clients: they Call the server's
   endpoint through badged copies of its cap. */
#include <cspace.h>
#include <sel4runtime.h>
#include <stdio.h>
#include <string.h>
#include <student.h>
#include <ut.h>

#include "lab4.h"
#include "server.h"

#define PAGE_BYTES (1ul << seL4_PageBits)
#define MAP_BASE 0x2000000000ul  /* where the threads' IPC buffers are mapped (128 GiB) */
#define STACK_BYTES 16384
#define TLS_ALIGN 64ul
#define BUDGET_US 1000

static cspace_t own;             /* this process's own CSpace: its one root CNode */
static server_t server;
static int init_error = -1;
static char server_stack[STACK_BYTES] __attribute__((aligned(TLS_ALIGN)));
static char watcher_stack[STACK_BYTES] __attribute__((aligned(TLS_ALIGN)));

/* One object of `type` from libut in a new slot of the process's cspace, or seL4_CapNull. */
static seL4_CPtr object(seL4_Word type, size_t bits, size_t size_arg)
{
    ut_t *ut = bits == seL4_PageBits ? ut_alloc_4k_untyped(NULL) : ut_alloc(bits, &own);
    seL4_CPtr slot = ut != NULL ? cspace_alloc_slot(&own) : seL4_CapNull;
    if (slot == seL4_CapNull || cspace_untyped_retype(&own, ut->cap, slot, type, size_arg) != seL4_NoError) {
        return seL4_CapNull;
    }
    return slot;
}

/* Maps a frame at `vaddr`, with the page tables the walk lacks. */
static void *map(seL4_CPtr frame, seL4_Word vaddr)
{
    for (int tables = 0; tables <= 2; tables++) {
        seL4_Error error = seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                               seL4_RISCV_Default_VMAttributes);
        if (error == seL4_NoError) {
            return (void *)vaddr;
        }
        seL4_CPtr table_cap = error == seL4_FailedLookup ? object(seL4_RISCV_PageTableObject, seL4_PageBits, 0)
                                                         : seL4_CapNull;
        if (table_cap == seL4_CapNull || seL4_RISCV_PageTable_Map(table_cap, seL4_CapInitThreadVSpace, vaddr,
                                                                  seL4_RISCV_Default_VMAttributes) != seL4_NoError) {
            return NULL;
        }
    }
    return NULL;
}

/* Answers the client whose request the server was serving (if any), then every later request,
   with `status`: the tests then say what happened instead of waiting. */
static void answer_forever(seL4_Word status)
{
    seL4_MessageInfo_t info = seL4_MessageInfo_new(status, 0, 0, 0);
    seL4_NBSend(server.reply, info);
    seL4_Word badge = 0;
    (void)seL4_Recv(server.endpoint, &badge, server.reply);
    for (;;) {
        (void)seL4_ReplyRecv(server.endpoint, info, &badge, server.reply);
    }
}

/* The server's thread: your loop. */
static void server_thread(void)
{
    server_run(&server);
    printf("lab4: server_run returned\n");
    answer_forever(LAB4_RETURNED);
}

/* The server thread's fault handler, in a thread of its own. */
static seL4_CPtr fault_ep, fault_reply;

static void watcher_thread(void)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t fault = seL4_Recv(fault_ep, &badge, fault_reply);
    printf("lab4: the server's thread faulted (fault type %lu, first word 0x%lx)\n", seL4_MessageInfo_get_label(fault),
           seL4_GetMR(0));
    answer_forever(LAB4_FAULTED);
}

/* A thread in this process (same CSpace and VSpace) running `entry` on `stack`, with its IPC
   buffer mapped at `ipc_vaddr` and `fault` as its fault endpoint. */
static bool start_thread(const seL4_BootInfo *bi, const char *name, void (*entry)(void), char *stack_base,
                         seL4_Word ipc_vaddr, seL4_CPtr fault)
{
    seL4_CPtr tcb = object(seL4_TCBObject, seL4_TCBBits, 0);
    seL4_CPtr sc = object(seL4_SchedContextObject, seL4_MinSchedContextBits, seL4_MinSchedContextBits);
    seL4_CPtr ipc_frame = object(seL4_RISCV_4K_Page, seL4_PageBits, 0);
    seL4_IPCBuffer *ipc = ipc_frame != seL4_CapNull ? map(ipc_frame, ipc_vaddr) : NULL;
    if (tcb == seL4_CapNull || sc == seL4_CapNull || ipc == NULL) {
        return false;
    }
    seL4_Word tls_bytes = (sel4runtime_tls_size() + TLS_ALIGN - 1) & ~(TLS_ALIGN - 1);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)entry;
    regs.sp = ((seL4_Word)stack_base + STACK_BYTES) & ~15ul;
    regs.tp = sel4runtime_init_thread_tls(stack_base, tls_bytes, ipc); /* TLS at the stack's bottom */
    __asm__("mv %0, gp" : "=r"(regs.gp));
    seL4_DebugNameThread(tcb, name);
    return seL4_SchedControl_ConfigureFlags(bi->schedcontrol.start, sc, BUDGET_US, BUDGET_US, 0, 0, 0) ==
               seL4_NoError &&
           seL4_TCB_Configure(tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, ipc_vaddr, ipc_frame) ==
               seL4_NoError &&
           seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, STUDENT_PRIORITY, STUDENT_PRIORITY, sc, fault) ==
               seL4_NoError &&
           seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs) == seL4_NoError;
}

/* The watcher first (it must wait on the fault endpoint before the server can fault), then the
   server. */
static bool start_threads(const seL4_BootInfo *bi)
{
    fault_ep = object(seL4_EndpointObject, seL4_EndpointBits, 0);
    fault_reply = object(seL4_ReplyObject, seL4_ReplyBits, 0);
    return fault_ep != seL4_CapNull && fault_reply != seL4_CapNull &&
           start_thread(bi, "watcher", watcher_thread, watcher_stack, MAP_BASE + PAGE_BYTES, seL4_CapNull) &&
           start_thread(bi, "server", server_thread, server_stack, MAP_BASE, fault_ep);
}

static size_t handle(seL4_Word label, seL4_Word *mrs, size_t in_words)
{
    (void)in_words;
    if (label != LAB4_INFO) {
        return 0;
    }
    mrs[0] = (seL4_Word)init_error;
    mrs[1] = server.endpoint;
    return 2;
}

int main(void)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    if (student_set_up_libs(&own)) {
        init_error = server_init(&server, &own) == 0 ? 0 : 1;
        if (init_error == 0 && !start_threads(bi)) {
            printf("lab4: cannot start the server's threads\n");
            init_error = 2;
        }
    }
    student_serve(handle);
}
