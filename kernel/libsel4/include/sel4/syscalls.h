/// @file
/// The MCS system calls with seL4's names and signatures, as inline functions.
///
/// MR0..MR3 travel in registers (see sel4/arch/ecall.h). The stubs copy them between the IPC
/// buffer's msg[0..3] and the registers around each trap, so seL4_GetMR and seL4_SetMR always see
/// the whole message; the ...WithMRs variants take and return them through pointers instead.
#pragma once

#include <sel4/arch/ecall.h>
#include <sel4/constants.h>
#include <sel4/debug.h>
#include <sel4/functions.h>
#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Reads MR0..MR3 from the IPC buffer, to send them in a2..a5.
/// @param mr Gets the four words.
LIBSEL4_INLINE_FUNC void quokka_load_mrs(seL4_Word mr[4])
{
    for (int i = 0; i < 4; i++) {
        mr[i] = seL4_GetMR(i);
    }
}

/// Writes MR0..MR3, received in a2..a5, to the IPC buffer.
/// @param mr The four words.
LIBSEL4_INLINE_FUNC void quokka_store_mrs(const seL4_Word mr[4])
{
    for (int i = 0; i < 4; i++) {
        seL4_SetMR(i, mr[i]);
    }
}

/// Collects MR0..MR3 for a ...WithMRs stub: word i is `*mr_i` if that pointer is not seL4_Null
/// and the message is longer than i, else 0.
/// @param mr Gets the four words.
/// @param info The message info (for its length).
/// @param mr0 MR0 or seL4_Null.
/// @param mr1 MR1 or seL4_Null.
/// @param mr2 MR2 or seL4_Null.
/// @param mr3 MR3 or seL4_Null.
LIBSEL4_INLINE_FUNC void quokka_load_mrs_from(seL4_Word mr[4], seL4_MessageInfo_t info, const seL4_Word *mr0,
                                              const seL4_Word *mr1, const seL4_Word *mr2, const seL4_Word *mr3)
{
    seL4_Word length = seL4_MessageInfo_get_length(info);
    mr[0] = (mr0 != seL4_Null && length > 0) ? *mr0 : 0;
    mr[1] = (mr1 != seL4_Null && length > 1) ? *mr1 : 0;
    mr[2] = (mr2 != seL4_Null && length > 2) ? *mr2 : 0;
    mr[3] = (mr3 != seL4_Null && length > 3) ? *mr3 : 0;
}

/// Hands the received MR0..MR3 to the caller of a ...WithMRs stub, through each non-null pointer.
/// @param mr The four words.
/// @param mr0 Gets MR0, or seL4_Null.
/// @param mr1 Gets MR1, or seL4_Null.
/// @param mr2 Gets MR2, or seL4_Null.
/// @param mr3 Gets MR3, or seL4_Null.
LIBSEL4_INLINE_FUNC void quokka_store_mrs_to(const seL4_Word mr[4], seL4_Word *mr0, seL4_Word *mr1,
                                             seL4_Word *mr2, seL4_Word *mr3)
{
    if (mr0 != seL4_Null) {
        *mr0 = mr[0];
    }
    if (mr1 != seL4_Null) {
        *mr1 = mr[1];
    }
    if (mr2 != seL4_Null) {
        *mr2 = mr[2];
    }
    if (mr3 != seL4_Null) {
        *mr3 = mr[3];
    }
}


/// Sends a message and blocks until a receiver takes it (or the message is dropped, for a cap
/// without Write). On a reply cap this is a reply.
/// @param dest Endpoint, notification or reply cptr.
/// @param msgInfo Label, length and number of caps; the message is in the IPC buffer.
LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_Word mr[4];
    quokka_load_mrs(mr);
    quokka_ecall_send(seL4_SysSend, dest, msgInfo.words[0], mr);
}

/// seL4_Send with MR0..MR3 taken from the arguments instead of the IPC buffer.
/// @param dest Endpoint, notification or reply cptr.
/// @param msgInfo Label, length and number of caps.
/// @param mr0 MR0, or seL4_Null for 0.
/// @param mr1 MR1, or seL4_Null for 0.
/// @param mr2 MR2, or seL4_Null for 0.
/// @param mr3 MR3, or seL4_Null for 0.
LIBSEL4_INLINE_FUNC void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                          seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word mr[4];
    quokka_load_mrs_from(mr, msgInfo, mr0, mr1, mr2, mr3);
    quokka_ecall_send(seL4_SysSend, dest, msgInfo.words[0], mr);
}

/// Sends a message if a receiver is waiting, else drops it silently. On a reply cap this is a reply.
/// @param dest Endpoint, notification or reply cptr.
/// @param msgInfo Label, length and number of caps; the message is in the IPC buffer.
LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_Word mr[4];
    quokka_load_mrs(mr);
    quokka_ecall_send(seL4_SysNBSend, dest, msgInfo.words[0], mr);
}

/// seL4_NBSend with MR0..MR3 taken from the arguments instead of the IPC buffer.
/// @param dest Endpoint, notification or reply cptr.
/// @param msgInfo Label, length and number of caps.
/// @param mr0 MR0, or seL4_Null for 0.
/// @param mr1 MR1, or seL4_Null for 0.
/// @param mr2 MR2, or seL4_Null for 0.
/// @param mr3 MR3, or seL4_Null for 0.
LIBSEL4_INLINE_FUNC void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                            seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word mr[4];
    quokka_load_mrs_from(mr, msgInfo, mr0, mr1, mr2, mr3);
    quokka_ecall_send(seL4_SysNBSend, dest, msgInfo.words[0], mr);
}

/// Signals a notification: ORs the cap's badge into its word, or wakes a waiter.
/// @param dest Notification cptr (needs Write).
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest)
{
    quokka_ecall_short(seL4_SysSend, dest, 0);
}

/// Blocks until a message arrives on an endpoint, or a notification is signalled.
/// @param src Endpoint or notification cptr (needs Read).
/// @param sender Gets the badge of the sender's cap (0 if unbadged); may be seL4_Null.
/// @param reply Reply-object cptr that a Call from the sender is linked to.
/// @return The message info; MR0..MR3 are also in the IPC buffer.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    seL4_Word mr[4];
    seL4_MessageInfo_t info = quokka_ecall_recv(seL4_SysRecv, src, reply, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// seL4_Recv with MR0..MR3 returned through the arguments instead of the IPC buffer.
/// @param src Endpoint or notification cptr (needs Read).
/// @param sender Gets the badge of the sender's cap; may be seL4_Null.
/// @param reply Reply-object cptr that a Call from the sender is linked to.
/// @param mr0 Gets MR0, or seL4_Null.
/// @param mr1 Gets MR1, or seL4_Null.
/// @param mr2 Gets MR2, or seL4_Null.
/// @param mr3 Gets MR3, or seL4_Null.
/// @return The message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply,
                                                        seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                                        seL4_Word *mr3)
{
    seL4_Word mr[4];
    seL4_MessageInfo_t info = quokka_ecall_recv(seL4_SysRecv, src, reply, sender, mr);
    quokka_store_mrs_to(mr, mr0, mr1, mr2, mr3);
    return info;
}

/// Receives a message if one is waiting, else returns at once with badge 0.
/// @param src Endpoint or notification cptr (needs Read).
/// @param sender Gets the badge (0 if nothing arrived); may be seL4_Null.
/// @param reply Reply-object cptr that a Call from the sender is linked to.
/// @return The message info (undefined if nothing arrived).
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender, seL4_CPtr reply)
{
    seL4_Word mr[4];
    seL4_MessageInfo_t info = quokka_ecall_recv(seL4_SysNBRecv, src, reply, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// Sends a message and waits for the reply; also how every object invocation is made.
/// @param dest Endpoint cptr, or the cap of the object to invoke.
/// @param msgInfo Label, length and number of caps; the message is in the IPC buffer.
/// @return The reply's message info; for an invocation the label is a seL4_Error.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    seL4_Word mr[4];
    quokka_load_mrs(mr);
    seL4_MessageInfo_t info = quokka_ecall_call(dest, msgInfo.words[0], mr);
    quokka_store_mrs(mr);
    return info;
}

/// seL4_Call with MR0..MR3 passed and returned through the arguments instead of the IPC buffer.
/// @param dest Endpoint cptr, or the cap of the object to invoke.
/// @param msgInfo Label, length and number of caps.
/// @param mr0 MR0 in and out, or seL4_Null.
/// @param mr1 MR1 in and out, or seL4_Null.
/// @param mr2 MR2 in and out, or seL4_Null.
/// @param mr3 MR3 in and out, or seL4_Null.
/// @return The reply's message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                                        seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word mr[4];
    quokka_load_mrs_from(mr, msgInfo, mr0, mr1, mr2, mr3);
    seL4_MessageInfo_t info = quokka_ecall_call(dest, msgInfo.words[0], mr);
    quokka_store_mrs_to(mr, mr0, mr1, mr2, mr3);
    return info;
}

/// Replies through a reply object, then receives the next message with the same reply object.
/// @param src Endpoint or notification cptr (needs Read).
/// @param msgInfo The reply's label, length and number of caps; the reply is in the IPC buffer.
/// @param sender Gets the badge of the next sender's cap; may be seL4_Null.
/// @param reply Reply-object cptr: replied through, then linked to the next caller.
/// @return The next message's info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo, seL4_Word *sender,
                                                      seL4_CPtr reply)
{
    seL4_Word mr[4];
    quokka_load_mrs(mr);
    seL4_MessageInfo_t info = quokka_ecall_reply_recv(src, msgInfo.words[0], reply, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// seL4_ReplyRecv with MR0..MR3 passed and returned through the arguments.
/// @param src Endpoint or notification cptr (needs Read).
/// @param msgInfo The reply's label, length and number of caps.
/// @param sender Gets the badge of the next sender's cap; may be seL4_Null.
/// @param mr0 MR0 in and out, or seL4_Null.
/// @param mr1 MR1 in and out, or seL4_Null.
/// @param mr2 MR2 in and out, or seL4_Null.
/// @param mr3 MR3 in and out, or seL4_Null.
/// @param reply Reply-object cptr.
/// @return The next message's info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                             seL4_Word *sender, seL4_Word *mr0, seL4_Word *mr1,
                                                             seL4_Word *mr2, seL4_Word *mr3, seL4_CPtr reply)
{
    seL4_Word mr[4];
    quokka_load_mrs_from(mr, msgInfo, mr0, mr1, mr2, mr3);
    seL4_MessageInfo_t info = quokka_ecall_reply_recv(src, msgInfo.words[0], reply, sender, mr);
    quokka_store_mrs_to(mr, mr0, mr1, mr2, mr3);
    return info;
}

/// Sends without blocking to `dest`, then receives on `src` with a reply object.
/// @param dest Endpoint, notification or reply cptr to send to.
/// @param msgInfo Label, length and number of caps; the message is in the IPC buffer.
/// @param src Endpoint or notification cptr to receive on.
/// @param sender Gets the badge of the sender's cap; may be seL4_Null.
/// @param reply Reply-object cptr for the receive.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendRecv(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_CPtr src,
                                                       seL4_Word *sender, seL4_CPtr reply)
{
    seL4_Word mr[4];
    quokka_load_mrs(mr);
    seL4_MessageInfo_t info =
        quokka_ecall_nbsend_recv(seL4_SysNBSendRecv, src, msgInfo.words[0], reply, dest, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// seL4_NBSendRecv with MR0..MR3 passed and returned through the arguments.
/// @param dest Endpoint, notification or reply cptr to send to.
/// @param msgInfo Label, length and number of caps.
/// @param src Endpoint or notification cptr to receive on.
/// @param sender Gets the badge of the sender's cap; may be seL4_Null.
/// @param mr0 MR0 in and out, or seL4_Null.
/// @param mr1 MR1 in and out, or seL4_Null.
/// @param mr2 MR2 in and out, or seL4_Null.
/// @param mr3 MR3 in and out, or seL4_Null.
/// @param reply Reply-object cptr for the receive.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendRecvWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                              seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                              seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3,
                                                              seL4_CPtr reply)
{
    seL4_Word mr[4];
    quokka_load_mrs_from(mr, msgInfo, mr0, mr1, mr2, mr3);
    seL4_MessageInfo_t info =
        quokka_ecall_nbsend_recv(seL4_SysNBSendRecv, src, msgInfo.words[0], reply, dest, sender, mr);
    quokka_store_mrs_to(mr, mr0, mr1, mr2, mr3);
    return info;
}

/// Sends without blocking to `dest`, then waits on `src` without a reply object.
/// @param dest Endpoint, notification or reply cptr to send to.
/// @param msgInfo Label, length and number of caps; the message is in the IPC buffer.
/// @param src Endpoint or notification cptr to wait on.
/// @param sender Gets the badge of the sender's cap; may be seL4_Null.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendWait(seL4_CPtr dest, seL4_MessageInfo_t msgInfo, seL4_CPtr src,
                                                       seL4_Word *sender)
{
    seL4_Word mr[4];
    quokka_load_mrs(mr);
    seL4_MessageInfo_t info = quokka_ecall_nbsend_recv(seL4_SysNBSendWait, src, msgInfo.words[0], dest, 0, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// seL4_NBSendWait with MR0..MR3 passed and returned through the arguments.
/// @param dest Endpoint, notification or reply cptr to send to.
/// @param msgInfo Label, length and number of caps.
/// @param src Endpoint or notification cptr to wait on.
/// @param sender Gets the badge of the sender's cap; may be seL4_Null.
/// @param mr0 MR0 in and out, or seL4_Null.
/// @param mr1 MR1 in and out, or seL4_Null.
/// @param mr2 MR2 in and out, or seL4_Null.
/// @param mr3 MR3 in and out, or seL4_Null.
/// @return The received message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBSendWaitWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                              seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                              seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word mr[4];
    quokka_load_mrs_from(mr, msgInfo, mr0, mr1, mr2, mr3);
    seL4_MessageInfo_t info = quokka_ecall_nbsend_recv(seL4_SysNBSendWait, src, msgInfo.words[0], dest, 0, sender, mr);
    quokka_store_mrs_to(mr, mr0, mr1, mr2, mr3);
    return info;
}

/// Gives up the rest of the current budget (MCS) and lets other threads run.
LIBSEL4_INLINE_FUNC void seL4_Yield(void)
{
    quokka_ecall_null(seL4_SysYield);
}

/// Blocks until a message arrives or a notification is signalled, without a reply object.
/// @param src Endpoint or notification cptr (needs Read).
/// @param sender Gets the badge (the notification word, for a notification); may be seL4_Null.
/// @return The message info; MR0..MR3 are also in the IPC buffer.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Word mr[4];
    seL4_MessageInfo_t info = quokka_ecall_recv(seL4_SysWait, src, 0, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// seL4_Wait with MR0..MR3 returned through the arguments instead of the IPC buffer.
/// @param src Endpoint or notification cptr (needs Read).
/// @param sender Gets the badge; may be seL4_Null.
/// @param mr0 Gets MR0, or seL4_Null.
/// @param mr1 Gets MR1, or seL4_Null.
/// @param mr2 Gets MR2, or seL4_Null.
/// @param mr3 Gets MR3, or seL4_Null.
/// @return The message info.
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_WaitWithMRs(seL4_CPtr src, seL4_Word *sender, seL4_Word *mr0,
                                                        seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word mr[4];
    seL4_MessageInfo_t info = quokka_ecall_recv(seL4_SysWait, src, 0, sender, mr);
    quokka_store_mrs_to(mr, mr0, mr1, mr2, mr3);
    return info;
}

/// Receives without blocking and without a reply object; returns badge 0 if nothing is pending.
/// @param src Endpoint or notification cptr (needs Read).
/// @param sender Gets the badge (0 if nothing arrived); may be seL4_Null.
/// @return The message info (undefined if nothing arrived).
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBWait(seL4_CPtr src, seL4_Word *sender)
{
    seL4_Word mr[4];
    seL4_MessageInfo_t info = quokka_ecall_recv(seL4_SysNBWait, src, 0, sender, mr);
    quokka_store_mrs(mr);
    return info;
}

/// Polls a notification: its word (0 if not signalled) comes back as the badge.
/// @param src Notification cptr (needs Read).
/// @param sender Gets the notification word; may be seL4_Null.
/// @return The message info (undefined if nothing was pending).
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBWait(src, sender);
}

#ifdef __cplusplus
}
#endif
