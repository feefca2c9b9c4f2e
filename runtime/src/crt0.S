/* Entry of a root task: the kernel starts it with a0 = seL4_BootInfo *, sp = a ready stack.
   The first instruction reads instret so the boot benchmark can count the kernel's work. */
    .section .text.start, "ax"
    .globl _start
_start:
    rdinstret a1
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    li      fp, 0
    li      ra, 0
    call    __quokka_start          /* (bootinfo, start_instret); never returns */
    unimp
