/* Boot benchmark: instructions retired from the kernel's first instruction to the root task's
   first instruction. The kernel records instret at entry in the extra bootinfo chunk; crt0 reads
   it first thing in user mode. Exact under `qemu -icount shift=0`. */
#include <stdio.h>

#include <sel4/sel4.h>
#include <sel4runtime.h>

int main(void)
{
    seL4_BootInfo *bi = sel4runtime_bootinfo();
    seL4_QuokkaBootStats *stats = (seL4_QuokkaBootStats *)((seL4_Word)bi + 4096);
    if (bi->extraLen == 0 || stats->header.id != SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS) {
        printf("TEST BENCH_BOOT fail no boot statistics in extra bootinfo\n");
        return 1;
    }
    printf("BENCH boot_instructions=%lu\n",
           (unsigned long)(sel4runtime_start_instret() - stats->entry_instret));
    return 0;
}
