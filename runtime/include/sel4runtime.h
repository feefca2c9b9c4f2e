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

/// Ends the root task's run: prints nothing, stops the machine (seL4_DebugHalt).
/// @param status the value main returned; not used by the kernel.
void sel4runtime_exit(int status) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif
