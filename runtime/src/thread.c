/* runtime_thread_create: the objects of a thread from libut, configured as the root task's
   own thread is (same CSpace root and VSpace), started at thread_start with its entry in a0. */
#include <bootstrap.h>
#include <runtime_objects.h>
#include <runtime_thread.h>
#include <sel4runtime.h>
#include <string.h>

#define TLS_ALIGN 64ul
#define MIN_STACK_BYTES 1024ul

/* Every thread starts here: a0 = entry, a1 = arg, a2 = its TCB cap. A resumed thread that
   had returned re-executes the Suspend (it restarts at the ecall). */
static void thread_start(runtime_thread_fn entry, void *arg, seL4_CPtr tcb)
{
    entry(arg);
    for (;;) {
        (void)seL4_TCB_Suspend(tcb);
    }
}


static void free_object(cspace_t *cspace, seL4_CPtr *slot, ut_t **ut)
{
    runtime_object_free(cspace, *slot, *ut);
    *slot = seL4_CapNull;
    *ut = NULL;
}

void runtime_thread_destroy(runtime_thread_t *thread)
{
    if (thread == NULL || thread->cspace == NULL) {
        return;
    }
    free_object(thread->cspace, &thread->tcb, &thread->tcb_ut); /* deleting the TCB stops it */
    free_object(thread->cspace, &thread->sc, &thread->sc_ut);
    free_object(thread->cspace, &thread->ipc_frame, &thread->ipc_ut);
    memset(thread, 0, sizeof *thread);
}

/* The registers the thread starts with. */
static void initial_registers(seL4_UserContext *regs, runtime_thread_t *thread, runtime_thread_fn entry, void *arg,
                              seL4_Word stack_top, seL4_Word tp)
{
    memset(regs, 0, sizeof *regs);
    regs->pc = (seL4_Word)thread_start;
    regs->sp = stack_top & ~15ul;
    __asm__("mv %0, gp" : "=r"(regs->gp)); /* the image's global pointer, as crt0 sets it */
    regs->tp = tp;
    regs->a0 = (seL4_Word)entry;
    regs->a1 = (seL4_Word)arg;
    regs->a2 = thread->tcb;
}

seL4_Error runtime_thread_create(runtime_thread_t *thread, cspace_t *cspace, const char *name, seL4_Word priority,
                                 seL4_Word budget_us, runtime_thread_fn entry, void *arg, void *stack,
                                 size_t stack_bytes)
{
    seL4_Word tls_bytes = (sel4runtime_tls_size() + TLS_ALIGN - 1) & ~(TLS_ALIGN - 1);
    seL4_Word tls = ((seL4_Word)stack + TLS_ALIGN - 1) & ~(TLS_ALIGN - 1);
    if (thread == NULL || cspace == NULL || entry == NULL || stack == NULL || priority > seL4_MaxPrio ||
        budget_us == 0 || tls + tls_bytes + MIN_STACK_BYTES > (seL4_Word)stack + stack_bytes) {
        return seL4_InvalidArgument;
    }
    memset(thread, 0, sizeof *thread);
    thread->cspace = cspace;
    thread->tcb = runtime_object_new(cspace, seL4_TCBObject, seL4_TCBBits, 0, &thread->tcb_ut);
    thread->sc = runtime_object_new(cspace, seL4_SchedContextObject, seL4_MinSchedContextBits, seL4_MinSchedContextBits,
                            &thread->sc_ut);
    thread->ipc_frame = runtime_object_new(cspace, seL4_RISCV_4K_Page, seL4_PageBits, 0, &thread->ipc_ut);
    thread->ipc_buffer = thread->ipc_frame != seL4_CapNull ? root_task_map_frame(cspace, thread->ipc_frame) : NULL;
    if (thread->tcb == seL4_CapNull || thread->sc == seL4_CapNull || thread->ipc_buffer == NULL) {
        runtime_thread_destroy(thread);
        return seL4_NotEnoughMemory;
    }
    seL4_Word tp = sel4runtime_init_thread_tls((void *)tls, tls_bytes, thread->ipc_buffer);
    seL4_UserContext regs;
    initial_registers(&regs, thread, entry, arg, (seL4_Word)stack + stack_bytes, tp);
    seL4_Error error = seL4_SchedControl_ConfigureFlags(sel4runtime_bootinfo()->schedcontrol.start, thread->sc,
                                                        budget_us, budget_us, 0, 0, 0);
    if (error == seL4_NoError) {
        error = seL4_TCB_Configure(thread->tcb, seL4_CapInitThreadCNode, 0, seL4_CapInitThreadVSpace, 0,
                                   (seL4_Word)thread->ipc_buffer, thread->ipc_frame);
    }
    if (error == seL4_NoError) {
        error = seL4_TCB_SetSchedParams(thread->tcb, seL4_CapInitThreadTCB, priority, priority, thread->sc,
                                        seL4_CapNull);
    }
    if (error == seL4_NoError && name != NULL) {
        seL4_DebugNameThread(thread->tcb, name);
    }
    if (error == seL4_NoError) {
        error = seL4_TCB_WriteRegisters(thread->tcb, 1, 0, sizeof regs / sizeof(seL4_Word), &regs);
    }
    if (error != seL4_NoError) {
        runtime_thread_destroy(thread);
    }
    return error;
}
