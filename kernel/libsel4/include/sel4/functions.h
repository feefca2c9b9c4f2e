/// @file
/// Access to the calling thread's IPC buffer: message registers, user data, caps and the receive slot.
#pragma once

#include <sel4/macros.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The calling thread's IPC buffer. Declared here; the runtime defines it (one per thread, in TLS).
extern LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

/// Tells libsel4 where the calling thread's IPC buffer is mapped.
/// @param ipc_buffer Address of the buffer (the one given to TCB_Configure or TCB_SetIPCBuffer).
LIBSEL4_INLINE_FUNC void seL4_SetIPCBuffer(seL4_IPCBuffer *ipc_buffer)
{
    __sel4_ipc_buffer = ipc_buffer;
}

/// Returns the calling thread's IPC buffer.
/// @return The address set with seL4_SetIPCBuffer.
LIBSEL4_INLINE_FUNC seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

/// Reads a message register from the IPC buffer.
/// @param i Register number, 0..119.
/// @return Its value.
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetMR(int i)
{
    return seL4_GetIPCBuffer()->msg[i];
}

/// Writes a message register in the IPC buffer.
/// @param i Register number, 0..119.
/// @param mr The value.
LIBSEL4_INLINE_FUNC void seL4_SetMR(int i, seL4_Word mr)
{
    seL4_GetIPCBuffer()->msg[i] = mr;
}

/// Reads the IPC buffer's user-data word.
/// @return The word.
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetUserData(void)
{
    return seL4_GetIPCBuffer()->userData;
}

/// Writes the IPC buffer's user-data word (the kernel never touches it).
/// @param data The word.
LIBSEL4_INLINE_FUNC void seL4_SetUserData(seL4_Word data)
{
    seL4_GetIPCBuffer()->userData = data;
}

/// Reads the badge of a received cap that was unwrapped (see seL4_MessageInfo_get_capsUnwrapped).
/// @param i Extra-cap number, 0..2.
/// @return The badge.
LIBSEL4_INLINE_FUNC seL4_Word seL4_GetBadge(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

/// Reads the cptr of an extra cap to send.
/// @param i Extra-cap number, 0..2.
/// @return The cptr.
LIBSEL4_INLINE_FUNC seL4_CPtr seL4_GetCap(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

/// Names a cap to send with the next message (set extraCaps in its message info too).
/// @param i Extra-cap number, 0..2.
/// @param cptr The cap, looked up in the sender's CSpace at depth 64.
LIBSEL4_INLINE_FUNC void seL4_SetCap(int i, seL4_CPtr cptr)
{
    seL4_GetIPCBuffer()->caps_or_badges[i] = cptr;
}

/// Reads the slot where a received cap will go; each pointer may be seL4_Null.
/// @param receiveCNode Gets the CNode cptr.
/// @param receiveIndex Gets the index in that CNode.
/// @param receiveDepth Gets the depth of the index.
LIBSEL4_INLINE_FUNC void seL4_GetCapReceivePath(seL4_CPtr *receiveCNode, seL4_CPtr *receiveIndex,
                                                seL4_Word *receiveDepth)
{
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();
    if (receiveCNode != seL4_Null) {
        *receiveCNode = buffer->receiveCNode;
    }
    if (receiveIndex != seL4_Null) {
        *receiveIndex = buffer->receiveIndex;
    }
    if (receiveDepth != seL4_Null) {
        *receiveDepth = buffer->receiveDepth;
    }
}

/// Names the empty slot where a received cap should go.
/// @param receiveCNode CNode cptr, looked up at depth 64 in the receiver's CSpace.
/// @param receiveIndex Index of the slot in that CNode.
/// @param receiveDepth Number of bits of receiveIndex to resolve (consumed exactly).
LIBSEL4_INLINE_FUNC void seL4_SetCapReceivePath(seL4_CPtr receiveCNode, seL4_CPtr receiveIndex,
                                                seL4_Word receiveDepth)
{
    seL4_IPCBuffer *buffer = seL4_GetIPCBuffer();
    buffer->receiveCNode = receiveCNode;
    buffer->receiveIndex = receiveIndex;
    buffer->receiveDepth = receiveDepth;
}

#ifdef __cplusplus
}
#endif
