/// @file
/// What the Quokka runtime knows about the running root task.
#pragma once

#include <sel4/sel4.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The bootinfo the kernel passed to the root task.
seL4_BootInfo *sel4runtime_bootinfo(void);

/// The instruction count (instret) at the root task's first instruction.
seL4_Word sel4runtime_start_instret(void);

/// Bytes of TLS block a new thread needs (see sel4runtime_init_thread_tls).
seL4_Word sel4runtime_tls_size(void);

/// Prepares @p block (at least sel4runtime_tls_size() bytes, 64-byte aligned) as the static TLS
/// of a new thread whose IPC buffer is @p ipc_buffer: copies the TLS template and sets libsel4's
/// IPC buffer pointer in it.
/// @return the thread pointer (tp) to start the thread with (TCB_SetTLSBase or its registers),
/// or 0 when @p size is too small.
seL4_Word sel4runtime_init_thread_tls(void *block, seL4_Word size, seL4_IPCBuffer *ipc_buffer);

/// Ends the program: the root task stops the machine (seL4_DebugHalt); a child process made by
/// runtime_process_start (bootinfo numNodes 0) suspends its own thread. Prints nothing.
/// @param status the value main returned; not used by the kernel.
void sel4runtime_exit(int status) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif
