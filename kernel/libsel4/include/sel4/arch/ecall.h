/// @file
/// The RISC-V system-call trap: one `ecall` with seL4's register convention, one helper per register pattern.
///
/// In: a7 = syscall number, a0 = cptr, a1 = message info, a2..a5 = MR0..MR3, a6 = reply cptr,
/// t0 = destination of NBSendRecv. Out: a0 = badge, a1 = message info, a2..a5 = MR0..MR3.
/// The kernel preserves every other register. Registers the kernel may write are in/out operands
/// even on send-only calls, so the stubs stay correct whatever the kernel writes back there; the
/// "memory" clobber keeps IPC-buffer reads and writes on the right side of the trap.
#pragma once

#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Stores a badge through `sender` unless it is seL4_Null, and wraps the received info word.
/// @param sender Where the caller wants the badge, or seL4_Null.
/// @param badge The badge from a0.
/// @param info The message-info word from a1.
/// @return The message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t quokka_received(seL4_Word *sender, seL4_Word badge, seL4_Word info)
{
    if (sender != seL4_Null) {
        *sender = badge;
    }
    seL4_MessageInfo_t result = {{info}};
    return result;
}

/// Traps with only a7 set (Yield, DebugHalt, DebugSnapshot, DebugDumpScheduler).
/// @param sys Syscall number.
LIBSEL4_INLINE_FUNC void quokka_ecall_null(seL4_Syscall_ID sys)
{
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, sys);
    __asm__ volatile("ecall" : : "r"(a7) : "memory");
}

/// Traps with a0 and a1 set and returns a0 (Signal and the debug calls that take one argument).
/// @param sys Syscall number.
/// @param arg0 Value for a0.
/// @param arg1 Value for a1.
/// @return a0 after the trap.
LIBSEL4_INLINE_FUNC seL4_Word quokka_ecall_short(seL4_Syscall_ID sys, seL4_Word arg0, seL4_Word arg1)
{
    register seL4_Word a0 __asm__("a0") = arg0;
    register seL4_Word a1 __asm__("a1") = arg1;
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, sys);
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a7) : "memory");
    return a0;
}

/// Traps for a send without a receive phase (Send, NBSend).
/// @param sys Syscall number.
/// @param dest Destination cptr (a0).
/// @param info Message-info word (a1).
/// @param mr MR0..MR3 (a2..a5).
LIBSEL4_INLINE_FUNC void quokka_ecall_send(seL4_Syscall_ID sys, seL4_Word dest, seL4_Word info, const seL4_Word mr[4])
{
    register seL4_Word a0 __asm__("a0") = dest;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr[0];
    register seL4_Word a3 __asm__("a3") = mr[1];
    register seL4_Word a4 __asm__("a4") = mr[2];
    register seL4_Word a5 __asm__("a5") = mr[3];
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, sys);
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a7)
                     : "memory");
}

/// Traps for a receive without a send phase (Recv, NBRecv, Wait, NBWait).
/// @param sys Syscall number.
/// @param src Endpoint or notification cptr (a0).
/// @param reply Reply-object cptr (a6), 0 for Wait and NBWait.
/// @param sender Gets the badge, or seL4_Null.
/// @param mr Gets MR0..MR3.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t quokka_ecall_recv(seL4_Syscall_ID sys, seL4_Word src, seL4_Word reply,
                                                         seL4_Word *sender, seL4_Word mr[4])
{
    register seL4_Word a0 __asm__("a0") = src;
    register seL4_Word a1 __asm__("a1");
    register seL4_Word a2 __asm__("a2");
    register seL4_Word a3 __asm__("a3");
    register seL4_Word a4 __asm__("a4");
    register seL4_Word a5 __asm__("a5");
    register seL4_Word a6 __asm__("a6") = reply;
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, sys);
    __asm__ volatile("ecall"
                     : "+r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4), "=r"(a5)
                     : "r"(a6), "r"(a7)
                     : "memory");
    mr[0] = a2;
    mr[1] = a3;
    mr[2] = a4;
    mr[3] = a5;
    return quokka_received(sender, a0, a1);
}

/// Traps for Call: send, then wait for the reply (no reply object is involved).
/// @param dest Destination cptr (a0).
/// @param info Message-info word (a1).
/// @param mr MR0..MR3 to send; gets the reply's MR0..MR3.
/// @return The reply's message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t quokka_ecall_call(seL4_Word dest, seL4_Word info, seL4_Word mr[4])
{
    register seL4_Word a0 __asm__("a0") = dest;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr[0];
    register seL4_Word a3 __asm__("a3") = mr[1];
    register seL4_Word a4 __asm__("a4") = mr[2];
    register seL4_Word a5 __asm__("a5") = mr[3];
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, seL4_SysCall);
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a7)
                     : "memory");
    mr[0] = a2;
    mr[1] = a3;
    mr[2] = a4;
    mr[3] = a5;
    return quokka_received(seL4_Null, a0, a1);
}

/// Traps for ReplyRecv: reply through the reply object, then receive with it.
/// @param src Endpoint or notification cptr to receive on (a0).
/// @param info Message-info word of the reply (a1).
/// @param reply Reply-object cptr (a6).
/// @param sender Gets the badge, or seL4_Null.
/// @param mr MR0..MR3 to send; gets the received MR0..MR3.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t quokka_ecall_reply_recv(seL4_Word src, seL4_Word info, seL4_Word reply,
                                                               seL4_Word *sender, seL4_Word mr[4])
{
    register seL4_Word a0 __asm__("a0") = src;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr[0];
    register seL4_Word a3 __asm__("a3") = mr[1];
    register seL4_Word a4 __asm__("a4") = mr[2];
    register seL4_Word a5 __asm__("a5") = mr[3];
    register seL4_Word a6 __asm__("a6") = reply;
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, seL4_SysReplyRecv);
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a6), "r"(a7)
                     : "memory");
    mr[0] = a2;
    mr[1] = a3;
    mr[2] = a4;
    mr[3] = a5;
    return quokka_received(sender, a0, a1);
}

/// Traps for NBSendRecv (send to t0, receive on a0 with reply a6) and NBSendWait (send to a6,
/// wait on a0, t0 = 0).
/// @param sys Syscall number.
/// @param src Endpoint or notification cptr to receive on (a0).
/// @param info Message-info word to send (a1).
/// @param a6_value Reply-object cptr for NBSendRecv, destination cptr for NBSendWait (a6).
/// @param t0_value Destination cptr for NBSendRecv, 0 for NBSendWait (t0).
/// @param sender Gets the badge, or seL4_Null.
/// @param mr MR0..MR3 to send; gets the received MR0..MR3.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t quokka_ecall_nbsend_recv(seL4_Syscall_ID sys, seL4_Word src, seL4_Word info,
                                                                seL4_Word a6_value, seL4_Word t0_value,
                                                                seL4_Word *sender, seL4_Word mr[4])
{
    register seL4_Word a0 __asm__("a0") = src;
    register seL4_Word a1 __asm__("a1") = info;
    register seL4_Word a2 __asm__("a2") = mr[0];
    register seL4_Word a3 __asm__("a3") = mr[1];
    register seL4_Word a4 __asm__("a4") = mr[2];
    register seL4_Word a5 __asm__("a5") = mr[3];
    register seL4_Word a6 __asm__("a6") = a6_value;
    register seL4_Word a7 __asm__("a7") = SEL4_CAST(seL4_Word, sys);
    register seL4_Word t0 __asm__("t0") = t0_value;
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : "r"(a6), "r"(a7), "r"(t0)
                     : "memory");
    mr[0] = a2;
    mr[1] = a3;
    mr[2] = a4;
    mr[3] = a5;
    return quokka_received(sender, a0, a1);
}

#ifdef __cplusplus
}
#endif
