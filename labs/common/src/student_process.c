/* The student's process of a running test: making it (a VSpace, a one-level CSpace, untypeds
   listed in its own bootinfo, a badged endpoint to the harness, the harness as its fault
   handler), talking to it, and ending it with everything it made. */
#include <stdarg.h>
#include <string.h>

#include <bootstrap.h>
#include <runtime_objects.h>
#include <sel4runtime.h>
#include <stdio.h>

#include "harness.h"
#include "protocol.h"

#define BOOTINFO_VADDR (RUNTIME_PROCESS_STACK_TOP + 2 * 4096ul) /* where process.c maps it */

/* The student's program (linked in with runtime/src/child_image.S). */
extern const char grade_student_elf[];
extern const char grade_student_elf_end[];

seL4_CPtr grade_student_cnode(grade_t *g)
{
    return g->started ? g->process.cspace.root_cnode : seL4_CapNull;
}

/* ---- the student's process --------------------------------------------------------------- */

static void slot_free(seL4_CPtr slot)
{
    if (slot != seL4_CapNull) {
        (void)cspace_revoke(&harness_cspace, slot);
        (void)cspace_delete(&harness_cspace, slot);
        cspace_free_slot(&harness_cspace, slot);
    }
}

/* Ends the student's process and everything it made from its untypeds. */
void student_stop(grade_t *g)
{
    if (!g->started) {
        return;
    }
    if (g->process.tcb != seL4_CapNull) {
        (void)seL4_TCB_Suspend(g->process.tcb);
    }
    /* Revoking an untyped deletes every object the student made from it (threads included). */
    for (size_t i = 0; i < g->untyped_count; i++) {
        (void)cspace_revoke(&harness_cspace, g->untypeds[i]->cap);
        ut_free(g->untypeds[i]);
        g->untypeds[i] = NULL;
    }
    g->untyped_count = 0;
    if (g->device_untyped != seL4_CapNull) {
        (void)cspace_revoke(&harness_cspace, g->device_untyped); /* the copy and all made from it */
        g->device_untyped = seL4_CapNull;
    }
    runtime_process_destroy(&g->process);
    slot_free(g->irq_handler); /* the last handler cap: the interrupt is free again */
    g->irq_handler = seL4_CapNull;
    slot_free(g->fault_endpoint);
    slot_free(g->endpoint);
    ut_free(g->endpoint_ut);
    slot_free(g->reply);
    ut_free(g->reply_ut);
    g->fault_endpoint = g->endpoint = g->reply = seL4_CapNull;
    g->endpoint_ut = g->reply_ut = NULL;
    g->started = false;
    g->waiting = false;
}

/* The student's bootinfo page, in the harness's frame window. */
static seL4_BootInfo *student_bootinfo(grade_t *g)
{
    for (size_t i = 0; i < g->process.page_count; i++) {
        if (g->process.pages[i].vaddr == BOOTINFO_VADDR) {
            return (seL4_BootInfo *)g->process.pages[i].window;
        }
    }
    return NULL;
}

const seL4_BootInfo *grade_student_bootinfo(grade_t *g)
{
    return g->started ? student_bootinfo(g) : NULL;
}

/* Hands out the untypeds and lists them in the student's bootinfo. */
/* The harness's device untyped that holds `paddr` (bootinfo's slot), or seL4_CapNull. */
static seL4_CPtr device_untyped_at(seL4_Word paddr, seL4_UntypedDesc *desc)
{
    const seL4_BootInfo *bi = sel4runtime_bootinfo();
    for (seL4_CPtr slot = bi->untyped.start; slot < bi->untyped.end; slot++) {
        const seL4_UntypedDesc *d = &bi->untypedList[slot - bi->untyped.start];
        if (d->isDevice && d->sizeBits < seL4_WordBits && paddr >= d->paddr && paddr - d->paddr < (1ul << d->sizeBits)) {
            *desc = *d;
            return slot;
        }
    }
    return seL4_CapNull;
}

