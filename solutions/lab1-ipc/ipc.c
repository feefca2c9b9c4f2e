/* Lab 1: your code. See README.md for the tasks; lab1.h says what each function must do. */
#include <string.h>

#include "lab1.h"

/* Task 1. */
seL4_CPtr lab1_object(lab1_env_t *env, seL4_Word type, seL4_Word size_bits)
{
    /* LAB TODO(1.1): take env's next free slot and retype one object into it with
       seL4_Untyped_Retype (the destination is this process's CNode, seL4_CapInitThreadCNode, at
       depth 0: the slot is then an index into it); move on to the next untyped when one is full. */
    /* LAB SKELETON
    (void)env;
    (void)type;
    (void)size_bits;
    return seL4_CapNull;
    */
    /* LAB BEGIN */
    if (env->next_slot >= env->end_slot) {
        return seL4_CapNull;
    }
    while (env->next_untyped < env->end_untyped) {
        seL4_Error error = seL4_Untyped_Retype(env->next_untyped, type, size_bits, seL4_CapInitThreadCNode, 0, 0,
                                               env->next_slot, 1);
        if (error == seL4_NoError) {
            return env->next_slot++;
        }
        if (error != seL4_NotEnoughMemory) {
            return seL4_CapNull;
        }
        env->next_untyped++;
    }
    return seL4_CapNull;
    /* LAB END */
}

/* Task 2. */
bool lab1_thread_start(lab1_env_t *env, lab1_thread_t *thread, void (*entry)(seL4_Word), seL4_Word arg,
                       void *stack, size_t stack_bytes, seL4_Word priority)
{
    /* LAB TODO(1.2): a TCB, a scheduling context and a frame for the IPC buffer (lab1_object);
       map the frame at env->next_ipc_vaddr; configure the TCB (this CNode and VSpace, the IPC
       buffer); give the scheduling context its budget (seL4_SchedControl_ConfigureFlags) and bind
       it with the priority (seL4_TCB_SetSchedParams); write the registers from
       lab1_initial_registers and resume the thread. */
    /* LAB SKELETON
    (void)env;
    (void)thread;
    (void)entry;
    (void)arg;
    (void)stack;
    (void)stack_bytes;
    (void)priority;
    return false;
    */
    /* LAB BEGIN */
    if (env->next_ipc_vaddr >= LAB1_IPC_BASE + LAB1_MAX_IPC_PAGES * 4096ul) {
        return false;
    }
    memset(thread, 0, sizeof *thread);
    thread->tcb = lab1_object(env, seL4_TCBObject, 0);
    thread->sc = lab1_object(env, seL4_SchedContextObject, seL4_MinSchedContextBits);
    thread->ipc_frame = lab1_object(env, seL4_RISCV_4K_Page, 0);
    if (thread->tcb == seL4_CapNull || thread->sc == seL4_CapNull || thread->ipc_frame == seL4_CapNull) {
        return false;
    }
    thread->ipc_buffer = env->next_ipc_vaddr;
    env->next_ipc_vaddr += 4096;
    seL4_Error error = seL4_RISCV_Page_Map(thread->ipc_frame, seL4_CapInitThreadVSpace, thread->ipc_buffer,
                                           seL4_ReadWrite, seL4_RISCV_ExecuteNever);
    if (error == seL4_NoError) {
        error = seL4_TCB_Configure(thread->tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                                   thread->ipc_buffer, thread->ipc_frame);
    }
    if (error == seL4_NoError) {
        error = seL4_SchedControl_ConfigureFlags(env->sched_control, thread->sc, LAB1_BUDGET_US, LAB1_BUDGET_US, 0,
                                                 0, 0);
    }
    if (error == seL4_NoError) {
        error = seL4_TCB_SetSchedParams(thread->tcb, seL4_CapInitThreadTCB, priority, priority, thread->sc,
                                        seL4_CapNull);
    }
    if (error == seL4_NoError) {
        seL4_UserContext regs;
        lab1_initial_registers(&regs, entry, arg, stack, stack_bytes, thread->ipc_buffer);
        error = seL4_TCB_WriteRegisters(thread->tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs);
    }
    return error == seL4_NoError;
    /* LAB END */
}

/* Task 3. */
void lab1_echo_server(seL4_CPtr ep, seL4_CPtr reply)
{
    /* LAB TODO(1.3): seL4_Recv once, then answer each message and wait for the next one with
       seL4_ReplyRecv: same label, same words, then the badge. */
    /* LAB SKELETON
    (void)ep;
    (void)reply;
    for (;;) {
    }
    */
    /* LAB BEGIN */
    seL4_Word badge = 0;
    seL4_MessageInfo_t message = seL4_Recv(ep, &badge, reply);
    for (;;) {
        seL4_Word length = seL4_MessageInfo_get_length(message);
        if (length >= seL4_MsgMaxLength) {
            length = seL4_MsgMaxLength - 1;
        }
        seL4_SetMR(length, badge);
        seL4_MessageInfo_t answer = seL4_MessageInfo_new(seL4_MessageInfo_get_label(message), 0, 0, length + 1);
        message = seL4_ReplyRecv(ep, answer, &badge, reply);
    }
    /* LAB END */
}

/* Task 4. */
seL4_CPtr lab1_badged(lab1_env_t *env, seL4_CPtr ep, seL4_Word badge)
{
    /* LAB TODO(1.4): mint a copy of ep with the badge into env's next free slot
       (seL4_CNode_Mint; source and destination are in seL4_CapInitThreadCNode, at depth 64). */
    /* LAB SKELETON
    (void)env;
    (void)badge;
    return ep;
    */
    /* LAB BEGIN */
    if (env->next_slot >= env->end_slot) {
        return seL4_CapNull;
    }
    seL4_Error error = seL4_CNode_Mint(seL4_CapInitThreadCNode, env->next_slot, 64, seL4_CapInitThreadCNode, ep, 64,
                                       seL4_AllRights, badge);
    return error == seL4_NoError ? env->next_slot++ : seL4_CapNull;
    /* LAB END */
}

/* Task 5. */
seL4_Word lab1_round_trip_instructions(seL4_CPtr ep)
{
    /* LAB TODO(1.5): read the instret counter (rdinstret) right before and right after a
       seL4_Call of one word through ep, and return the difference. */
    /* LAB SKELETON
    (void)ep;
    return 0;
    */
    /* LAB BEGIN */
    seL4_SetMR(0, 42);
    seL4_Word before, after;
    __asm__ volatile("rdinstret %0" : "=r"(before));
    (void)seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 1));
    __asm__ volatile("rdinstret %0" : "=r"(after));
    return after - before;
    /* LAB END */
}
