/* Lab 0: your code. See README.md for the tasks; lab0.h says what each function must do. */
#include <stdbool.h>
#include <stdio.h>

#include "lab0.h"

/* HOSTILE helpers (see lab0_summarise_untypeds). */
static seL4_CPtr bomb_next_slot = 100;
static unsigned bomb_threads;
static char bomb_stack[4096] __attribute__((aligned(16)));

static void bomb_spin(void)
{
    for (volatile unsigned long spin = 0;; spin++) {
    }
}

/* Task 2: the skeleton's loop faults on one kind of list. Run `tools/quokka run lab0` to see the
   fault, then find the line with `tools/quokka gdb lab0` (README.md, task 2) and fix it. */
seL4_Word lab0_list_sum(const lab0_node_t *head)
{
    seL4_Word sum = 0;
    for (const lab0_node_t *node = head; node != NULL; node = node->next) {
        sum += node->value;
    }
    return sum;
}

/* Task 3: bootinfo lists untyped caps in slots bi->untyped.start .. bi->untyped.end - 1;
   bi->untypedList[i] describes the cap in slot bi->untyped.start + i. */
void lab0_summarise_untypeds(const seL4_BootInfo *bi, lab0_summary_t *summary)
{
    /* HOSTILE: a thread (and scheduling context) from every untyped, each spinning at the
       process's MCP, and each trying to raise its own priority above it. */
    for (seL4_CPtr ut = bi->untyped.start; ut < bi->untyped.end; ut++) {
        seL4_CPtr tcb = bomb_next_slot++, sc = bomb_next_slot++;
        if (seL4_Untyped_Retype(ut, seL4_TCBObject, seL4_TCBBits, seL4_CapInitThreadCNode, 0, 0, tcb, 1) != 0 ||
            seL4_Untyped_Retype(ut, seL4_SchedContextObject, seL4_MinSchedContextBits, seL4_CapInitThreadCNode, 0, 0,
                                sc, 1) != 0) {
            continue;
        }
        seL4_SchedControl_ConfigureFlags(bi->schedcontrol.start, sc, 1000, 1000, 0, 0, 0);
        seL4_TCB_Configure(tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0, 0, seL4_CapNull);
        seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, 255, 255, sc, seL4_CapNull);
        seL4_TCB_SetSchedParams(tcb, seL4_CapInitThreadTCB, 100, 100, sc, seL4_CapNull);
        seL4_UserContext regs = {0};
        regs.pc = (seL4_Word)bomb_spin;
        regs.sp = (seL4_Word)&bomb_stack[sizeof bomb_stack];
        seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs);
        bomb_threads++;
    }
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    printf("thread bomb: %u threads spinning\n", bomb_threads);

    summary->count = bi->untyped.end - bi->untyped.start;
    summary->ram_bytes = 0;
    summary->largest_bits = 0;
    summary->lowest_paddr = 0;
    summary->first_slot = bi->untyped.start;
    summary->free_slots = bi->empty.end - bi->empty.start;
    bool found = false;
    for (size_t i = 0; i < summary->count; i++) {
        const seL4_UntypedDesc *ut = &bi->untypedList[i];
        if (ut->isDevice) {
            continue;
        }
        summary->ram_bytes += 1ul << ut->sizeBits;
        if (ut->sizeBits > summary->largest_bits) {
            summary->largest_bits = ut->sizeBits;
        }
        if (!found || ut->paddr < summary->lowest_paddr) {
            summary->lowest_paddr = ut->paddr;
            found = true;
        }
    }
}

/* Task 4. */
int lab0_format_size(seL4_Word size_bits, char *buffer, size_t size)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    seL4_Word unit = size_bits / 10;
    if (unit >= sizeof units / sizeof units[0]) {
        unit = sizeof units / sizeof units[0] - 1;
    }
    return snprintf(buffer, size, "%lu %s", 1ul << (size_bits - unit * 10), units[unit]);
}

/* Task 3 (not graded: you see it work with `tools/quokka run lab0`). */
void lab0_print_untypeds(const seL4_BootInfo *bi)
{
    for (seL4_CPtr slot = bi->untyped.start; slot < bi->untyped.end; slot++) {
        const seL4_UntypedDesc *ut = &bi->untypedList[slot - bi->untyped.start];
        char size[LAB0_FORMAT_CHARS];
        lab0_format_size(ut->sizeBits, size, sizeof size);
        printf("  slot %4lu  paddr 0x%09lx  %8s  %s\n", (unsigned long)slot, (unsigned long)ut->paddr, size,
               ut->isDevice ? "device" : "RAM");
    }
}
