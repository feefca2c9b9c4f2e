/* Code sites for test threads started straight from registers written with TCB_WriteRegisters:
   each faults or traps at a known address with registers the test chose, so fault messages and
   register reads can be checked word for word. No compressed instructions, so that the site's
   address + 4 is always the next instruction (what a fault reply skipping it writes, §8.6). */
    .option norvc
    .section .text.qt_sites, "ax"
    .balign 4

/* ecall with the registers as written (a7 picks the syscall); the next one repeats forever. */
    .globl qt_site_ecall, qt_site_ecall_next
qt_site_ecall:
    ecall
qt_site_ecall_next:
    ecall
    j       qt_site_ecall_next

/* An illegal instruction (a 16-bit zero parcel, twice), then ecall forever. */
    .globl qt_site_illegal, qt_site_illegal_next
qt_site_illegal:
    .word   0
qt_site_illegal_next:
    ecall
    j       qt_site_illegal_next

/* A breakpoint, then ecall forever. */
    .globl qt_site_ebreak, qt_site_ebreak_next
qt_site_ebreak:
    ebreak
qt_site_ebreak_next:
    ecall
    j       qt_site_ebreak_next

/* A load from the address in t0, then ecall forever. */
    .globl qt_site_load
qt_site_load:
    ld      t1, 0(t0)
1:  ecall
    j       1b

/* A store to the address in t0, then ecall forever. */
    .globl qt_site_store
qt_site_store:
    sd      t1, 0(t0)
1:  ecall
    j       1b

/* Stores x1..x31 at t6 + 8 * n (t6 itself included), then makes the Call whose cptr and
   message info the test left at t6 + 256 and t6 + 264 (a TCB_Suspend of the thread itself). */
    .globl qt_site_dump_registers
qt_site_dump_registers:
    sd      x1, 8(t6)
    sd      x2, 16(t6)
    sd      x3, 24(t6)
    sd      x4, 32(t6)
    sd      x5, 40(t6)
    sd      x6, 48(t6)
    sd      x7, 56(t6)
    sd      x8, 64(t6)
    sd      x9, 72(t6)
    sd      x10, 80(t6)
    sd      x11, 88(t6)
    sd      x12, 96(t6)
    sd      x13, 104(t6)
    sd      x14, 112(t6)
    sd      x15, 120(t6)
    sd      x16, 128(t6)
    sd      x17, 136(t6)
    sd      x18, 144(t6)
    sd      x19, 152(t6)
    sd      x20, 160(t6)
    sd      x21, 168(t6)
    sd      x22, 176(t6)
    sd      x23, 184(t6)
    sd      x24, 192(t6)
    sd      x25, 200(t6)
    sd      x26, 208(t6)
    sd      x27, 216(t6)
    sd      x28, 224(t6)
    sd      x29, 232(t6)
    sd      x30, 240(t6)
    sd      x31, 248(t6)
    ld      a0, 256(t6)
    ld      a1, 264(t6)
    li      a7, -1              /* seL4_SysCall */
1:  ecall
    j       1b

/* A data word: executing it is an instruction fetch fault (data is not executable). */
    .section .data.qt_data_word, "aw"
    .balign 8
    .globl qt_data_word
qt_data_word:
    .dword  0x0000000000008067  /* `ret`, were it executable */
