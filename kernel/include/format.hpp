/// @file
/// A printf-compatible formatter shared by the kernel console and the user runtime's printf.
#pragma once

#include <cstdarg>
#include <cstddef>

/// printf-style formatting without libc, allocation or exceptions.
///
/// Supported: conversions `%d %i %u %x %X %o %p %s %c %%`; flags `- 0 + space #`; width and
/// precision, both also as `*`; length modifiers `hh h l ll z j t`. Floating-point and other
/// conversions (`%f`, `%e`, `%n`, ...) are not interpreted: their text is copied to the output
/// as written and no argument is consumed. `%s` of a null pointer prints `(null)`, and `%p`
/// always prints `0x` followed by lowercase hex digits (`0x0` for a null pointer).
namespace format {

/// Receives the formatted text in chunks; @p text is not NUL-terminated. The formatter
/// batches output, so a sink is called far less often than once per character.
using Sink = void (*)(void *context, const char *text, std::size_t length);

/// Formats @p fmt with @p args and passes the text to @p sink in chunks.
/// @return the number of characters produced.
std::size_t vformat(Sink sink, void *context, const char *fmt, va_list args);

/// Formats into @p buffer with snprintf's semantics: writes at most @p size - 1 characters,
/// always NUL-terminates when @p size > 0 (@p buffer may be null when @p size is 0).
/// @return the length the complete text would have had, without the terminating NUL.
std::size_t vformat_to(char *buffer, std::size_t size, const char *fmt, va_list args);

/// The variadic form of vformat_to().
std::size_t format_to(char *buffer, std::size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

} // namespace format
