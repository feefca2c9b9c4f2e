/* Trap entry and exit. While a user thread runs, sscratch holds the address of its saved
   UserContext (registers.hpp: x[i] at 8*i, sepc at 256, sstatus at 264); while the kernel runs,
   sscratch is 0. Swapping sp with sscratch therefore tells the two cases apart. The kernel has
   one stack: a trap from U-mode always starts at its top. */

/* x<n> is stored at 8*n from \base; sp (x2) is handled by each caller, as is a0 on restore. */
.macro save_registers_except_sp base
    sd      x1, 1*8(\base)
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\n, \n*8(\base)
    .endr
.endm

.macro load_registers_except_sp_a0 base
    ld      x1, 1*8(\base)
    .irp n, 3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, \n*8(\base)
    .endr
.endm

    .section .text
    .balign 4
    .globl trap_entry
trap_entry:
    csrrw   sp, sscratch, sp
    beqz    sp, kernel_trap

    save_registers_except_sp sp
    csrrw   t0, sscratch, zero      /* user sp; the kernel is now running */
    sd      t0, 2*8(sp)
    csrr    t1, sepc
    sd      t1, 256(sp)
    csrr    t2, sstatus
    sd      t2, 264(sp)
    csrr    t1, scause

#if QUOKKA_CONFIG_FASTPATH
    /* Call (-1) and ReplyRecv (-2) try the IPC fastpath (src/api/fastpath.cpp) with the user's
       a0..a6 as arguments and the thread (its context is the TCB's first member) after them.
       The fastpath uses no stack (fastpath.cpp has the compiler check it: a frame is an error),
       so sp still points at the context; its ways to the general path (fastpath_fallback,
       fastpath_refresh) switch to the kernel stack. fp stays the user's s0 until then. */
    addi    t0, t1, -8              /* scause 8: ecall from U-mode */
    bnez    t0, 1f
    addi    t0, a7, 1
    beqz    t0, 2f
    addi    t0, a7, 2
    bnez    t0, 1f
    mv      a7, sp
    j       fastpath_reply_recv     /* never returns */
2:  mv      a6, sp
    j       fastpath_call           /* never returns */
1:
#endif
    li      t3, 3 << 13             /* the kernel never uses the FPU: FS = Off (the fastpath */
    csrc    sstatus, t3             /* touches no FP state; its exits to here clear FS too) */
    mv      a0, sp                  /* UserContext */
    mv      a1, t1
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
    save_registers_except_sp sp
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

/* fastpath_resume(a0..a5, UserContext *context (a6), pc (a7)) (arch.hpp): resume a user thread
   with a0..a5 as given (the IPC fastpath's message) and every other register from its context. */
    .globl fastpath_resume
fastpath_resume:
    csrw    sepc, a7
    ld      t0, 264(a6)
    csrw    sstatus, t0
    csrw    sscratch, a6
    .irp n, 1,2,3,4,5,6,7,8,9,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, \n*8(a6)
    .endr
    ld      a7, 17*8(a6)
    ld      a6, 16*8(a6)
    sret

#if QUOKKA_CONFIG_FASTPATH
/* fastpath_fallback() and fastpath_refresh(thread) (arch.hpp): the fastpath's ways to the
   general path. They set up what the fastpath did without: the kernel stack, the FPU off (as
   every other trap does) and a clean frame pointer for backtraces. */
    .globl fastpath_fallback
fastpath_fallback:
    la      t0, _ZN6kernel14handle_syscallEv
    j       1f
    .globl fastpath_refresh
fastpath_refresh:
    la      t0, fastpath_refresh_view
1:  la      sp, kernel_stack_top
    li      t3, 3 << 13
    csrc    sstatus, t3
    li      fp, 0
    jr      t0
#endif

/* restore_user_context(UserContext *context): resume a user thread. */
    .globl restore_user_context
restore_user_context:
    ld      t0, 256(a0)
    csrw    sepc, t0
    ld      t1, 264(a0)
    csrw    sstatus, t1
    csrw    sscratch, a0
    ld      sp, 2*8(a0)
    load_registers_except_sp_a0 a0
    ld      a0, 10*8(a0)
    sret