static bool give_untypeds(grade_t *g, size_t count, size_t bits, seL4_Word device_paddr)
{
    seL4_BootInfo *bi = student_bootinfo(g);
    if (bi == NULL) {
        return grade_check(g, false, "harness: the student's bootinfo page is missing");
    }
    /* Slots below the endpoint's stay unused, so that the untypeds and the free slots after them
       are one range each. */
    seL4_CPtr slot;
    do {
        slot = cspace_alloc_slot(&g->process.cspace);
    } while (slot != seL4_CapNull && slot < GRADE_STUDENT_ENDPOINT);
    cspace_free_slot(&g->process.cspace, slot);
    seL4_CPtr first = seL4_CapNull;
    for (size_t i = 0; i < count; i++) {
        uintptr_t paddr = 0;
        ut_t *ut = bits == seL4_PageBits ? ut_alloc_4k_untyped(&paddr) : ut_alloc(bits, &harness_cspace);
        if (ut == NULL) {
            return grade_check(g, false, "harness: out of untyped memory for the student (%zu of %zu)", i, count);
        }
        g->untypeds[g->untyped_count++] = ut;
        seL4_CPtr slot = cspace_alloc_slot(&g->process.cspace);
        if (slot == seL4_CapNull || (first != seL4_CapNull && slot != first + i) ||
            cspace_copy(&g->process.cspace, slot, &harness_cspace, ut->cap, seL4_AllRights) != seL4_NoError) {
            return grade_check(g, false, "harness: cannot give untyped %zu to the student", i);
        }
        if (first == seL4_CapNull) {
            first = slot;
        }
        bi->untypedList[i].paddr = paddr;
        bi->untypedList[i].sizeBits = (seL4_Uint8)bits;
        bi->untypedList[i].isDevice = 0;
    }
    if (device_paddr != 0) {
        seL4_UntypedDesc desc;
        seL4_CPtr device = device_untyped_at(device_paddr, &desc);
        seL4_CPtr slot = device != seL4_CapNull ? cspace_alloc_slot(&g->process.cspace) : seL4_CapNull;
        if (slot == seL4_CapNull || (first != seL4_CapNull && slot != first + count) ||
            cspace_copy(&g->process.cspace, slot, &harness_cspace, device, seL4_AllRights) != seL4_NoError) {
            return grade_check(g, false, "harness: cannot give the device untyped of 0x%lx to the student",
                               (unsigned long)device_paddr);
        }
        g->device_untyped = device;
        if (first == seL4_CapNull) {
            first = slot;
        }
        bi->untypedList[count++] = desc;
    }
    seL4_CPtr next = first != seL4_CapNull ? first + count : bi->empty.start;
    bi->untyped.start = first != seL4_CapNull ? first : next;
    bi->untyped.end = next;
    bi->empty.start = next;
    return true;
}

