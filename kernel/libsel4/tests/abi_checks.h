// The numbers of the pinned ABI (seL4 15.0.0, MCS, riscv64, Sv39), checked at compile time against
// shared/reference/sel4-api-subset.md. Uses only the pure-ABI headers, so the kernel's view is checked.
#pragma once

#include <sel4/bootinfo_types.h>
#include <sel4/config.h>
#include <sel4/constants.h>
#include <sel4/errors.h>
#include <sel4/invocation.h>
#include <sel4/macros.h>
#include <sel4/objecttype.h>
#include <sel4/shared_types.h>
#include <sel4/simple_types.h>
#include <sel4/syscall.h>

#define CHECK(condition) SEL4_STATIC_ASSERT(condition, #condition)

// Types (reference §2, §4).
CHECK(sizeof(seL4_Word) == 8);
CHECK(sizeof(seL4_Uint8) == 1 && sizeof(seL4_Uint16) == 2 && sizeof(seL4_Uint32) == 4 && sizeof(seL4_Uint64) == 8);
CHECK(sizeof(seL4_MessageInfo_t) == 8 && sizeof(seL4_CapRights_t) == 8 && sizeof(seL4_CNode_CapData_t) == 8);
CHECK(__alignof__(seL4_IPCBuffer) == 1024);

// Syscall numbers (§1.1, MCS <= 15.0).
CHECK(seL4_SysCall == -1 && seL4_SysReplyRecv == -2 && seL4_SysNBSendRecv == -3 && seL4_SysNBSendWait == -4);
CHECK(seL4_SysSend == -5 && seL4_SysNBSend == -6 && seL4_SysRecv == -7 && seL4_SysNBRecv == -8);
CHECK(seL4_SysWait == -9 && seL4_SysNBWait == -10 && seL4_SysYield == -11);
CHECK(seL4_SysDebugPutChar == -12 && seL4_SysDebugDumpScheduler == -13 && seL4_SysDebugHalt == -14);
CHECK(seL4_SysDebugCapIdentify == -15 && seL4_SysDebugSnapshot == -16 && seL4_SysDebugNameThread == -17);
CHECK(seL4_SysDebugSendIPI == -18 && seL4_SysDebugRun == -19 && seL4_SysSetTLSBase == -32);

// Message limits (§2).
CHECK(seL4_MsgLengthBits == 7 && seL4_MsgExtraCapBits == 2 && seL4_MsgMaxLength == 120 && seL4_MsgMaxExtraCaps == 3);
CHECK(seL4_IPCBufferSizeBits == 10);

// Errors and lookup failures (§3.1).
CHECK(seL4_NoError == 0 && seL4_InvalidArgument == 1 && seL4_InvalidCapability == 2 && seL4_IllegalOperation == 3);
CHECK(seL4_RangeError == 4 && seL4_AlignmentError == 5 && seL4_FailedLookup == 6 && seL4_TruncatedMessage == 7);
CHECK(seL4_DeleteFirst == 8 && seL4_RevokeFirst == 9 && seL4_NotEnoughMemory == 10 && seL4_NumErrors == 11);
CHECK(seL4_NoFailure == 0 && seL4_InvalidRoot == 1 && seL4_MissingCapability == 2);
CHECK(seL4_DepthMismatch == 3 && seL4_GuardMismatch == 4);

// Rights, guards, badges (§3.2).
CHECK(seL4_CapRightsBits == 4 && seL4_GuardSizeBits == 6 && seL4_GuardBits == 58);
CHECK(seL4_BadgeBits == 64 && seL4_NilData == 0);

// Object types and sizes (§4, MCS column).
CHECK(seL4_UntypedObject == 0 && seL4_TCBObject == 1 && seL4_EndpointObject == 2 && seL4_NotificationObject == 3);
CHECK(seL4_CapTableObject == 4 && seL4_SchedContextObject == 5 && seL4_ReplyObject == 6);
CHECK(seL4_RISCV_Giga_Page == 7 && seL4_RISCV_4K_Page == 8 && seL4_RISCV_Mega_Page == 9);
CHECK(seL4_RISCV_PageTableObject == 10 && seL4_ObjectTypeCount == 11 && seL4_NonArchObjectTypeCount == 7);
CHECK(seL4_RISCV_Tera_Page == 0xffffffffu);
CHECK(seL4_WordBits == 64 && seL4_WordSizeBits == 3 && seL4_SlotBits == 5);
CHECK(seL4_TCBBits == 11 && seL4_EndpointBits == 4 && seL4_NotificationBits == 6 && seL4_ReplyBits == 5);
CHECK(seL4_MinSchedContextBits == 7 && seL4_PageBits == 12 && seL4_LargePageBits == 21 && seL4_HugePageBits == 30);
CHECK(seL4_PageTableBits == 12 && seL4_PageTableEntryBits == 3 && seL4_PageTableIndexBits == 9);
CHECK(seL4_VSpaceBits == 12 && seL4_NumASIDPoolsBits == 7 && seL4_ASIDPoolIndexBits == 9 && seL4_ASIDPoolBits == 12);
CHECK(seL4_MinUntypedBits == 4 && seL4_MaxUntypedBits == 38 && seL4_UntypedRetypeMaxObjects == 256);
CHECK(seL4_CoreSchedContextBytes == 128 && seL4_RefillSizeBytes == 16);
CHECK(seL4_MinPrio == 0 && seL4_MaxPrio == 255);
CHECK(seL4_UserTop == 0x3ffffff000ul && seL4_BootInfoFrameBits == 12);
CHECK(seL4_RISCV_ExecuteNever == 1 && seL4_RISCV_Default_VMAttributes == 0);

