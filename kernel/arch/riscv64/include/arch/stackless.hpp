/// @file
/// Code that runs without a stack: trap.S jumps to the IPC fastpath with sp still pointing at
/// the thread's saved context, so the fastpath's functions must not need a stack frame. Between
/// these two markers the compiler rejects any function that would (a frame of more than 0 bytes
/// is an error).
#pragma once

/// Starts a region whose functions must run without a stack frame.
#define ARCH_STACKLESS_BEGIN                                                                       \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic error \"-Wframe-larger-than=0\"")
/// Ends the region ARCH_STACKLESS_BEGIN started.
#define ARCH_STACKLESS_END _Pragma("GCC diagnostic pop")
