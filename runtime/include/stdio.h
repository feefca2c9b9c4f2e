/// @file
/// Console output for Quokka programs: a printf family writing through seL4_DebugPutChar.
#pragma once

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Prints formatted text on the console. @param fmt printf format. @return characters printed.
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/// Prints formatted text on the console. @param fmt printf format. @param args its arguments.
/// @return characters printed.
int vprintf(const char *fmt, va_list args);
/// Formats into @p buffer of @p size bytes, always NUL-terminated when size > 0.
/// @param buffer destination. @param size its size. @param fmt printf format.
/// @return the length the full output has (may exceed size - 1).
int snprintf(char *buffer, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/// As snprintf, with a va_list. @param buffer destination. @param size its size.
/// @param fmt printf format. @param args its arguments. @return the full output's length.
int vsnprintf(char *buffer, size_t size, const char *fmt, va_list args);
/// Prints @p text and a newline. @param text the string. @return a non-negative number.
int puts(const char *text);
/// Prints one character. @param c the character. @return @p c.
int putchar(int c);

#ifdef __cplusplus
}
#endif
