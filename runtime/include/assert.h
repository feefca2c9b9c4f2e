/// @file
/// assert for Quokka programs: a failed assertion prints the expression, file, line and
/// function on the console and stops the machine (seL4_DebugHalt). With NDEBUG defined,
/// assert(expr) does not evaluate expr.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/// Prints `assertion failed: <expression> (<file>:<line>, <function>)` and halts the machine.
/// Called by assert; never returns.
/// @param expression The text of the failed expression.
/// @param file The source file.
/// @param line The line in it.
/// @param function The enclosing function.
void __quokka_assert_fail(const char *expression, const char *file, int line, const char *function)
    __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
/// Checks @p expr; on failure reports it with its place and stops the machine.
#define assert(expr) ((expr) ? (void)0 : __quokka_assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert ///< C11's compile-time assertion, as <assert.h> offers it.
#endif
