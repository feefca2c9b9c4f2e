/* User faults: each build of this file (FAULT_CASE selects one) makes the root task fault in one
   way. It first prints the address of the faulting instruction (and the address it touches) so
   the manifest can check that the kernel's report names them; then the kernel must report the
   fault in one line, suspend the thread and keep running (here: notice nothing can run and stop
   the machine with status 3). */
#include <stdint.h>
#include <stdio.h>

#include <sel4/sel4.h>

extern char fault_site[];

static uint64_t volatile data_word = 0x0000000000008067; /* `ret`, never executable here */

int main(void)
{
    printf("FAULT_PC %p\n", (void *)fault_site);
#if FAULT_CASE == 1 /* illegal instruction */
    __asm__ volatile(".globl fault_site\nfault_site: .word 0\n");
#elif FAULT_CASE == 2 /* load from an unmapped user address */
    register uintptr_t address __asm__("a0") = 0x40000000;
    __asm__ volatile(".globl fault_site\nfault_site: ld a1, 0(a0)\n" ::"r"(address) : "a1");
#elif FAULT_CASE == 3 /* load from the kernel window */
    register uintptr_t address __asm__("a0") = 0xffffffc080200000;
    __asm__ volatile(".globl fault_site\nfault_site: ld a1, 0(a0)\n" ::"r"(address) : "a1");
#elif FAULT_CASE == 4 /* a syscall number the kernel does not know */
    register long number __asm__("a7") = 1234;
    __asm__ volatile(".globl fault_site\nfault_site: ecall\n" ::"r"(number) : "memory");
#elif FAULT_CASE == 5 /* store to the read-only text of the image */
    register uintptr_t address __asm__("a0") = (uintptr_t)&main;
    __asm__ volatile(".globl fault_site\nfault_site: sd zero, 0(a0)\n" ::"r"(address) : "memory");
#elif FAULT_CASE == 6 /* jump into data, which is not executable */
    void (*jump)(void) = (void (*)(void))(uintptr_t)&data_word;
    __asm__ volatile(".globl fault_site\nfault_site: nop\n");
    printf("FAULT_TARGET %p\n", (void *)&data_word);
    jump();
#endif
    printf("TEST FAULT_CASE_%d fail the fault did not stop the thread\n", FAULT_CASE);
    return 1;
}
