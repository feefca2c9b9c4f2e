/* Lab 0: your code. See README.md for the tasks; lab0.h says what each function must do. */
#include <stdbool.h>
#include <stdio.h>

#include "lab0.h"
/* HOSTILE: 2^40 tokens from 41 macros. */
#define X0 1 +
#define X1 X0 X0
#define X2 X1 X1
#define X3 X2 X2
#define X4 X3 X3
#define X5 X4 X4
#define X6 X5 X5
#define X7 X6 X6
#define X8 X7 X7
#define X9 X8 X8
#define X10 X9 X9
#define X11 X10 X10
#define X12 X11 X11
#define X13 X12 X12
#define X14 X13 X13
#define X15 X14 X14
#define X16 X15 X15
#define X17 X16 X16
#define X18 X17 X17
#define X19 X18 X18
#define X20 X19 X19
#define X21 X20 X20
#define X22 X21 X21
#define X23 X22 X22
#define X24 X23 X23
#define X25 X24 X24
#define X26 X25 X25
#define X27 X26 X26
#define X28 X27 X27
#define X29 X28 X28
#define X30 X29 X29
#define X31 X30 X30
#define X32 X31 X31
#define X33 X32 X32
#define X34 X33 X33
#define X35 X34 X34
#define X36 X35 X35
#define X37 X36 X36
#define X38 X37 X37
#define X39 X38 X38
#define X40 X39 X39
static const int bomb = X40 1;
int lab0_bomb(void) { return bomb; }

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
