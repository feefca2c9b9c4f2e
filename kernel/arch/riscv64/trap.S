/* Trap entry and exit. While a user thread runs, sscratch holds the address of its saved
   UserContext (registers.hpp: x[i] at 8*i, sepc at 256, sstatus at 264); while the kernel runs,
   sscratch is 0. Swapping sp with sscratch therefore tells the two cases apart. The kernel has
   one stack: a trap from U-mode always starts at its top. */
    .section .text
    .balign 4
    .globl trap_entry
trap_entry:
    csrrw   sp, sscratch, sp
    beqz    sp, kernel_trap

    sd      ra, 1*8(sp)
    sd      gp, 3*8(sp)
    sd      tp, 4*8(sp)
    sd      t0, 5*8(sp)
    sd      t1, 6*8(sp)
    sd      t2, 7*8(sp)
    sd      s0, 8*8(sp)
    sd      s1, 9*8(sp)
    sd      a0, 10*8(sp)
    sd      a1, 11*8(sp)
    sd      a2, 12*8(sp)
    sd      a3, 13*8(sp)
    sd      a4, 14*8(sp)
    sd      a5, 15*8(sp)
    sd      a6, 16*8(sp)
    sd      a7, 17*8(sp)
    sd      s2, 18*8(sp)
    sd      s3, 19*8(sp)
    sd      s4, 20*8(sp)
    sd      s5, 21*8(sp)
    sd      s6, 22*8(sp)
    sd      s7, 23*8(sp)
    sd      s8, 24*8(sp)
    sd      s9, 25*8(sp)
    sd      s10, 26*8(sp)
    sd      s11, 27*8(sp)
    sd      t3, 28*8(sp)
    sd      t4, 29*8(sp)
    sd      t5, 30*8(sp)
    sd      t6, 31*8(sp)
    csrrw   t0, sscratch, zero      /* user sp; the kernel is now running */
    sd      t0, 2*8(sp)
    csrr    t1, sepc
    sd      t1, 256(sp)
    csrr    t2, sstatus
    sd      t2, 264(sp)
    li      t3, 3 << 13             /* the kernel never uses the FPU: FS = Off */
    csrc    sstatus, t3

    mv      a0, sp                  /* UserContext */
    csrr    a1, scause
    csrr    a2, stval
    la      sp, kernel_stack_top
    li      fp, 0
    call    handle_user_trap        /* never returns */
    unimp

/* A trap taken in S-mode is a kernel bug (the kernel runs with interrupts off): save everything
   on the kernel stack for the panic report. Frame: x[32], sepc, sstatus, scause, stval. */
kernel_trap:
    csrrw   sp, sscratch, sp        /* back to the kernel sp; sscratch = 0 again */
    addi    sp, sp, -36*8
    sd      ra, 1*8(sp)
    sd      gp, 3*8(sp)
    sd      tp, 4*8(sp)
    sd      t0, 5*8(sp)
    sd      t1, 6*8(sp)
    sd      t2, 7*8(sp)
    sd      s0, 8*8(sp)
    sd      s1, 9*8(sp)
    sd      a0, 10*8(sp)
    sd      a1, 11*8(sp)
    sd      a2, 12*8(sp)
    sd      a3, 13*8(sp)
    sd      a4, 14*8(sp)
    sd      a5, 15*8(sp)
    sd      a6, 16*8(sp)
    sd      a7, 17*8(sp)
    addi    t0, sp, 36*8
    sd      t0, 2*8(sp)
    csrr    t0, sepc
    sd      t0, 32*8(sp)
    csrr    t0, sstatus
    sd      t0, 33*8(sp)
    csrr    t0, scause
    sd      t0, 34*8(sp)
    csrr    t0, stval
    sd      t0, 35*8(sp)
    mv      a0, sp
    call    handle_kernel_trap      /* panics */
    unimp

/* restore_user_context(UserContext *context): resume a user thread. */
    .globl restore_user_context
restore_user_context:
    ld      t0, 256(a0)
    csrw    sepc, t0
    ld      t1, 264(a0)
    csrw    sstatus, t1
    csrw    sscratch, a0
    ld      ra, 1*8(a0)
    ld      sp, 2*8(a0)
    ld      gp, 3*8(a0)
    ld      tp, 4*8(a0)
    ld      t0, 5*8(a0)
    ld      t1, 6*8(a0)
    ld      t2, 7*8(a0)
    ld      s0, 8*8(a0)
    ld      s1, 9*8(a0)
    ld      a1, 11*8(a0)
    ld      a2, 12*8(a0)
    ld      a3, 13*8(a0)
    ld      a4, 14*8(a0)
    ld      a5, 15*8(a0)
    ld      a6, 16*8(a0)
    ld      a7, 17*8(a0)
    ld      s2, 18*8(a0)
    ld      s3, 19*8(a0)
    ld      s4, 20*8(a0)
    ld      s5, 21*8(a0)
    ld      s6, 22*8(a0)
    ld      s7, 23*8(a0)
    ld      s8, 24*8(a0)
    ld      s9, 25*8(a0)
    ld      s10, 26*8(a0)
    ld      s11, 27*8(a0)
    ld      t3, 28*8(a0)
    ld      t4, 29*8(a0)
    ld      t5, 30*8(a0)
    ld      t6, 31*8(a0)
    ld      a0, 10*8(a0)
    sret
