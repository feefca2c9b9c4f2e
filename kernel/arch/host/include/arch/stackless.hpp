/// @file
/// Code that runs without a stack on the target (see the riscv64 header): the host build calls
/// the same functions from C++ tests, unoptimised, with a stack, so nothing is checked here.
#pragma once

/// Starts a region whose functions run without a stack frame on the target.
#define ARCH_STACKLESS_BEGIN _Pragma("GCC diagnostic push")
/// Ends the region ARCH_STACKLESS_BEGIN started.
#define ARCH_STACKLESS_END _Pragma("GCC diagnostic pop")
