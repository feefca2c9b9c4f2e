/// @file
/// Kernel console output, assertions and panic.
#pragma once

#include <source_location>

namespace kernel {

/// Prints a printf-style message on the kernel console.
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/// Prints only in debug builds.
void debug_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/// Reports a kernel bug: prints `KERNEL PANIC: ` and the message, a backtrace, and stops the
/// machine with a failure status. Never called because of anything a user thread did.
[[noreturn]] void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/// Panics with @p what and the caller's location when @p condition is false (debug builds only).
void check(bool condition, const char *what,
           std::source_location where = std::source_location::current());

} // namespace kernel
