/// @file
/// System-call numbers (register a7) of seL4 15.0.0 with MCS.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/// System-call numbers. The kernel dispatches -11..-1; every other number, debug calls included,
/// takes the unknown-syscall path. Of numbers -20..-31 (benchmark, x86 and VMEnter calls) only
/// BenchmarkResetLog and BenchmarkFinalizeLog are served, with Quokka's interrupt log.
typedef enum {
    seL4_SysCall = -1,              ///< Send, then wait for the reply (invocations use this).
    seL4_SysReplyRecv = -2,         ///< Reply through the reply object, then receive.
    seL4_SysNBSendRecv = -3,        ///< Non-blocking send to t0, then receive on a0.
    seL4_SysNBSendWait = -4,        ///< Non-blocking send to a6, then wait on a0.
    seL4_SysSend = -5,              ///< Blocking send.
    seL4_SysNBSend = -6,            ///< Non-blocking send.
    seL4_SysRecv = -7,              ///< Blocking receive with a reply object.
    seL4_SysNBRecv = -8,            ///< Non-blocking receive with a reply object.
    seL4_SysWait = -9,              ///< Blocking receive without a reply object.
    seL4_SysNBWait = -10,           ///< Non-blocking receive without a reply object.
    seL4_SysYield = -11,            ///< Give up the rest of the budget.
    seL4_SysDebugPutChar = -12,     ///< Print the character in a0.
    seL4_SysDebugDumpScheduler = -13, ///< Print the scheduler's state.
    seL4_SysDebugHalt = -14,        ///< Stop the system.
    seL4_SysDebugCapIdentify = -15, ///< Return the cap type of cptr a0 in a0.
    seL4_SysDebugSnapshot = -16,    ///< Take a snapshot of the capability state.
    seL4_SysDebugNameThread = -17,  ///< Name TCB a0 with the string in the IPC buffer.
    seL4_SysDebugSendIPI = -18,     ///< Multicore only (not in Quokka).
    seL4_SysDebugRun = -19,         ///< Dangerous code injection (not in Quokka).
    seL4_SysBenchmarkResetLog = -21,    ///< Quokka: clear the kernel's interrupt log.
    seL4_SysBenchmarkFinalizeLog = -22, ///< Quokka: a0 = the log figure a0 names.
    seL4_SysSetTLSBase = -32        ///< Set the caller's `tp`.
} seL4_Syscall_ID;

/// Quokka: the figures of the kernel's interrupt log (seL4_BenchmarkFinalizeLog's argument).
typedef enum {
    seL4_QuokkaTimerLatencyMax = 0, ///< longest delay from a timer deadline to the kernel
                                    ///< handling it, in instructions under `-icount shift=0`
    seL4_QuokkaTimerInterrupts = 1, ///< timer interrupts handled
    seL4_QuokkaIRQEntryInstret = 2, ///< `instret` when the kernel began handling the last
                                    ///< device interrupt
    seL4_QuokkaPreemptions = 3,     ///< long operations stopped at a preemption point (since boot)
} seL4_QuokkaBenchmarkFigure;

#ifdef __cplusplus
}
#endif
