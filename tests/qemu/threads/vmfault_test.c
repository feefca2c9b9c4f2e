/* VM faults as IPC (§8.6, §12.10, §12.11): label 6, 4 words: IP, Addr (stval), PrefetchFault
   (1 for an instruction fetch), FSR = the access-fault cause even for page faults (load 5,
   store 7, fetch 1). Any reply restarts the faulting instruction, so the fault repeats. */
#include "threadtest.h"

#define UNMAPPED 0x40000000ul             /* below the user top, never mapped for the root task */
#define KERNEL_WINDOW 0xffffffc080200000ul /* a kernel address (FAULT0003) */

/* A load from an unmapped address: FSR 5, not a prefetch. A reply with label 0 and one with a
   non-zero label both restart the load, which faults again (§12.10). */
static const char *load_fault(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_load, .t0 = UNMAPPED};
    EXPECT_THREAD(thread_started_at("fault0110", h.badged, &regs));
    for (seL4_Word label = 0; label < 2; label++) {
        EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_VMFault, 4, (seL4_Word)qt_site_load, UNMAPPED, 0, 5);
        seL4_Send(h.reply, seL4_MessageInfo_new(label, 0, 0, 0));
    }
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_VMFault, 4, (seL4_Word)qt_site_load, UNMAPPED, 0, 5);
    return NULL;
}

/* A store to the image's read-only text: FSR 7 (store), Addr = the target. */
static const char *store_fault(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_Word target = (seL4_Word)qt_site_ecall;
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_store, .t0 = target, .t1 = 0x1234};
    EXPECT_THREAD(thread_started_at("fault0111", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_VMFault, 4, (seL4_Word)qt_site_store, target, 0, 7);
    seL4_Send(h.reply, seL4_MessageInfo_new(0, 0, 0, 0));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_VMFault, 4, (seL4_Word)qt_site_store, target, 0, 7);
    return NULL;
}

/* Executing a data word (data is not executable): IP = Addr = its address, PrefetchFault 1,
   FSR 1 (instruction). */
static const char *fetch_fault(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_Word target = (seL4_Word)&qt_data_word;
    seL4_UserContext regs = {.pc = target};
    EXPECT_THREAD(thread_started_at("fault0112", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_VMFault, 4, target, target, 1, 1);
    return NULL;
}

/* A load from a kernel address is a user VM fault like any other: FSR 5, Addr = the address. */
static const char *kernel_address_fault(void)
{
    struct fault_handler h;
    TRY(fault_handler_new(&h));
    seL4_UserContext regs = {.pc = (seL4_Word)qt_site_load, .t0 = KERNEL_WINDOW};
    EXPECT_THREAD(thread_started_at("fault0113", h.badged, &regs));
    EXPECT_MESSAGE(h.ep, h.reply, FAULT_BADGE, seL4_Fault_VMFault, 4, (seL4_Word)qt_site_load, KERNEL_WINDOW, 0, 5);
    return NULL;
}

void run_vmfault_tests(void)
{
    thread_test("FAULT0110", load_fault);
    thread_test("FAULT0111", store_fault);
    thread_test("FAULT0112", fetch_fault);
    thread_test("FAULT0113", kernel_address_fault);
}
