/// @file
/// Threads in the root task's address space, made from untyped memory in a few lines:
/// a TCB, a scheduling context and an IPC-buffer frame from libut, caps in the root task's
/// cspace, the stack (and the thread's TLS block, carved from its lowest bytes) from the caller.
///
/// Needs root_task_bootstrap (libcspace's bootstrap.h) to have run: the IPC buffer is mapped in
/// its frame window. Link with libut and libcspace (meson: `kwargs: aos_program`).
#pragma once

#include <stddef.h>

#include <cspace.h>
#include <sel4/sel4.h>
#include <ut.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A thread made by runtime_thread_create. The caps are in the root task's cspace.
typedef struct runtime_thread {
    seL4_CPtr tcb;               ///< its TCB
    seL4_CPtr sc;                ///< its scheduling context (bound)
    seL4_CPtr ipc_frame;         ///< the frame of its IPC buffer
    seL4_IPCBuffer *ipc_buffer;  ///< its IPC buffer (mapped in the frame window)
    ut_t *tcb_ut;                ///< untyped of the TCB
    ut_t *sc_ut;                 ///< untyped of the scheduling context
    ut_t *ipc_ut;                ///< untyped of the IPC-buffer frame
    cspace_t *cspace;            ///< the cspace the caps are in
} runtime_thread_t;

/// A thread's function: it gets the argument given to runtime_thread_create. When it returns,
/// the thread suspends itself.
typedef void (*runtime_thread_fn)(void *arg);

/// Makes and starts a thread running @p entry(@p arg) in the root task's CSpace and VSpace,
/// with a scheduling context of @p budget_us every @p budget_us (round robin among equals).
/// @param thread Filled in; the caller owns the struct until runtime_thread_destroy.
/// @param cspace The root task's cspace (from root_task_bootstrap).
/// @param name Name for the kernel's messages (seL4_DebugNameThread).
/// @param priority Priority and MCP, at most the root task's MCP (255).
/// @param budget_us Budget and period of its scheduling context in microseconds (e.g. 1000).
/// @param entry The thread's function.
/// @param arg Its argument.
/// @param stack The thread's stack (lent to the thread until runtime_thread_destroy);
///        its lowest sel4runtime_tls_size() bytes, rounded up to 64, become its TLS block.
/// @param stack_bytes Size of @p stack (at least 1 KiB more than the TLS block).
/// @return seL4_NoError, seL4_InvalidArgument for bad arguments, seL4_NotEnoughMemory when
///         libut or the cspace has no room, or the error of the failed invocation; on error
///         nothing is left allocated.
seL4_Error runtime_thread_create(runtime_thread_t *thread, cspace_t *cspace, const char *name, seL4_Word priority,
                                 seL4_Word budget_us, runtime_thread_fn entry, void *arg, void *stack,
                                 size_t stack_bytes);

/// Stops and deletes a thread made by runtime_thread_create and gives its memory back (the
/// stack goes back to the caller). NULL and an already destroyed thread are ignored.
/// @param thread The thread; cleared afterwards.
void runtime_thread_destroy(runtime_thread_t *thread);

#ifdef __cplusplus
}
#endif
