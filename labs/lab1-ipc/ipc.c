/* Lab 1: your code. See README.md for the tasks; lab1.h says what each function must do. */
#include <string.h>

#include "lab1.h"

/* Task 1. */
seL4_CPtr lab1_object(lab1_env_t *env, seL4_Word type, seL4_Word size_bits)
{
    /* TODO(1.1): take env's next free slot and retype one object into it with
       seL4_Untyped_Retype (the destination is this process's CNode, seL4_CapInitThreadCNode, at
       depth 0: the slot is then an index into it); move on to the next untyped when one is full. */
    (void)env;
    (void)type;
    (void)size_bits;
    return seL4_CapNull;
}

/* Task 2. */
bool lab1_thread_start(lab1_env_t *env, lab1_thread_t *thread, void (*entry)(seL4_Word), seL4_Word arg,
                       void *stack, size_t stack_bytes, seL4_Word priority)
{
    /* TODO(1.2): a TCB, a scheduling context and a frame for the IPC buffer (lab1_object);
       map the frame at env->next_ipc_vaddr; configure the TCB (this CNode and VSpace, the IPC
       buffer); give the scheduling context its budget (seL4_SchedControl_ConfigureFlags) and bind
       it with the priority (seL4_TCB_SetSchedParams); write the registers from
       lab1_initial_registers and resume the thread. */
    (void)env;
    (void)thread;
    (void)entry;
    (void)arg;
    (void)stack;
    (void)stack_bytes;
    (void)priority;
    return false;
}

/* Task 3. */
void lab1_echo_server(seL4_CPtr ep, seL4_CPtr reply)
{
    /* TODO(1.3): seL4_Recv once, then answer each message and wait for the next one with
       seL4_ReplyRecv: same label, same words, then the badge. */
    (void)ep;
    (void)reply;
    for (;;) {
    }
}

/* Task 4. */
seL4_CPtr lab1_badged(lab1_env_t *env, seL4_CPtr ep, seL4_Word badge)
{
    /* TODO(1.4): mint a copy of ep with the badge into env's next free slot
       (seL4_CNode_Mint; source and destination are in seL4_CapInitThreadCNode, at depth 64). */
    (void)env;
    (void)badge;
    return ep;
}

/* Task 5. */
seL4_Word lab1_round_trip_instructions(seL4_CPtr ep)
{
    /* TODO(1.5): read the instret counter (rdinstret) right before and right after a
       seL4_Call of one word through ep, and return the difference. */
    (void)ep;
    return 0;
}
