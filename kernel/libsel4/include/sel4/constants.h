/// @file
/// Numeric constants of the seL4 ABI for riscv64 Sv39 MCS: object sizes, limits, fault message layouts.
#pragma once

#include <sel4/config.h>
#include <sel4/macros.h>
#include <sel4/simple_types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// @name Machine word and CNode slot
/// @{
#define seL4_WordBits 64     ///< Bits in a word; also the depth of an implicit CSpace lookup.
#define seL4_WordSizeBits 3  ///< log2 of the bytes in a word.
#define seL4_SlotBits 5      ///< log2 of the bytes in a CNode slot (32).
/// @}

/// @name Object sizes (log2 of bytes)
/// @{
#define seL4_TCBBits 11              ///< Thread control block (with FPU state).
#define seL4_EndpointBits 4          ///< Endpoint.
#define seL4_NotificationBits 6      ///< Notification (MCS size).
#define seL4_ReplyBits 5             ///< Reply object (MCS only).
#define seL4_MinSchedContextBits 7   ///< Smallest scheduling context (MCS); larger ones hold more refills.
#define seL4_PageBits 12             ///< 4 KiB frame (seL4_RISCV_4K_Page).
#define seL4_LargePageBits 21        ///< 2 MiB frame (seL4_RISCV_Mega_Page).
#define seL4_HugePageBits 30         ///< 1 GiB frame (seL4_RISCV_Giga_Page).
#define seL4_PageTableBits 12        ///< Page table: 512 entries of 8 bytes.
#define seL4_PageTableEntryBits 3    ///< log2 of the bytes in a page-table entry.
#define seL4_PageTableIndexBits 9    ///< Virtual-address bits resolved by one page-table level.
#define seL4_VSpaceBits seL4_PageTableBits ///< A VSpace root is a top-level page table.
#define seL4_NumASIDPoolsBits 7      ///< log2 of the number of ASID pools.
#define seL4_ASIDPoolIndexBits 9     ///< log2 of the ASIDs in one pool.
#define seL4_ASIDPoolBits 12         ///< ASID pool object.
#define seL4_MinUntypedBits 4        ///< Smallest untyped object.
#define seL4_MaxUntypedBits 38       ///< Largest untyped object.
#define seL4_IPCBufferSizeBits 10    ///< IPC buffer (1024 bytes, aligned to its size).
#define seL4_BootInfoFrameBits 12    ///< Frame holding seL4_BootInfo.
#define seL4_BootInfoFrameSize LIBSEL4_BIT(seL4_BootInfoFrameBits) ///< Bytes in the bootinfo frame.
/// @}

/// @name Limits
/// @{
#define seL4_UntypedRetypeMaxObjects CONFIG_RETYPE_FAN_OUT_LIMIT ///< Most objects one Retype creates (256).
#define seL4_UserTop 0x0000003ffffff000ul ///< First virtual address user mappings may not reach (Sv39).
/// @}

/// @name MCS scheduling-context sizes
/// @{
#define seL4_CoreSchedContextBytes 128 ///< Bytes of a scheduling context without extra refills.
#define seL4_RefillSizeBytes 16        ///< Bytes of one extra refill.
/// @}

/// Number of extra refills a scheduling context of 2^`size` bytes holds.
/// @param size log2 of the scheduling context's size in bytes, at least seL4_MinSchedContextBits.
/// @return How many extra refills seL4_SchedControl_ConfigureFlags may ask for.
LIBSEL4_CONSTEXPR_FUNC seL4_Word seL4_MaxExtraRefills(seL4_Word size)
{
    return (LIBSEL4_BIT(size) - seL4_CoreSchedContextBytes) / seL4_RefillSizeBytes;
}

/// Thread priorities.
enum priorityConstants {
    seL4_InvalidPrio = -1,                       ///< Not a priority.
    seL4_MinPrio = 0,                            ///< Lowest priority.
    seL4_MaxPrio = CONFIG_NUM_PRIORITIES - 1     ///< Highest priority (255).
};

/// Limits of a message (see seL4_MessageInfo_t).
enum seL4_MsgLimits {
    seL4_MsgLengthBits = 7,     ///< Width of the length field.
    seL4_MsgExtraCapBits = 2,   ///< Width of the extraCaps field.
    seL4_MsgMaxLength = 120     ///< Most message registers in one message.
};

/// Most capabilities one message carries.
#define seL4_MsgMaxExtraCaps (LIBSEL4_BIT(seL4_MsgExtraCapBits) - 1)

/// @name Capability rights, guards and badges
/// @{
#define seL4_CapRightsBits 4  ///< Bits used in seL4_CapRights_t.
#define seL4_GuardSizeBits 6  ///< Width of the guard-size field of CNode cap data.
#define seL4_GuardBits 58     ///< Width of the guard field of CNode cap data.
#define seL4_BadgeBits 64     ///< Width of a badge.
#define seL4_NilData 0        ///< Cap data that changes nothing (no badge, no guard).
/// @}

/// Attributes of a page or page-table mapping (seL4_RISCV_Page_Map).
typedef enum {
    seL4_RISCV_Default_VMAttributes = 0, ///< Executable mapping.
    seL4_RISCV_ExecuteNever = 0x1        ///< The mapping is not executable.
} seL4_RISCV_VMAttributes;

/// Flags of seL4_SchedControl_ConfigureFlags.
typedef enum {
    seL4_SchedContext_NoFlag = 0x0,  ///< Round-robin budget replenishment.
    seL4_SchedContext_Sporadic = 0x1 ///< Sporadic-server replenishment.
} seL4_SchedContextFlag;

/// Flags of seL4_TCB_SetFlags.
typedef enum {
    seL4_TCBFlag_NoFlag = 0x0,      ///< No flag.
    seL4_TCBFlag_fpuDisabled = 0x1  ///< The thread may not use the FPU.
} seL4_TCBFlag;

/// Fault types: the label of a fault message sent to a fault endpoint (MCS numbering).
typedef enum seL4_Fault_tag {
    seL4_Fault_NullFault = 0,      ///< No fault.
    seL4_Fault_CapFault = 1,       ///< A capability lookup failed (see seL4_CapFault_Msg).
    seL4_Fault_UnknownSyscall = 2, ///< An unknown syscall number (see seL4_UnknownSyscall_Msg).
    seL4_Fault_UserException = 3,  ///< An exception other than a page fault (see seL4_UserException_Msg).
    seL4_Fault_Timeout = 5,        ///< A scheduling context ran out of budget (see seL4_Timeout_Msg).
    seL4_Fault_VMFault = 6         ///< A page fault or access fault (see seL4_VMFault_Msg).
} seL4_Fault_tag_t;

/// Message registers of a CapFault message.
typedef enum {
    seL4_CapFault_IP = 0,                  ///< Address of the faulting instruction.
    seL4_CapFault_Addr = 1,                ///< The cptr that failed.
    seL4_CapFault_InRecvPhase = 2,         ///< 1 if the receive phase failed.
    seL4_CapFault_LookupFailureType = 3,   ///< A seL4_LookupFailureType.
    seL4_CapFault_BitsLeft = 4,            ///< Bits of the cptr left unresolved.
    seL4_CapFault_DepthMismatch_BitsFound = 5, ///< DepthMismatch: bits the level wanted.
    seL4_CapFault_GuardMismatch_GuardFound = 5, ///< GuardMismatch: the guard found.
    seL4_CapFault_GuardMismatch_BitsFound = 6   ///< GuardMismatch: the guard's size.
} seL4_CapFault_Msg;

/// Message registers of an UnknownSyscall message; a reply with label 0 writes them back.
typedef enum {
    seL4_UnknownSyscall_FaultIP = 0, ///< Address of the `ecall`.
    seL4_UnknownSyscall_SP = 1,      ///< Stack pointer.
    seL4_UnknownSyscall_RA = 2,      ///< Return address.
    seL4_UnknownSyscall_A0 = 3,      ///< Register a0.
    seL4_UnknownSyscall_A1 = 4,      ///< Register a1.
    seL4_UnknownSyscall_A2 = 5,      ///< Register a2.
    seL4_UnknownSyscall_A3 = 6,      ///< Register a3.
    seL4_UnknownSyscall_A4 = 7,      ///< Register a4.
    seL4_UnknownSyscall_A5 = 8,      ///< Register a5.
    seL4_UnknownSyscall_A6 = 9,      ///< Register a6.
    seL4_UnknownSyscall_Syscall = 10, ///< The syscall number (a7).
    seL4_UnknownSyscall_Length = 11  ///< Message length.
} seL4_UnknownSyscall_Msg;

/// Message registers of a UserException message; a reply with label 0 writes back IP and SP.
typedef enum {
    seL4_UserException_FaultIP = 0, ///< Address of the faulting instruction.
    seL4_UserException_SP = 1,      ///< Stack pointer.
    seL4_UserException_Number = 2,  ///< The `scause` value.
    seL4_UserException_Code = 3,    ///< Always 0 on RISC-V.
    seL4_UserException_Length = 4   ///< Message length.
} seL4_UserException_Msg;

/// Message registers of a VMFault message.
typedef enum {
    seL4_VMFault_IP = 0,            ///< Address of the faulting instruction.
    seL4_VMFault_Addr = 1,          ///< The faulting address (`stval`).
    seL4_VMFault_PrefetchFault = 2, ///< 1 for an instruction fetch.
    seL4_VMFault_FSR = 3,           ///< Access-fault cause: load 5, store/AMO 7, fetch 1.
    seL4_VMFault_Length = 4         ///< Message length.
} seL4_VMFault_Msg;

/// Message registers of a Timeout message (MCS).
typedef enum {
    seL4_Timeout_Data = 0,     ///< Badge of the scheduling context.
    seL4_Timeout_Consumed = 1, ///< Time consumed since the last report.
    seL4_Timeout_Length = 2    ///< Message length.
} seL4_Timeout_Msg;

#ifdef __cplusplus
}
#endif
