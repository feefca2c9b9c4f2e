/* Lab 4's student process (not edited by students): it sets up libut and its own cspace, calls
   your server_init, starts a second thread running your server_run, and answers the tests'
   control requests (lab4.h) in the first. The tests then act as clients: they Call the server's
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
#define TABLE_PAGES 16           /* libut's table for untypeds spanning up to 10 MiB */
#define MAP_BASE 0x2000000000ul  /* where the server thread's IPC buffer is mapped (128 GiB) */
#define STACK_BYTES 16384
#define TLS_ALIGN 64ul
#define BUDGET_US 1000

static cspace_t own;             /* this process's own CSpace: its one root CNode */
static server_t server;
static int init_error = -1;
static char table[TABLE_PAGES * PAGE_BYTES] __attribute__((aligned(4096)));
static char stack[STACK_BYTES] __attribute__((aligned(TLS_ALIGN)));

/* The root CNode as a one-level cspace: the free slots are those of bootinfo's empty range that
   are really empty (the endpoint to the harness sits at a fixed slot). */
static void describe_own(const seL4_BootInfo *bi)
{
    own.root_cnode = seL4_CapInitThreadCNode;
    own.two_level = false;
    own.top_bits = CSPACE_NODE_BITS;
    own.bitmap[0] = own.bitmap[1] = ~0ul;
    for (seL4_CPtr slot = bi->empty.start; slot < bi->empty.end && slot < CSPACE_NODE_SLOTS; slot++) {
        if (slot != seL4_CapNull && slot != STUDENT_ENDPOINT && seL4_DebugCapIdentify(slot) == 0) {
            own.bitmap[slot / 64] &= ~(1ul << (slot % 64));
        }
    }
}

/* libut over the 4 KiB untypeds bootinfo lists. */
static bool set_up_ut(const seL4_BootInfo *bi)
{
    ut_region_t region = {~0ul, 0};
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (!desc->isDevice && desc->sizeBits == seL4_PageBits) {
            region.start = desc->paddr < region.start ? desc->paddr : region.start;
            region.end = desc->paddr + PAGE_BYTES > region.end ? desc->paddr + PAGE_BYTES : region.end;
        }
    }
    size_t pages = ut_pages_for_region(region);
    if (pages == 0 || pages > TABLE_PAGES) {
        printf("lab4: cannot set up libut: untypeds span %lu bytes\n", region.end - region.start);
        return false;
    }
    ut_init(table, region);
    for (seL4_CPtr cap = bi->untyped.start; cap < bi->untyped.end; cap++) {
        const seL4_UntypedDesc *desc = &bi->untypedList[cap - bi->untyped.start];
        if (!desc->isDevice && desc->sizeBits == seL4_PageBits) {
            ut_add_untyped_range(desc->paddr, cap, 1, false);
        }
    }
    return true;
}

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

/* Maps a frame at MAP_BASE, with the page tables the walk lacks. */
static void *map(seL4_CPtr frame)
{
    for (int tables = 0; tables <= 2; tables++) {
        seL4_Error error = seL4_RISCV_Page_Map(frame, seL4_CapInitThreadVSpace, MAP_BASE, seL4_ReadWrite,
                                               seL4_RISCV_Default_VMAttributes);
        if (error == seL4_NoError) {
            return (void *)MAP_BASE;
        }
        seL4_CPtr table_cap = error == seL4_FailedLookup ? object(seL4_RISCV_PageTableObject, seL4_PageBits, 0)
                                                         : seL4_CapNull;
        if (table_cap == seL4_CapNull || seL4_RISCV_PageTable_Map(table_cap, seL4_CapInitThreadVSpace, MAP_BASE,
                                                                  seL4_RISCV_Default_VMAttributes) != seL4_NoError) {
            return NULL;
        }
    }
    return NULL;
}

/* The server thread: your loop; should it ever return, every request gets LAB4_RETURNED so the
   tests say so instead of waiting. */
static void server_thread(void)
{
    server_run(&server);
    printf("lab4: server_run returned\n");
    seL4_Word badge = 0;
    (void)seL4_Recv(server.endpoint, &badge, server.reply);
    for (;;) {
        (void)seL4_ReplyRecv(server.endpoint, seL4_MessageInfo_new(LAB4_RETURNED, 0, 0, 0), &badge, server.reply);
    }
}

/* A second thread in this process (same CSpace and VSpace) running server_thread. */
static bool start_server_thread(const seL4_BootInfo *bi)
{
    seL4_CPtr tcb = object(seL4_TCBObject, seL4_TCBBits, 0);
    seL4_CPtr sc = object(seL4_SchedContextObject, seL4_MinSchedContextBits, seL4_MinSchedContextBits);
    seL4_CPtr ipc_frame = object(seL4_RISCV_4K_Page, seL4_PageBits, 0);
    seL4_IPCBuffer *ipc = ipc_frame != seL4_CapNull ? map(ipc_frame) : NULL;
    if (tcb == seL4_CapNull || sc == seL4_CapNull || ipc == NULL) {
        return false;
    }
    seL4_Word tls_bytes = (sel4runtime_tls_size() + TLS_ALIGN - 1) & ~(TLS_ALIGN - 1);
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)server_thread;
    regs.sp = ((seL4_Word)stack + STACK_BYTES) & ~15ul;
    regs.tp = sel4runtime_init_thread_tls(stack, tls_bytes, ipc); /* TLS at the stack's bottom */
    __asm__("mv %0, gp" : "=r"(regs.gp));
    seL4_DebugNameThread(tcb, "server");
    return seL4_SchedControl_ConfigureFlags(bi->schedcontrol.start, sc, BUDGET_US, BUDGET_US, 0, 0, 0) ==
               seL4_NoError &&
           seL4_TCB_Configure(tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, MAP_BASE, ipc_frame) ==
               seL4_NoError &&
           seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, STUDENT_PRIORITY, STUDENT_PRIORITY, sc,
                                   seL4_CapNull) == seL4_NoError &&
           seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs) == seL4_NoError;
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
    describe_own(bi);
    if (set_up_ut(bi)) {
        init_error = server_init(&server, &own) == 0 ? 0 : 1;
        if (init_error == 0 && !start_server_thread(bi)) {
            printf("lab4: cannot start the server's thread\n");
            init_error = 2;
        }
    }
    student_serve(handle);
}