// Invocation labels (§5.1, 15.0/16.0 MCS column).
CHECK(InvalidInvocation == 0 && UntypedRetype == 1 && TCBReadRegisters == 2 && TCBSetSchedParams == 8);
CHECK(TCBSetTimeoutEndpoint == 9 && TCBSetIPCBuffer == 10 && TCBSetSpace == 11 && TCBResume == 13);
CHECK(TCBUnbindNotification == 15 && TCBSetTLSBase == 16 && TCBSetFlags == 17);
CHECK(CNodeRevoke == 18 && CNodeDelete == 19 && CNodeCancelBadgedSends == 20 && CNodeCopy == 21);
CHECK(CNodeMint == 22 && CNodeMove == 23 && CNodeMutate == 24 && CNodeRotate == 25);
CHECK(IRQIssueIRQHandler == 26 && IRQAckIRQ == 27 && IRQSetIRQHandler == 28 && IRQClearIRQHandler == 29);
CHECK(DomainSetSet == 30 && DomainScheduleConfigure == 31 && DomainScheduleSetStart == 32);
CHECK(SchedControlConfigureFlags == 33 && SchedContextBind == 34 && SchedContextUnbind == 35);
CHECK(SchedContextUnbindObject == 36 && SchedContextConsumed == 37 && SchedContextYieldTo == 38);
CHECK(nInvocationLabels == 39 && RISCVPageTableMap == 39 && RISCVPageTableUnmap == 40 && RISCVPageMap == 41);
CHECK(RISCVPageUnmap == 42 && RISCVPageGetAddress == 43 && RISCVASIDControlMakePool == 44);
CHECK(RISCVASIDPoolAssign == 45 && RISCVIRQIssueIRQHandlerTrigger == 46 && nArchInvocationLabels == 47);

// Initial caps and bootinfo ids (§7).
CHECK(seL4_CapNull == 0 && seL4_CapInitThreadTCB == 1 && seL4_CapInitThreadCNode == 2);
CHECK(seL4_CapInitThreadVSpace == 3 && seL4_CapIRQControl == 4 && seL4_CapASIDControl == 5);
CHECK(seL4_CapInitThreadASIDPool == 6 && seL4_CapBootInfoFrame == 9 && seL4_CapInitThreadIPCBuffer == 10);
CHECK(seL4_CapDomain == 11 && seL4_CapInitThreadSC == 14 && seL4_CapSMC == 15 && seL4_NumInitialCaps == 16);
CHECK(SEL4_BOOTINFO_HEADER_FDT == 6 && SEL4_BOOTINFO_HEADER_QUOKKA_BOOT_STATS == 0x5100);
CHECK(CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS == 230 && sizeof(seL4_BootInfo) == 184 + 230 * 16);

// Fault labels and message layouts (§8.6, MCS).
CHECK(seL4_Fault_NullFault == 0 && seL4_Fault_CapFault == 1 && seL4_Fault_UnknownSyscall == 2);
CHECK(seL4_Fault_UserException == 3 && seL4_Fault_Timeout == 5 && seL4_Fault_VMFault == 6);
CHECK(seL4_CapFault_LookupFailureType == 3 && seL4_CapFault_GuardMismatch_BitsFound == 6);
CHECK(seL4_UnknownSyscall_A0 == 3 && seL4_UnknownSyscall_Syscall == 10 && seL4_UnknownSyscall_Length == 11);
CHECK(seL4_UserException_Number == 2 && seL4_UserException_Length == 4);
CHECK(seL4_VMFault_FSR == 3 && seL4_VMFault_Length == 4 && seL4_Timeout_Length == 2);

#undef CHECK
