/// @file
/// The kernel's client of the RISC-V Supervisor Binary Interface (SBI spec v2.0): one namespace
/// per extension, errors as a typed enum. Used by the riscv64 architecture layer only.
#pragma once

#include <cstddef>
#include <cstdint>

#include "result.hpp"

namespace sbi {

/// Standard SBI error codes (SBI spec, "Binary Encoding", table "Standard SBI Errors").
enum class Error : long {
    success = 0,
    failed = -1,
    not_supported = -2,
    invalid_param = -3,
    denied = -4,
    invalid_address = -5,
    already_available = -6,
    already_started = -7,
    already_stopped = -8,
    no_shared_memory = -9,
};

/// A value returned by an SBI call, or the error the firmware reported.
template <typename T>
using Result = ::Result<T, Error>;

/// Base extension (EID 0x10): what the firmware is and which extensions it has.
namespace base {
/// The SBI specification version the firmware implements (major << 24 | minor).
Result<unsigned long> spec_version();
/// The firmware's implementation ID (1 = OpenSBI).
Result<unsigned long> implementation_id();
/// The firmware's own version number (for OpenSBI: major << 16 | minor).
Result<unsigned long> implementation_version();
/// True when the firmware implements extension @p extension_id.
bool probe_extension(long extension_id);
} // namespace base

/// Console output: the Debug Console extension (DBCN, EID 0x4442434E) when the firmware has it,
/// else the legacy console_putchar call (EID 0x01).
namespace console {
/// Probes for DBCN once; call before the other console functions for the fast path.
void init();
/// True when the Debug Console extension was found by init().
bool has_debug_console();
/// Writes @p length bytes starting at physical address @p physical_address through DBCN.
/// @return the number of bytes the firmware wrote.
Result<std::size_t> write_physical(std::uint64_t physical_address, std::size_t length);
/// Writes one character through the legacy console_putchar call.
void put_char(char c);
} // namespace console

/// Timer extension (EID 0x54494D45), with the legacy set_timer call (EID 0x00) as fallback.
namespace timer {
/// Probes for the TIME extension once.
void init();
/// Requests a supervisor timer interrupt when the `time` CSR reaches @p stime_value, and clears
/// any pending one.
void set_timer(std::uint64_t stime_value);
} // namespace timer

/// System Reset extension (EID 0x53525354), with the legacy shutdown call (EID 0x08) as fallback.
namespace reset {
/// The reset types of SBI's system_reset.
enum class Type : std::uint32_t { shutdown = 0, cold_reboot = 1, warm_reboot = 2 };
/// The reset reasons of SBI's system_reset.
enum class Reason : std::uint32_t { none = 0, system_failure = 1 };
/// Asks the firmware to reset the system. Returns only if the firmware refused.
Error system_reset(Type type, Reason reason);
/// Legacy shutdown; returns only if the firmware does not implement it.
void legacy_shutdown();
} // namespace reset

} // namespace sbi
