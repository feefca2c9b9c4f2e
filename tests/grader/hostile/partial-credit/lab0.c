/* Lab 0: your code. See README.md for the tasks; lab0.h says what each function must do. */
#include <stdbool.h>
#include <stdio.h>

#include "lab0.h"

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
    /* PARTIAL: no unit above MiB, so 1 GiB and 512 GiB come out wrong. */
    static const char *const units[] = {"B", "KiB", "MiB"};
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
