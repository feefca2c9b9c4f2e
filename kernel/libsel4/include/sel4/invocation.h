/// @file
/// Invocation labels: the label of a Call that invokes a kernel object (seL4 15.0/16.0, MCS, riscv64).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/// Invocation labels, named as seL4's generator names them (interface + method).
///
/// seL4 generates three enums: the generic labels end with nInvocationLabels, the riscv64
/// ("sel4_arch") list is empty so nSeL4ArchInvocationLabels equals it, and the RISC-V labels
/// follow up to nArchInvocationLabels. Here all are in one enum with the same values, so
/// nArchInvocationLabels is the total count. The kernel tests the CNode labels as a range, so
/// CNodeRevoke..CNodeRotate (and CNodeCopy..CNodeMutate) must stay contiguous.
enum invocation_label {
    InvalidInvocation = 0,           ///< Not an invocation.
    UntypedRetype = 1,               ///< seL4_Untyped_Retype.
    TCBReadRegisters = 2,            ///< seL4_TCB_ReadRegisters.
    TCBWriteRegisters = 3,           ///< seL4_TCB_WriteRegisters.
    TCBCopyRegisters = 4,            ///< seL4_TCB_CopyRegisters.
    TCBConfigure = 5,                ///< seL4_TCB_Configure.
    TCBSetPriority = 6,              ///< seL4_TCB_SetPriority.
    TCBSetMCPriority = 7,            ///< seL4_TCB_SetMCPriority.
    TCBSetSchedParams = 8,           ///< seL4_TCB_SetSchedParams.
    TCBSetTimeoutEndpoint = 9,       ///< seL4_TCB_SetTimeoutEndpoint.
    TCBSetIPCBuffer = 10,            ///< seL4_TCB_SetIPCBuffer.
    TCBSetSpace = 11,                ///< seL4_TCB_SetSpace.
    TCBSuspend = 12,                 ///< seL4_TCB_Suspend.
    TCBResume = 13,                  ///< seL4_TCB_Resume.
    TCBBindNotification = 14,        ///< seL4_TCB_BindNotification.
    TCBUnbindNotification = 15,      ///< seL4_TCB_UnbindNotification.
    TCBSetTLSBase = 16,              ///< seL4_TCB_SetTLSBase.
    TCBSetFlags = 17,                ///< seL4_TCB_SetFlags.
    CNodeRevoke = 18,                ///< seL4_CNode_Revoke.
    CNodeDelete = 19,                ///< seL4_CNode_Delete.
    CNodeCancelBadgedSends = 20,     ///< seL4_CNode_CancelBadgedSends.
    CNodeCopy = 21,                  ///< seL4_CNode_Copy.
    CNodeMint = 22,                  ///< seL4_CNode_Mint.
    CNodeMove = 23,                  ///< seL4_CNode_Move.
    CNodeMutate = 24,                ///< seL4_CNode_Mutate.
    CNodeRotate = 25,                ///< seL4_CNode_Rotate.
    IRQIssueIRQHandler = 26,         ///< seL4_IRQControl_Get.
    IRQAckIRQ = 27,                  ///< seL4_IRQHandler_Ack.
    IRQSetIRQHandler = 28,           ///< seL4_IRQHandler_SetNotification.
    IRQClearIRQHandler = 29,         ///< seL4_IRQHandler_Clear.
    DomainSetSet = 30,               ///< seL4_DomainSet_Set.
    DomainScheduleConfigure = 31,    ///< Set an entry of the domain schedule (new in 15.0).
    DomainScheduleSetStart = 32,     ///< Set where the domain schedule starts (new in 15.0).
    SchedControlConfigureFlags = 33, ///< seL4_SchedControl_ConfigureFlags.
    SchedContextBind = 34,           ///< seL4_SchedContext_Bind.
    SchedContextUnbind = 35,         ///< seL4_SchedContext_Unbind.
    SchedContextUnbindObject = 36,   ///< seL4_SchedContext_UnbindObject.
    SchedContextConsumed = 37,       ///< seL4_SchedContext_Consumed.
    SchedContextYieldTo = 38,        ///< seL4_SchedContext_YieldTo.
    nInvocationLabels = 39,          ///< Number of generic labels (not the total: see nArchInvocationLabels).
    nSeL4ArchInvocationLabels = 39,  ///< End of the (empty) riscv64 list.
    RISCVPageTableMap = 39,          ///< seL4_RISCV_PageTable_Map.
    RISCVPageTableUnmap = 40,        ///< seL4_RISCV_PageTable_Unmap.
    RISCVPageMap = 41,               ///< seL4_RISCV_Page_Map.
    RISCVPageUnmap = 42,             ///< seL4_RISCV_Page_Unmap.
    RISCVPageGetAddress = 43,        ///< seL4_RISCV_Page_GetAddress.
    RISCVASIDControlMakePool = 44,   ///< seL4_RISCV_ASIDControl_MakePool.
    RISCVASIDPoolAssign = 45,        ///< seL4_RISCV_ASIDPool_Assign.
    RISCVIRQIssueIRQHandlerTrigger = 46, ///< seL4_IRQControl_GetTrigger.
    nArchInvocationLabels = 47       ///< Total number of labels.
};

#ifdef __cplusplus
}
#endif
