// Uses every user-level libsel4 function the way seL4 programs do, in code that is compiled but
// never run: each function is bound to a pointer of seL4's exact signature, then called through it.
#pragma once

#include <sel4/sel4.h>

#define BIND(ret, name, ...) ret (*volatile name##_ptr)(__VA_ARGS__) = name

// The lecture's server loop (DESIGN.md, "User level"), verbatim apart from the setup.
static seL4_Word serve_once(seL4_CPtr ep, seL4_CPtr reply)
{
    seL4_Word badge;
    seL4_MessageInfo_t msg = seL4_Recv(ep, &badge, reply);
    (void)msg;
    seL4_MessageInfo_t response = seL4_MessageInfo_new(0, 0, 0, 1);
    seL4_NBSend(reply, response);
    return badge;
}

void quokka_libsel4_use_api(seL4_CPtr cap, seL4_BootInfo *info);

void quokka_libsel4_use_api(seL4_CPtr cap, seL4_BootInfo *info)
{
    seL4_Word w = 1;
    seL4_CPtr c = cap;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(7, 0, 0, 2);

    BIND(void, seL4_SetIPCBuffer, seL4_IPCBuffer *);
    BIND(seL4_IPCBuffer *, seL4_GetIPCBuffer, void);
    BIND(seL4_Word, seL4_GetMR, int);
    BIND(void, seL4_SetMR, int, seL4_Word);
    BIND(seL4_Word, seL4_GetUserData, void);
    BIND(void, seL4_SetUserData, seL4_Word);
    BIND(seL4_Word, seL4_GetBadge, int);
    BIND(seL4_CPtr, seL4_GetCap, int);
    BIND(void, seL4_SetCap, int, seL4_CPtr);
    BIND(void, seL4_GetCapReceivePath, seL4_CPtr *, seL4_CPtr *, seL4_Word *);
    BIND(void, seL4_SetCapReceivePath, seL4_CPtr, seL4_CPtr, seL4_Word);
    seL4_SetIPCBuffer_ptr(info->ipcBuffer);
    seL4_SetMR_ptr(0, seL4_GetMR_ptr(1) + seL4_GetUserData_ptr() + seL4_GetBadge_ptr(0));
    seL4_SetUserData_ptr(seL4_GetIPCBuffer_ptr()->userData);
    seL4_SetCap_ptr(0, seL4_GetCap_ptr(1));
    seL4_SetCapReceivePath_ptr(seL4_CapInitThreadCNode, c, seL4_WordBits);
    seL4_GetCapReceivePath_ptr(&c, seL4_Null, &w);

    BIND(void, seL4_Send, seL4_CPtr, seL4_MessageInfo_t);
    BIND(void, seL4_SendWithMRs, seL4_CPtr, seL4_MessageInfo_t, seL4_Word *, seL4_Word *, seL4_Word *, seL4_Word *);
    BIND(void, seL4_NBSend, seL4_CPtr, seL4_MessageInfo_t);
    BIND(void, seL4_NBSendWithMRs, seL4_CPtr, seL4_MessageInfo_t, seL4_Word *, seL4_Word *, seL4_Word *, seL4_Word *);
    BIND(void, seL4_Signal, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_Recv, seL4_CPtr, seL4_Word *, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_RecvWithMRs, seL4_CPtr, seL4_Word *, seL4_CPtr, seL4_Word *, seL4_Word *,
         seL4_Word *, seL4_Word *);
    BIND(seL4_MessageInfo_t, seL4_NBRecv, seL4_CPtr, seL4_Word *, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_Call, seL4_CPtr, seL4_MessageInfo_t);
    BIND(seL4_MessageInfo_t, seL4_CallWithMRs, seL4_CPtr, seL4_MessageInfo_t, seL4_Word *, seL4_Word *,
         seL4_Word *, seL4_Word *);
    BIND(seL4_MessageInfo_t, seL4_ReplyRecv, seL4_CPtr, seL4_MessageInfo_t, seL4_Word *, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_ReplyRecvWithMRs, seL4_CPtr, seL4_MessageInfo_t, seL4_Word *, seL4_Word *,
         seL4_Word *, seL4_Word *, seL4_Word *, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_NBSendRecv, seL4_CPtr, seL4_MessageInfo_t, seL4_CPtr, seL4_Word *, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_NBSendRecvWithMRs, seL4_CPtr, seL4_MessageInfo_t, seL4_CPtr, seL4_Word *,
         seL4_Word *, seL4_Word *, seL4_Word *, seL4_Word *, seL4_CPtr);
    BIND(seL4_MessageInfo_t, seL4_NBSendWait, seL4_CPtr, seL4_MessageInfo_t, seL4_CPtr, seL4_Word *);
    BIND(seL4_MessageInfo_t, seL4_NBSendWaitWithMRs, seL4_CPtr, seL4_MessageInfo_t, seL4_CPtr, seL4_Word *,
         seL4_Word *, seL4_Word *, seL4_Word *, seL4_Word *);
    BIND(void, seL4_Yield, void);
    BIND(seL4_MessageInfo_t, seL4_Wait, seL4_CPtr, seL4_Word *);
    BIND(seL4_MessageInfo_t, seL4_WaitWithMRs, seL4_CPtr, seL4_Word *, seL4_Word *, seL4_Word *, seL4_Word *,
         seL4_Word *);
    BIND(seL4_MessageInfo_t, seL4_NBWait, seL4_CPtr, seL4_Word *);
    BIND(seL4_MessageInfo_t, seL4_Poll, seL4_CPtr, seL4_Word *);
    seL4_Send_ptr(cap, tag);
    seL4_SendWithMRs_ptr(cap, tag, &w, seL4_Null, seL4_Null, seL4_Null);
    seL4_NBSend_ptr(cap, tag);
    seL4_NBSendWithMRs_ptr(cap, tag, &w, &w, seL4_Null, seL4_Null);
    seL4_Signal_ptr(cap);
    tag = seL4_Recv_ptr(cap, &w, c);
    tag = seL4_RecvWithMRs_ptr(cap, seL4_Null, c, &w, seL4_Null, seL4_Null, seL4_Null);
    tag = seL4_NBRecv_ptr(cap, &w, c);
    tag = seL4_Call_ptr(cap, tag);
    tag = seL4_CallWithMRs_ptr(cap, tag, &w, seL4_Null, seL4_Null, seL4_Null);
    tag = seL4_ReplyRecv_ptr(cap, tag, &w, c);
    tag = seL4_ReplyRecvWithMRs_ptr(cap, tag, &w, &w, seL4_Null, seL4_Null, seL4_Null, c);
    tag = seL4_NBSendRecv_ptr(c, tag, cap, &w, c);
    tag = seL4_NBSendRecvWithMRs_ptr(c, tag, cap, &w, &w, seL4_Null, seL4_Null, seL4_Null, c);
    tag = seL4_NBSendWait_ptr(c, tag, cap, &w);
    tag = seL4_NBSendWaitWithMRs_ptr(c, tag, cap, &w, &w, seL4_Null, seL4_Null, seL4_Null);
    seL4_Yield_ptr();
    tag = seL4_Wait_ptr(cap, &w);
    tag = seL4_WaitWithMRs_ptr(cap, &w, &w, seL4_Null, seL4_Null, seL4_Null);
    tag = seL4_NBWait_ptr(cap, seL4_Null);
    tag = seL4_Poll_ptr(cap, &w);

    BIND(void, seL4_DebugPutChar, char);
    BIND(void, seL4_DebugPutString, const char *);
    BIND(void, seL4_DebugDumpScheduler, void);
    BIND(void, seL4_DebugHalt, void);
    BIND(void, seL4_DebugSnapshot, void);
    BIND(seL4_Uint32, seL4_DebugCapIdentify, seL4_CPtr);
    BIND(void, seL4_DebugNameThread, seL4_CPtr, const char *);
    seL4_DebugPutChar_ptr('q');
    seL4_DebugPutString_ptr("quokka\n");
    seL4_DebugDumpScheduler_ptr();
    seL4_DebugSnapshot_ptr();
    seL4_DebugNameThread_ptr(seL4_CapInitThreadTCB, "root");
    if (seL4_DebugCapIdentify_ptr(cap) == 0) {
        seL4_DebugHalt_ptr();
    }

    BIND(seL4_Error, seL4_Untyped_Retype, seL4_Untyped, seL4_Word, seL4_Word, seL4_CNode, seL4_Word, seL4_Word,
         seL4_Word, seL4_Word);
    BIND(seL4_Error, seL4_CNode_Revoke, seL4_CNode, seL4_Word, seL4_Uint8);
    BIND(seL4_Error, seL4_CNode_Delete, seL4_CNode, seL4_Word, seL4_Uint8);
    BIND(seL4_Error, seL4_CNode_CancelBadgedSends, seL4_CNode, seL4_Word, seL4_Uint8);
    BIND(seL4_Error, seL4_CNode_Copy, seL4_CNode, seL4_Word, seL4_Uint8, seL4_CNode, seL4_Word, seL4_Uint8,
         seL4_CapRights_t);
    BIND(seL4_Error, seL4_CNode_Mint, seL4_CNode, seL4_Word, seL4_Uint8, seL4_CNode, seL4_Word, seL4_Uint8,
         seL4_CapRights_t, seL4_Word);
    BIND(seL4_Error, seL4_CNode_Move, seL4_CNode, seL4_Word, seL4_Uint8, seL4_CNode, seL4_Word, seL4_Uint8);
    BIND(seL4_Error, seL4_CNode_Mutate, seL4_CNode, seL4_Word, seL4_Uint8, seL4_CNode, seL4_Word, seL4_Uint8,
         seL4_Word);
    BIND(seL4_Error, seL4_CNode_Rotate, seL4_CNode, seL4_Word, seL4_Uint8, seL4_Word, seL4_CNode, seL4_Word,
         seL4_Uint8, seL4_Word, seL4_CNode, seL4_Word, seL4_Uint8);
    seL4_CNode root = seL4_CapInitThreadCNode;
    seL4_Error err = seL4_Untyped_Retype_ptr(info->untyped.start, seL4_ReplyObject, seL4_ReplyBits, root, 0, 0,
                                             info->empty.start, 1);
    err = seL4_CNode_Revoke_ptr(root, c, seL4_WordBits);
    err = seL4_CNode_Delete_ptr(root, c, seL4_WordBits);
    err = seL4_CNode_CancelBadgedSends_ptr(root, c, seL4_WordBits);
    err = seL4_CNode_Copy_ptr(root, c, seL4_WordBits, root, cap, seL4_WordBits, seL4_CanRead);
    err = seL4_CNode_Mint_ptr(root, c, seL4_WordBits, root, cap, seL4_WordBits, seL4_AllRights, 0xff);
    err = seL4_CNode_Move_ptr(root, c, seL4_WordBits, root, cap, seL4_WordBits);
    err = seL4_CNode_Mutate_ptr(root, c, seL4_WordBits, root, cap, seL4_WordBits,
                                seL4_CNode_CapData_new(0, seL4_WordBits - 12).words[0]);
    err = seL4_CNode_Rotate_ptr(root, c, seL4_WordBits, 1, root, cap, seL4_WordBits, 2, root, c + 1, seL4_WordBits);
    if (err != seL4_NoError) {
        w = seL4_GetMR(0);
    }

    seL4_SetMR(0, w + seL4_MessageInfo_get_label(tag) + serve_once(cap, c) + seL4_MaxExtraRefills(8));
}

#undef BIND
