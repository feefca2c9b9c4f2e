// SBI calls: `ecall` from S-mode with the extension ID in a7, the function ID in a6 and
// arguments in a0..a5; the firmware returns an error code in a0 and a value in a1 (SBI spec §3).
#include "sbi/sbi.hpp"

namespace sbi {
namespace {

constexpr long base_extension = 0x10;
constexpr long legacy_set_timer = 0x00;
constexpr long legacy_console_putchar = 0x01;
constexpr long legacy_shutdown_extension = 0x08;
constexpr long debug_console_extension = 0x4442434E;
constexpr long time_extension = 0x54494D45;
constexpr long system_reset_extension = 0x53525354;

struct Return {
    long error;
    unsigned long value;
};

Return call(long extension, long function, unsigned long arg0 = 0, unsigned long arg1 = 0,
            unsigned long arg2 = 0)
{
    register unsigned long a0 asm("a0") = arg0;
    register unsigned long a1 asm("a1") = arg1;
    register unsigned long a2 asm("a2") = arg2;
    register long a6 asm("a6") = function;
    register long a7 asm("a7") = extension;
    asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
    return {static_cast<long>(a0), a1};
}

// Legacy calls (SBI v0.1) return only an error/value in a0 and clobber a1.
long call_legacy(long extension, unsigned long arg0 = 0)
{
    register unsigned long a0 asm("a0") = arg0;
    register unsigned long a1 asm("a1") = 0;
    register long a7 asm("a7") = extension;
    asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a7) : "memory");
    return static_cast<long>(a0);
}

Result<unsigned long> value_or_error(Return r)
{
    if (r.error != 0) {
        return Result<unsigned long>::err(static_cast<Error>(r.error));
    }
    return Result<unsigned long>::ok(r.value);
}

bool debug_console_present = false;
bool time_extension_present = false;

} // namespace

namespace base {
Result<unsigned long> spec_version() { return value_or_error(call(base_extension, 0)); }
Result<unsigned long> implementation_id() { return value_or_error(call(base_extension, 1)); }
Result<unsigned long> implementation_version() { return value_or_error(call(base_extension, 2)); }
bool probe_extension(long extension_id)
{
    Return r = call(base_extension, 3, static_cast<unsigned long>(extension_id));
    return r.error == 0 && r.value != 0;
}
} // namespace base

namespace console {
void init() { debug_console_present = base::probe_extension(debug_console_extension); }
bool has_debug_console() { return debug_console_present; }

Result<std::size_t> write_physical(std::uint64_t physical_address, std::size_t length)
{
    // DBCN write: a0 = byte count, a1/a2 = low/high half of the buffer's physical address.
    Return r = call(debug_console_extension, 0, length, physical_address, 0);
    if (r.error != 0) {
        return Result<std::size_t>::err(static_cast<Error>(r.error));
    }
    return Result<std::size_t>::ok(r.value);
}

void put_char(char c) { call_legacy(legacy_console_putchar, static_cast<unsigned char>(c)); }
} // namespace console

namespace timer {
void init() { time_extension_present = base::probe_extension(time_extension); }

void set_timer(std::uint64_t stime_value)
{
    if (time_extension_present) {
        call(time_extension, 0, stime_value);
    } else {
        call_legacy(legacy_set_timer, stime_value);
    }
}
} // namespace timer

namespace reset {
Error system_reset(Type type, Reason reason)
{
    if (!base::probe_extension(system_reset_extension)) {
        return Error::not_supported;
    }
    Return r = call(system_reset_extension, 0, static_cast<unsigned long>(type),
                    static_cast<unsigned long>(reason));
    return static_cast<Error>(r.error);
}

void legacy_shutdown() { call_legacy(legacy_shutdown_extension); }
} // namespace reset

} // namespace sbi