bool grade_student_start(grade_t *g, const grade_student_config_t *config)
{
    static const grade_student_config_t none = {0};
    if (config == NULL) {
        config = &none;
    }
    student_stop(g);
    size_t bits = config->untyped_bits == 0 ? seL4_PageBits : config->untyped_bits;
    if (config->untyped_count > GRADE_MAX_UNTYPEDS || bits < 4 || bits > seL4_PageBits ||
        (config->cnode_bits != 0 && config->cnode_bits != GRADE_CNODE_BITS)) {
        grade_fail(g, "harness: unsupported student configuration (%zu untypeds of %zu bits, cnode %zu bits)",
                   config->untyped_count, bits, config->cnode_bits);
        return false;
    }
    g->started = true;
    g->endpoint = runtime_object_new(&harness_cspace, seL4_EndpointObject, seL4_EndpointBits, 0, &g->endpoint_ut);
    g->reply = runtime_object_new(&harness_cspace, seL4_ReplyObject, seL4_ReplyBits, 0, &g->reply_ut);
    g->fault_endpoint = cspace_alloc_slot(&harness_cspace);
    if (g->endpoint == seL4_CapNull || g->reply == seL4_CapNull || g->fault_endpoint == seL4_CapNull ||
        cspace_mint(&harness_cspace, g->fault_endpoint, &harness_cspace, g->endpoint,
                    seL4_CapRights_new(1, 1, 0, 1), GRADE_BADGE_FAULT) != seL4_NoError) {
        grade_fail(g, "harness: out of memory for the student's endpoint");
        student_stop(g);
        return false;
    }
    size_t elf_size = (size_t)(grade_student_elf_end - grade_student_elf);
    seL4_Error error = runtime_process_start(&g->process, &harness_cspace, "student", grade_student_elf, elf_size,
                                             GRADE_STUDENT_PRIORITY, seL4_CapNull, 0);
    if (error != seL4_NoError) {
        g->process.parent = NULL;
        grade_fail(g, "harness: cannot start the student's program (error %d)", (int)error);
        student_stop(g);
        return false;
    }
    /* Write and GrantReply only: the student can Call the harness but not receive on its endpoint. */
    error = cspace_mint(&g->process.cspace, GRADE_STUDENT_ENDPOINT, &harness_cspace, g->endpoint,
                        seL4_CapRights_new(1, 0, 0, 1), GRADE_BADGE_STUDENT);
    /* Its VSpace and the SchedControl cap, so that it can make and run threads of its own (at most
       its MCP, below the harness's priority). */
    seL4_BootInfo *student_bi = student_bootinfo(g);
    if (error == seL4_NoError &&
        (student_bi == NULL || cspace_alloc_slot(&g->process.cspace) != seL4_CapInitThreadVSpace ||
         cspace_alloc_slot(&g->process.cspace) != GRADE_STUDENT_SCHED_CONTROL)) {
        error = seL4_NotEnoughMemory;
    }
    if (error == seL4_NoError) {
        error = cspace_copy(&g->process.cspace, seL4_CapInitThreadVSpace, &harness_cspace, g->process.vspace,
                            seL4_AllRights);
    }
    if (error == seL4_NoError) {
        error = cspace_copy(&g->process.cspace, GRADE_STUDENT_SCHED_CONTROL, &harness_cspace,
                            sel4runtime_bootinfo()->schedcontrol.start, seL4_AllRights);
    }
    if (error == seL4_NoError) {
        student_bi->schedcontrol.start = GRADE_STUDENT_SCHED_CONTROL;
        student_bi->schedcontrol.end = GRADE_STUDENT_SCHED_CONTROL + 1;
        error = seL4_TCB_SetSchedParams(g->process.tcb, seL4_CapInitThreadTCB, GRADE_STUDENT_PRIORITY,
                                        GRADE_STUDENT_PRIORITY, g->process.sc, g->fault_endpoint);
    }
    if (error != seL4_NoError) {
        grade_fail(g, "harness: cannot set up the student's process (error %d)", (int)error);
        student_stop(g);
        return false;
    }
    if (config->irq != 0) {
        g->irq_handler = cspace_alloc_slot(&harness_cspace);
        if (g->irq_handler == seL4_CapNull ||
            seL4_IRQControl_Get(seL4_CapIRQControl, config->irq, seL4_CapInitThreadCNode, g->irq_handler,
                                seL4_WordBits) != seL4_NoError ||
            cspace_alloc_slot(&g->process.cspace) != GRADE_STUDENT_IRQ_HANDLER ||
            cspace_copy(&g->process.cspace, GRADE_STUDENT_IRQ_HANDLER, &harness_cspace, g->irq_handler,
                        seL4_AllRights) != seL4_NoError) {
            grade_fail(g, "harness: cannot give the handler of interrupt %lu to the student",
                       (unsigned long)config->irq);
            student_stop(g);
            return false;
        }
    }
    if (!give_untypeds(g, config->untyped_count, bits, config->device_paddr)) {
        g->ended = true;
        student_stop(g);
        return false;
    }
    return true;
}

