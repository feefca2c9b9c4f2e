/// @file
/// Child processes from ELF images linked into the root task: a new VSpace, a one-level cspace,
/// the image's segments, a stack, an IPC buffer and a small bootinfo page, and a thread that
/// starts at the image's entry with the runtime's crt0, as a root task does.
///
/// In the child, sel4runtime_bootinfo() returns that bootinfo page: numNodes is 0 (which tells
/// the runtime it is not the root task: returning from main suspends the thread instead of
/// halting the machine), ipcBuffer is set, and `empty` lists its free slots. Its cspace holds
/// its TCB in seL4_CapInitThreadTCB, its root CNode in seL4_CapInitThreadCNode, and the endpoint
/// the parent gave (if any) in RUNTIME_CHILD_ENDPOINT.
///
/// To link an image into the root task, build the child with `user_program` and embed it with
/// runtime/src/child_image.S (see tests/qemu/meson.build). Needs root_task_bootstrap.
#pragma once

#include <stddef.h>

#include <cspace.h>
#include <sel4/sel4.h>
#include <ut.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RUNTIME_CHILD_ENDPOINT 16      ///< Slot of the parent's endpoint in a child's cspace.
#define RUNTIME_PROCESS_MAX_PAGES 96   ///< Most pages (image, stack, IPC buffer, bootinfo) of a child.
#define RUNTIME_PROCESS_MAX_TABLES 8   ///< Most page tables of a child's VSpace.
#define RUNTIME_PROCESS_STACK_PAGES 4  ///< Stack of a child, below RUNTIME_PROCESS_STACK_TOP.
#define RUNTIME_PROCESS_STACK_TOP 0x40000000ul ///< Top of a child's stack (1 GiB).

/// One page of a child: the frame mapped in the child (a copy of the cap the loader filled).
typedef struct runtime_page {
    seL4_CPtr frame;  ///< the frame cap the loader filled through the frame window
    seL4_CPtr mapped; ///< the copy mapped in the child
    ut_t *ut;         ///< its untyped
    seL4_Word vaddr;  ///< where it is in the child
    char *window;     ///< where it is in the root task (the frame window)
} runtime_page_t;

/// A child process made by runtime_process_start. Caps are in the root task's cspace unless
/// said otherwise.
typedef struct runtime_process {
    cspace_t cspace;         ///< the child's one-level cspace
    cspace_t *parent;        ///< the root task's cspace
    seL4_CPtr vspace;        ///< the child's top-level page table
    seL4_CPtr tcb;           ///< its thread
    seL4_CPtr sc;            ///< its scheduling context
    ut_t *vspace_ut;         ///< untyped of the VSpace
    ut_t *tcb_ut;            ///< untyped of the TCB
    ut_t *sc_ut;             ///< untyped of the scheduling context
    runtime_page_t pages[RUNTIME_PROCESS_MAX_PAGES]; ///< every page mapped in the child
    size_t page_count;       ///< used entries of pages
    seL4_CPtr tables[RUNTIME_PROCESS_MAX_TABLES];    ///< page tables below the top level
    ut_t *table_uts[RUNTIME_PROCESS_MAX_TABLES];     ///< their untypeds
    seL4_Word table_vaddrs[RUNTIME_PROCESS_MAX_TABLES]; ///< start of what each one maps
    seL4_Word table_sizes[RUNTIME_PROCESS_MAX_TABLES];  ///< bytes each one maps (1 GiB or 2 MiB)
    size_t table_count;      ///< used entries of tables
} runtime_process_t;

/// Loads the ELF image at @p elf and starts it as a child process.
/// @param process Filled in; the caller owns the struct until runtime_process_destroy.
/// @param cspace The root task's cspace (from root_task_bootstrap).
/// @param name Name of the child's thread (seL4_DebugNameThread).
/// @param elf The image (a static RISC-V ELF64 executable, e.g. linked into the root task).
/// @param elf_size Its size in bytes.
/// @param priority Priority and MCP of the child's thread.
/// @param endpoint A cap copied into the child's RUNTIME_CHILD_ENDPOINT slot, or seL4_CapNull.
/// @param badge Badge for that copy (0: an unbadged copy).
/// @return seL4_NoError; seL4_InvalidArgument for a missing argument or an image that is not
///         a loadable RISC-V ELF64 executable; seL4_NotEnoughMemory when libut, the cspace or
///         the process's page tables ran out; or the error of a failed invocation. On error
///         nothing is left allocated.
seL4_Error runtime_process_start(runtime_process_t *process, cspace_t *cspace, const char *name, const void *elf,
                                 size_t elf_size, seL4_Word priority, seL4_CPtr endpoint, seL4_Word badge);

/// Stops a child and gives back everything runtime_process_start made (thread, pages, tables,
/// VSpace, cspace). NULL and a destroyed process are ignored.
/// @param process The process; cleared afterwards.
void runtime_process_destroy(runtime_process_t *process);

#ifdef __cplusplus
}
#endif
