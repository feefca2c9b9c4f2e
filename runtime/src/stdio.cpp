// printf and friends over the kernel's debug console (seL4_DebugPutChar), using the kernel's
// formatter so both print alike.
#include <stdio.h>

#include <sel4/sel4.h>

#include "format.hpp"

namespace {

void put_chars(void *, const char *text, std::size_t length)
{
    for (std::size_t i = 0; i < length; ++i) {
        seL4_DebugPutChar(text[i]);
    }
}

} // namespace

extern "C" {

int vprintf(const char *fmt, va_list args)
{
    return static_cast<int>(format::vformat(put_chars, nullptr, fmt, args));
}

int printf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vprintf(fmt, args);
    va_end(args);
    return n;
}

int vsnprintf(char *buffer, size_t size, const char *fmt, va_list args)
{
    return static_cast<int>(format::vformat_to(buffer, size, fmt, args));
}

int snprintf(char *buffer, size_t size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(buffer, size, fmt, args);
    va_end(args);
    return n;
}

int puts(const char *text)
{
    while (*text != '\0') {
        seL4_DebugPutChar(*text++);
    }
    seL4_DebugPutChar('\n');
    return 0;
}

int putchar(int c)
{
    seL4_DebugPutChar(static_cast<char>(c));
    return c;
}

} // extern "C"
