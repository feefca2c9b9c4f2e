/* Lab 0: your code. See README.md for the tasks; lab0.h says what each function must do. */
#include <stdbool.h>
#include <stdio.h>

#include "lab0.h"

/* Task 2: the skeleton's loop faults on one kind of list. Run `tools/quokka run lab0` to see the
   fault, then find the line with `tools/quokka gdb lab0` (README.md, task 2) and fix it. */
seL4_Word lab0_list_sum(const lab0_node_t *head)
{
    seL4_Word sum = 0;
    /* TODO(0.2): this loop faults on one kind of list: find which, and fix it. */
    const lab0_node_t *node = head;
    do {
        sum += node->value;
        node = node->next;
    } while (node != NULL);
    return sum;
}

/* Task 3: bootinfo lists untyped caps in slots bi->untyped.start .. bi->untyped.end - 1;
   bi->untypedList[i] describes the cap in slot bi->untyped.start + i. */
void lab0_summarise_untypeds(const seL4_BootInfo *bi, lab0_summary_t *summary)
{
    /* TODO(0.3): fill in every field of *summary (lab0.h says what each one means). */
    (void)bi;
    summary->count = 0;
}

/* Task 4. */
int lab0_format_size(seL4_Word size_bits, char *buffer, size_t size)
{
    /* TODO(0.4): pick the unit (every 10 bits is the next one) and print "<n> <unit>". */
    return snprintf(buffer, size, "%lu bytes", 1ul << size_bits);
}

/* Task 1 (not graded: you see it work with `tools/quokka run lab0`). */
void lab0_print_untypeds(const seL4_BootInfo *bi)
{
    /* TODO(0.1): print one line per untyped: slot, physical address, size (lab0_format_size), device or RAM. */
    (void)bi;
    printf("lab0: TODO: print the untypeds\n");
}
