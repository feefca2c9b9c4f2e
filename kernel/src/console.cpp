// Kernel console: printf-style output to the arch console, and the panic path.
#include "console.hpp"

#include <cstdarg>

#include "arch.hpp"
#include "config.hpp"
#include "format.hpp"

namespace kernel {
namespace {

void write_to_console(void *, const char *text, std::size_t length)
{
    arch::console_write(text, length);
}

void vprint(const char *fmt, va_list args)
{
    format::vformat(write_to_console, nullptr, fmt, args);
}

} // namespace

void print(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vprint(fmt, args);
    va_end(args);
}

void debug_print(const char *fmt, ...)
{
    if constexpr (config::debug) {
        va_list args;
        va_start(args, fmt);
        vprint(fmt, args);
        va_end(args);
    }
}

void panic(const char *fmt, ...)
{
    print("\nKERNEL PANIC: ");
    va_list args;
    va_start(args, fmt);
    vprint(fmt, args);
    va_end(args);
    print("\n");
    arch::print_backtrace();
    arch::shutdown(arch::ExitStatus::panic);
}

void check(bool condition, const char *what, std::source_location where)
{
    if constexpr (config::debug) {
        if (!condition) {
            panic("%s:%u: %s: assertion failed: %s", where.file_name(),
                  static_cast<unsigned>(where.line()), where.function_name(), what);
        }
    }
}

} // namespace kernel
