/// @file
/// The debug and benchmark system calls (seL4_SysDebug*, seL4_SysBenchmark*): printing on the
/// kernel console, naming threads, identifying caps, stopping the system, and the kernel's
/// interrupt log. Included by sel4/syscalls.h.
#pragma once

#include <sel4/arch/ecall.h>
#include <sel4/functions.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Prints one character on the kernel console (debug call).
/// @param c The character.
LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c)
{
    quokka_ecall_short(seL4_SysDebugPutChar, SEL4_CAST(seL4_Uint8, c), 0);
}

/// Prints a NUL-terminated string on the kernel console, one seL4_DebugPutChar per character.
/// @param str The string.
LIBSEL4_INLINE_FUNC void seL4_DebugPutString(const char *str)
{
    for (const char *s = str; *s != '\0'; s++) {
        seL4_DebugPutChar(*s);
    }
}

/// Clears the kernel's interrupt log (Quokka's meaning of seL4's benchmark call).
/// @return seL4_NoError.
LIBSEL4_INLINE_FUNC seL4_Error seL4_BenchmarkResetLog(void)
{
    return SEL4_CAST(seL4_Error, quokka_ecall_short(seL4_SysBenchmarkResetLog, 0, 0));
}

/// Reads one figure of the kernel's interrupt log (Quokka's meaning of seL4's benchmark call).
/// @param figure Which one (a seL4_QuokkaBenchmarkFigure).
/// @return Its value; 0 for an unknown figure.
LIBSEL4_INLINE_FUNC seL4_Word seL4_BenchmarkFinalizeLog_Figure(seL4_QuokkaBenchmarkFigure figure)
{
    return quokka_ecall_short(seL4_SysBenchmarkFinalizeLog, SEL4_CAST(seL4_Word, figure), 0);
}

/// Prints the scheduler's state on the kernel console (debug call).
LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void)
{
    quokka_ecall_null(seL4_SysDebugDumpScheduler);
}

/// Stops the whole system (debug call).
LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void)
{
    quokka_ecall_null(seL4_SysDebugHalt);
}

/// Asks the kernel to record a snapshot of the capability state (debug call).
LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void)
{
    quokka_ecall_null(seL4_SysDebugSnapshot);
}

/// Tells what a cptr names (debug call).
/// @param cap The cptr, looked up at depth 64.
/// @return The kernel's cap tag: 0 null (or lookup failure), 1 frame, 2 untyped, 3 page table,
///         4 endpoint, 6 notification, 8 reply, 10 CNode, 11 ASID control, 12 thread, 13 ASID pool,
///         14 IRQ control, 16 IRQ handler, 18 zombie, 20 domain, 22 sched context, 24 sched control.
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    return SEL4_CAST(seL4_Uint32, quokka_ecall_short(seL4_SysDebugCapIdentify, cap, 0));
}

/// Names a thread for the kernel's debug output; the name travels in the IPC buffer from msg[0].
/// @param tcb TCB cptr (the kernel halts if it is not a TCB).
/// @param name NUL-terminated name; cut to 959 characters.
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *text = SEL4_REINTERPRET_CAST(char *, seL4_GetIPCBuffer()->msg);
    seL4_Word limit = seL4_MsgMaxLength * sizeof(seL4_Word) - 1;
    seL4_Word i = 0;
    for (; i < limit && name[i] != '\0'; i++) {
        text[i] = name[i];
    }
    text[i] = '\0';
    quokka_ecall_short(seL4_SysDebugNameThread, tcb, 0);
}

#ifdef __cplusplus
}
#endif
