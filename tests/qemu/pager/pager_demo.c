/* A user-level pager (issue 5's demonstration): a client in its own address space touches
   1,000 pages of an unmapped heap; every first touch is a VM fault sent to the pager (the root
   task), which takes a frame from untyped, maps it (making page tables as needed) and replies,
   and the client's access restarts. The client then checks every page kept what it wrote. */
#include <stdio.h>

#include <sel4/sel4.h>

#include "../threads/threadtest.h"

#define HEAP 0x40000000ul /* a 1 GiB-aligned region: its tables are made on demand too */
#define PAGES 1000
#define CLIENT_PRIORITY 100

static volatile seL4_Word client_result;        /* 1 = every page verified */
static volatile seL4_Word fault_instructions;   /* instret spent in the faulting touches */

static inline seL4_Word instret(void)
{
    seL4_Word count;
    __asm__ volatile("rdinstret %0" : "=r"(count));
    return count;
}

static void client(struct thread *self)
{
    (void)self;
    seL4_Word spent = 0;
    for (seL4_Word i = 0; i < PAGES; i++) {
        volatile seL4_Word *page = (volatile seL4_Word *)(HEAP + i * 4096);
        seL4_Word before = instret();
        page[0] = i * 0x9e3779b97f4a7c15ul; /* faults: the pager maps a frame */
        spent += instret() - before;
        page[511] = ~i;
    }
    seL4_Word good = 1;
    for (seL4_Word i = 0; i < PAGES; i++) {
        volatile seL4_Word *page = (volatile seL4_Word *)(HEAP + i * 4096);
        good &= page[0] == i * 0x9e3779b97f4a7c15ul && page[511] == ~i;
    }
    fault_instructions = spent;
    client_result = good;
}

/* Maps a fresh frame at `address`, making the page tables the walk reports missing. */
static const char *page_in(seL4_CPtr vspace, seL4_CPtr untyped, seL4_Word address)
{
    seL4_CPtr frame = new_object(untyped, seL4_RISCV_4K_Page, 0);
    if (frame == 0) {
        return "out of memory for frames";
    }
    for (;;) {
        seL4_Error error = seL4_RISCV_Page_Map(frame, vspace, address & ~0xffful, seL4_ReadWrite,
                                               seL4_RISCV_Default_VMAttributes);
        if (error == seL4_NoError) {
            return NULL;
        }
        if (error != seL4_FailedLookup) {
            return "Page_Map failed";
        }
        seL4_CPtr table = new_object(untyped, seL4_RISCV_PageTableObject, 0);
        if (table == 0 || seL4_RISCV_PageTable_Map(table, vspace, address, seL4_RISCV_Default_VMAttributes) !=
                              seL4_NoError) {
            return "could not add a page table";
        }
    }
}

static const char *pager(void)
{
    struct fault_handler handler;
    TRY(fault_handler_new(&handler));
    seL4_CPtr vspace = program_vspace();
    seL4_CPtr memory = untyped_alloc(23); /* 8 MiB: 1,000 frames and their tables */
    const struct thread_config config = {.name = "pager-client", .priority = CLIENT_PRIORITY,
                                         .fn = client, .fault_ep = handler.badged};
    struct thread *t = thread_create(&config);
    if (vspace == 0 || memory == 0 || t == NULL) {
        return "could not set up the client";
    }
    if (seL4_TCB_SetSpace(t->tcb, handler.badged, seL4_CapInitThreadCNode, 0, vspace, 0) != seL4_NoError ||
        thread_resume(t) != seL4_NoError) {
        return "could not start the client in its address space";
    }
    seL4_Word faults = 0, badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(handler.ep, &badge, handler.reply);
    for (;;) {
        if (seL4_MessageInfo_get_label(info) != seL4_Fault_VMFault) {
            break; /* the client finished (its thread suspended itself) or faulted otherwise */
        }
        seL4_Word address = seL4_GetMR(seL4_VMFault_Addr);
        if (address < HEAP || address >= HEAP + PAGES * 4096ul) {
            return "a fault outside the heap";
        }
        const char *problem = page_in(vspace, memory, address);
        if (problem != NULL) {
            return problem;
        }
        faults++;
        if (faults == PAGES) {
            /* The last page: answer, then wait for the client to finish its checks. */
            seL4_Send(handler.reply, seL4_MessageInfo_new(0, 0, 0, 0));
            settle();
            break;
        }
        info = seL4_ReplyRecv(handler.ep, seL4_MessageInfo_new(0, 0, 0, 0), &badge, handler.reply);
    }
    if (faults != PAGES) {
        return "the pager did not see one fault per page";
    }
    if (client_result != 1) {
        return "a page lost what the client wrote";
    }
    printf("BENCH vm_fault_roundtrip=%lu\n", (unsigned long)(fault_instructions / PAGES));
    return NULL;
}

int main(void)
{
    printf("pager demonstration: %d pages\n", PAGES);
    objtest_init();
    threadtest_init();
    thread_test("PAGER0001", pager);
    report_alive("PAGER0002", "the pager demonstration");
    return 0;
}
