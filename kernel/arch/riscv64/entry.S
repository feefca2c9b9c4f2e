/* Kernel entry from OpenSBI: S-mode, MMU off, a0 = hart id, a1 = device tree (physical).
   Clears the BSS, turns on Sv39 with the boot page table (kernel window plus an identity map of
   this code's gigabyte), and jumps to kernel_main in the window on the kernel stack. This code
   runs at physical addresses, so it reaches linked (virtual) symbols through absolute words
   below, converted with KERNEL_OFFSET. */
    .section .boot.text, "ax"
    .globl _start
_start:
    csrr    t6, instret             /* first: the boot benchmark counts from here */
    lla     t0, boot_words
    ld      t3, 0(t0)               /* KERNEL_OFFSET */
    ld      t1, 8(t0)               /* bss_start (virtual) */
    ld      t2, 16(t0)              /* bss_end (virtual) */
    sub     t1, t1, t3
    sub     t2, t2, t3
    /* Clear 64 bytes per iteration while a whole block is left, then 16 at a time: the
       linker script aligns bss_start and bss_end to 16 bytes. */
    addi    t4, t2, -64             /* the last address a whole block can start at */
    bgtu    t1, t4, 2f
1:  sd      zero, 0(t1)
    sd      zero, 8(t1)
    sd      zero, 16(t1)
    sd      zero, 24(t1)
    sd      zero, 32(t1)
    sd      zero, 40(t1)
    sd      zero, 48(t1)
    sd      zero, 56(t1)
    addi    t1, t1, 64
    bleu    t1, t4, 1b
2:  bgeu    t1, t2, 3f
    sd      zero, 0(t1)
    sd      zero, 8(t1)
    addi    t1, t1, 16
    j       2b
3:  ld      t4, 24(t0)              /* kernel_root_table (virtual) */
    sub     t4, t4, t3
    srli    t4, t4, 12
    li      t5, 8
    slli    t5, t5, 60              /* satp.MODE = Sv39 */
    or      t4, t4, t5
    sfence.vma
    csrw    satp, t4
    sfence.vma
    ld      sp, 32(t0)              /* kernel_stack_top (virtual) */
    ld      t1, 40(t0)              /* entry_instret (virtual) */
    sd      t6, 0(t1)
    ld      t2, 48(t0)              /* kernel_main (virtual) */
    li      fp, 0                   /* ends backtraces */
    li      ra, 0
    jr      t2

    .balign 8
boot_words:
    .dword KERNEL_OFFSET
    .dword bss_start
    .dword bss_end
    .dword kernel_root_table
    .dword kernel_stack_top
    .dword entry_instret
    .dword kernel_main

    .section .kernel_stack, "aw", @nobits
    .balign 16
    .globl kernel_stack_bottom
kernel_stack_bottom:
    .space 16384
    .globl kernel_stack_top
kernel_stack_top:
