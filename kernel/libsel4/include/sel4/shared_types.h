/// @file
/// Types shared by user level and the kernel: message info, cap rights, CNode cap data, IPC buffer, user context.
#pragma once

#include <sel4/constants.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Reads a bit field of a word (helper for the accessors below).
/// @param word The word holding the field.
/// @param shift Bit position of the field's least significant bit.
/// @param width Field width in bits (less than 64).
/// @return The field, shifted down to bit 0.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 quokka_field_get(seL4_Uint64 word, unsigned shift, unsigned width)
{
    return (word >> shift) & (LIBSEL4_BIT(width) - 1);
}

/// Replaces a bit field of a word; bits of `value` that do not fit are dropped.
/// @param word The word holding the field.
/// @param shift Bit position of the field's least significant bit.
/// @param width Field width in bits (less than 64).
/// @param value The new field value.
/// @return `word` with the field replaced.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 quokka_field_set(seL4_Uint64 word, unsigned shift, unsigned width,
                                                    seL4_Uint64 value)
{
    seL4_Uint64 mask = (LIBSEL4_BIT(width) - 1) << shift;
    return (word & ~mask) | ((value << shift) & mask);
}

/// The message-info word (register a1): label 63..12, capsUnwrapped 11..9, extraCaps 8..7, length 6..0.
typedef struct seL4_MessageInfo {
    seL4_Uint64 words[1]; ///< The packed word.
} seL4_MessageInfo_t;

/// Builds a message-info word.
/// @param label Invocation label, error code or any user value (52 bits).
/// @param capsUnwrapped Receive side: bit i set if extra cap i arrived as a badge (3 bits).
/// @param extraCaps Number of capabilities sent, 0..3.
/// @param length Number of message registers, 0..120.
/// @return The message info.
LIBSEL4_CONSTEXPR_FUNC seL4_MessageInfo_t seL4_MessageInfo_new(seL4_Uint64 label, seL4_Uint64 capsUnwrapped,
                                                               seL4_Uint64 extraCaps, seL4_Uint64 length)
{
    seL4_Uint64 word = quokka_field_set(0, 12, 52, label);
    word = quokka_field_set(word, 9, 3, capsUnwrapped);
    word = quokka_field_set(word, 7, 2, extraCaps);
    seL4_MessageInfo_t info = {{quokka_field_set(word, 0, 7, length)}};
    return info;
}

/// Reads the label.
/// @param info The message info.
/// @return The label.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_MessageInfo_get_label(seL4_MessageInfo_t info)
{
    return quokka_field_get(info.words[0], 12, 52);
}

/// Replaces the label.
/// @param info The message info.
/// @param value The new label.
/// @return `info` with the new label.
LIBSEL4_CONSTEXPR_FUNC seL4_MessageInfo_t seL4_MessageInfo_set_label(seL4_MessageInfo_t info, seL4_Uint64 value)
{
    info.words[0] = quokka_field_set(info.words[0], 12, 52, value);
    return info;
}

/// Reads the capsUnwrapped mask.
/// @param info The message info.
/// @return Bit i set if extra cap i was unwrapped to its badge.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_MessageInfo_get_capsUnwrapped(seL4_MessageInfo_t info)
{
    return quokka_field_get(info.words[0], 9, 3);
}

/// Replaces the capsUnwrapped mask.
/// @param info The message info.
/// @param value The new mask.
/// @return `info` with the new mask.
LIBSEL4_CONSTEXPR_FUNC seL4_MessageInfo_t seL4_MessageInfo_set_capsUnwrapped(seL4_MessageInfo_t info,
                                                                             seL4_Uint64 value)
{
    info.words[0] = quokka_field_set(info.words[0], 9, 3, value);
    return info;
}

/// Reads the number of extra capabilities.
/// @param info The message info.
/// @return 0..3.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_MessageInfo_get_extraCaps(seL4_MessageInfo_t info)
{
    return quokka_field_get(info.words[0], 7, 2);
}

/// Replaces the number of extra capabilities.
/// @param info The message info.
/// @param value The new count, 0..3.
/// @return `info` with the new count.
LIBSEL4_CONSTEXPR_FUNC seL4_MessageInfo_t seL4_MessageInfo_set_extraCaps(seL4_MessageInfo_t info, seL4_Uint64 value)
{
    info.words[0] = quokka_field_set(info.words[0], 7, 2, value);
    return info;
}

/// Reads the message length.
/// @param info The message info.
/// @return Number of message registers.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_MessageInfo_get_length(seL4_MessageInfo_t info)
{
    return quokka_field_get(info.words[0], 0, 7);
}

/// Replaces the message length.
/// @param info The message info.
/// @param value The new length, 0..120.
/// @return `info` with the new length.
LIBSEL4_CONSTEXPR_FUNC seL4_MessageInfo_t seL4_MessageInfo_set_length(seL4_MessageInfo_t info, seL4_Uint64 value)
{
    info.words[0] = quokka_field_set(info.words[0], 0, 7, value);
    return info;
}

/// Capability rights: bit 3 GrantReply, bit 2 Grant, bit 1 Read, bit 0 Write.
typedef struct seL4_CapRights {
    seL4_Uint64 words[1]; ///< The packed word.
} seL4_CapRights_t;

/// Builds a rights word; each argument is 0 or 1.
/// @param capAllowGrantReply Call may create a reply (without cap transfer).
/// @param capAllowGrant Capabilities may be sent (and Call may create a reply).
/// @param capAllowRead Receive, wait, or map readable.
/// @param capAllowWrite Send, signal, or map writable.
/// @return The rights.
LIBSEL4_CONSTEXPR_FUNC seL4_CapRights_t seL4_CapRights_new(seL4_Uint64 capAllowGrantReply, seL4_Uint64 capAllowGrant,
                                                           seL4_Uint64 capAllowRead, seL4_Uint64 capAllowWrite)
{
    seL4_Uint64 word = quokka_field_set(0, 3, 1, capAllowGrantReply);
    word = quokka_field_set(word, 2, 1, capAllowGrant);
    word = quokka_field_set(word, 1, 1, capAllowRead);
    seL4_CapRights_t rights = {{quokka_field_set(word, 0, 1, capAllowWrite)}};
    return rights;
}

/// Reads the GrantReply right.
/// @param rights The rights.
/// @return 1 if present, else 0.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_CapRights_get_capAllowGrantReply(seL4_CapRights_t rights)
{
    return quokka_field_get(rights.words[0], 3, 1);
}

/// Reads the Grant right.
/// @param rights The rights.
/// @return 1 if present, else 0.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_CapRights_get_capAllowGrant(seL4_CapRights_t rights)
{
    return quokka_field_get(rights.words[0], 2, 1);
}

/// Reads the Read right.
/// @param rights The rights.
/// @return 1 if present, else 0.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_CapRights_get_capAllowRead(seL4_CapRights_t rights)
{
    return quokka_field_get(rights.words[0], 1, 1);
}

/// Reads the Write right.
/// @param rights The rights.
/// @return 1 if present, else 0.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_CapRights_get_capAllowWrite(seL4_CapRights_t rights)
{
    return quokka_field_get(rights.words[0], 0, 1);
}

/// @name Common rights values (each expands to a seL4_CapRights_new call)
/// @{
#define seL4_AllRights seL4_CapRights_new(1, 1, 1, 1)     ///< All four rights (0xF).
#define seL4_ReadWrite seL4_CapRights_new(0, 0, 1, 1)     ///< Read and Write (0x3).
#define seL4_CanRead seL4_CapRights_new(0, 0, 1, 0)       ///< Read only (0x2).
#define seL4_CanWrite seL4_CapRights_new(0, 0, 0, 1)      ///< Write only (0x1).
#define seL4_CanGrant seL4_CapRights_new(0, 1, 0, 0)      ///< Grant only (0x4).
#define seL4_CanGrantReply seL4_CapRights_new(1, 0, 0, 0) ///< GrantReply only (0x8).
#define seL4_NoWrite seL4_CapRights_new(1, 1, 1, 0)       ///< All but Write (0xE).
#define seL4_NoRead seL4_CapRights_new(1, 1, 0, 1)        ///< All but Read (0xD).
#define seL4_NoRights seL4_CapRights_new(0, 0, 0, 0)      ///< No rights (0).
/// @}

/// Cap data for a CNode cap (Mint/Mutate badge argument): guard 63..6, guardSize 5..0.
typedef struct seL4_CNode_CapData {
    seL4_Uint64 words[1]; ///< The packed word.
} seL4_CNode_CapData_t;

/// Builds CNode cap data.
/// @param guard The guard value (58 bits).
/// @param guardSize Number of guard bits, 0..63.
/// @return The cap data; pass `.words[0]` as the badge of Mint or Mutate.
LIBSEL4_CONSTEXPR_FUNC seL4_CNode_CapData_t seL4_CNode_CapData_new(seL4_Uint64 guard, seL4_Uint64 guardSize)
{
    seL4_CNode_CapData_t data = {{quokka_field_set(quokka_field_set(0, 6, 58, guard), 0, 6, guardSize)}};
    return data;
}

/// Reads the guard.
/// @param data The cap data.
/// @return The guard value.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_CNode_CapData_get_guard(seL4_CNode_CapData_t data)
{
    return quokka_field_get(data.words[0], 6, 58);
}

/// Reads the guard size.
/// @param data The cap data.
/// @return Number of guard bits.
LIBSEL4_CONSTEXPR_FUNC seL4_Uint64 seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_t data)
{
    return quokka_field_get(data.words[0], 0, 6);
}

/// A thread's IPC buffer: 128 words, aligned to its size. Byte offsets are written beside the fields.
typedef struct seL4_IPCBuffer_ {
    seL4_MessageInfo_t tag;                       ///< 0x000: ignored by the kernel.
    seL4_Word msg[seL4_MsgMaxLength];             ///< 0x008: message registers (0..3 also travel in a2..a5).
    seL4_Word userData;                           ///< 0x3c8: free for the user (often the buffer's own address).
    seL4_Word caps_or_badges[seL4_MsgMaxExtraCaps]; ///< 0x3d0: cptrs to send, or badges received.
    seL4_CPtr receiveCNode;                       ///< 0x3e8: CNode of the receive slot (depth-64 lookup).
    seL4_CPtr receiveIndex;                       ///< 0x3f0: index of the receive slot in that CNode.
    seL4_Word receiveDepth;                       ///< 0x3f8: depth of receiveIndex.
} seL4_IPCBuffer /** @cond */ __attribute__((__aligned__(LIBSEL4_BIT(seL4_IPCBufferSizeBits)))) /** @endcond */;

/// @cond
SEL4_STATIC_ASSERT(sizeof(seL4_IPCBuffer) == LIBSEL4_BIT(seL4_IPCBufferSizeBits), "IPC buffer is 1024 bytes");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, msg) == 0x008, "IPC buffer msg offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, msg[119]) == 0x3c0, "IPC buffer msg[119] offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, userData) == 0x3c8, "IPC buffer userData offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, caps_or_badges) == 0x3d0, "IPC buffer caps offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveCNode) == 0x3e8, "IPC buffer receiveCNode offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveIndex) == 0x3f0, "IPC buffer receiveIndex offset");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_IPCBuffer, receiveDepth) == 0x3f8, "IPC buffer receiveDepth offset");
/// @endcond

/// A thread's registers in the order TCB_ReadRegisters/WriteRegisters use (word index in brackets).
typedef struct seL4_UserContext_ {
    seL4_Word pc;  ///< [0] program counter.
    seL4_Word ra;  ///< [1] return address (x1).
    seL4_Word sp;  ///< [2] stack pointer (x2).
    seL4_Word gp;  ///< [3] global pointer (x3).
    seL4_Word s0;  ///< [4] saved register / frame pointer (x8).
    seL4_Word s1;  ///< [5] saved register (x9).
    seL4_Word s2;  ///< [6] saved register (x18).
    seL4_Word s3;  ///< [7] saved register (x19).
    seL4_Word s4;  ///< [8] saved register (x20).
    seL4_Word s5;  ///< [9] saved register (x21).
    seL4_Word s6;  ///< [10] saved register (x22).
    seL4_Word s7;  ///< [11] saved register (x23).
    seL4_Word s8;  ///< [12] saved register (x24).
    seL4_Word s9;  ///< [13] saved register (x25).
    seL4_Word s10; ///< [14] saved register (x26).
    seL4_Word s11; ///< [15] saved register (x27).
    seL4_Word a0;  ///< [16] argument register (x10).
    seL4_Word a1;  ///< [17] argument register (x11).
    seL4_Word a2;  ///< [18] argument register (x12).
    seL4_Word a3;  ///< [19] argument register (x13).
    seL4_Word a4;  ///< [20] argument register (x14).
    seL4_Word a5;  ///< [21] argument register (x15).
    seL4_Word a6;  ///< [22] argument register (x16).
    seL4_Word a7;  ///< [23] argument register (x17).
    seL4_Word t0;  ///< [24] temporary (x5).
    seL4_Word t1;  ///< [25] temporary (x6).
    seL4_Word t2;  ///< [26] temporary (x7).
    seL4_Word t3;  ///< [27] temporary (x28).
    seL4_Word t4;  ///< [28] temporary (x29).
    seL4_Word t5;  ///< [29] temporary (x30).
    seL4_Word t6;  ///< [30] temporary (x31).
    seL4_Word tp;  ///< [31] thread pointer (x4).
} seL4_UserContext;

/// @cond
SEL4_STATIC_ASSERT(sizeof(seL4_UserContext) == 32 * sizeof(seL4_Word), "user context is 32 words");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UserContext, s0) == 4 * sizeof(seL4_Word), "user context s0 index");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UserContext, a0) == 16 * sizeof(seL4_Word), "user context a0 index");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UserContext, t0) == 24 * sizeof(seL4_Word), "user context t0 index");
SEL4_STATIC_ASSERT(SEL4_OFFSETOF(seL4_UserContext, tp) == 31 * sizeof(seL4_Word), "user context tp index");
/// @endcond

#ifdef __cplusplus
}
#endif