/* Records a fault of the student's thread (the fault message is in the IPC buffer). */
static void describe_fault(grade_t *g, seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    seL4_Word pc = seL4_GetMR(0);
    switch (label) {
    case seL4_Fault_VMFault:
        grade_fail(g, "the student's process faulted: %s page fault at address 0x%lx (pc 0x%lx)",
                   seL4_GetMR(seL4_VMFault_PrefetchFault) != 0 ? "instruction" : "data",
                   (unsigned long)seL4_GetMR(seL4_VMFault_Addr), (unsigned long)pc);
        break;
    case seL4_Fault_CapFault:
        grade_fail(g, "the student's process faulted: capability fault on cptr 0x%lx (pc 0x%lx)",
                   (unsigned long)seL4_GetMR(seL4_CapFault_Addr), (unsigned long)pc);
        break;
    case seL4_Fault_UserException:
        grade_fail(g, "the student's process faulted: exception (illegal instruction, breakpoint or "
                      "misaligned access) at pc 0x%lx", (unsigned long)pc);
        break;
    case seL4_Fault_UnknownSyscall:
        grade_fail(g, "the student's process faulted: unknown system call at pc 0x%lx", (unsigned long)pc);
        break;
    default:
        grade_fail(g, "the student's process faulted (fault type %lu)", (unsigned long)label);
        break;
    }
}

/* Waits for the student's first message (it is then blocked in its Call). */
static bool wait_ready(grade_t *g)
{
    seL4_Word badge = 0;
    seL4_MessageInfo_t info = seL4_Recv(g->endpoint, &badge, g->reply);
    if (badge == GRADE_BADGE_FAULT) {
        describe_fault(g, info);
        return false;
    }
    g->waiting = true;
    return true;
}

bool grade_student_call(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in_words, size_t *out_words)
{
    if (out_words != NULL) {
        *out_words = 0;
    }
    if (g->ended) {
        return false;
    }
    if (!g->started) {
        grade_fail(g, "harness: the test called the student before starting it");
        return false;
    }
    if (in_words > GRADE_MSG_WORDS) {
        grade_fail(g, "harness: a request of %zu words is too long", in_words);
        return false;
    }
    if (!g->waiting && !wait_ready(g)) {
        return false;
    }
    for (size_t i = 0; i < in_words; i++) {
        seL4_SetMR(i, mrs[i]);
    }
    seL4_Word badge = 0;
    g->waiting = false;
    seL4_MessageInfo_t info =
        seL4_ReplyRecv(g->endpoint, seL4_MessageInfo_new(label, 0, 0, in_words), &badge, g->reply);
    if (badge == GRADE_BADGE_FAULT) {
        describe_fault(g, info);
        return false;
    }
    if (seL4_MessageInfo_get_label(info) != GRADE_LABEL_ANSWER) {
        grade_fail(g, "the student's process sent a message with label 0x%lx instead of an answer",
                   (unsigned long)seL4_MessageInfo_get_label(info));
        return false;
    }
    g->waiting = true;
    size_t words = seL4_MessageInfo_get_length(info);
    for (size_t i = 0; i < words; i++) {
        mrs[i] = seL4_GetMR(i);
    }
    if (out_words != NULL) {
        *out_words = words;
    }
    return true;
}

bool grade_student_ask(grade_t *g, seL4_Word label, seL4_Word *mrs, size_t in_words, size_t out_words,
                       seL4_Word no_setup)
{
    size_t out = 0;
    if (!grade_student_call(g, label, mrs, in_words, &out)) {
        return false;
    }
    if (out >= 1 && mrs[0] == no_setup) {
        grade_fail(g, "the student's process could not set up libut (see its output)");
        return false;
    }
    if (out < 1 || (mrs[0] == 0 && out < out_words)) {
        grade_fail(g, "the student's process answered label %lu with %lu words", label, (seL4_Word)out);
        return false;
    }
    return true;
}
