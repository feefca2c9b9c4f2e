// The riscv64 implementation of the arch interface on QEMU virt: console, machine stop,
// counters and backtraces (the timer and interrupt polling are in timer.cpp).
#include <arch/csr.hpp>
#include <arch/machine.hpp>
#include <sbi/sbi.hpp>

#include "arch.hpp"
#include "config.hpp"
#include "console.hpp"
#include "events.hpp"

extern "C" {
std::uint64_t entry_instret; // written by entry.S
extern const std::uint8_t root_image_start[];
extern const std::uint8_t root_image_end[];
extern const std::uint8_t kernel_end[];
extern const std::uint8_t kernel_stack_bottom[];
extern const std::uint8_t kernel_stack_top[];
}

namespace arch {
namespace {

std::uint64_t finisher_base;       // QEMU's sifive_test device, 0 when absent

// sifive_test finisher commands: the status goes in bits 31..16 of a FAIL write.
constexpr std::uint32_t finisher_pass = 0x5555;
constexpr std::uint32_t finisher_fail = 0x3333;

// One boot line naming the firmware: what a student compares when QEMU setups differ.
void describe_firmware()
{
    auto spec = sbi::base::spec_version();
    auto implementation = sbi::base::implementation_id();
    auto version = sbi::base::implementation_version();
    if (!spec.is_ok() || !implementation.is_ok() || !version.is_ok()) {
        kernel::print("boot: the SBI firmware does not answer base queries\n");
        return;
    }
    // SBI spec version: major in bits 30..24, minor below; OpenSBI's own: major << 16 | minor.
    kernel::print("boot: SBI %lu.%lu, firmware %s %lu.%lu, console %s\n", (spec.value() >> 24) & 0x7f,
                  spec.value() & 0xffffff,
                  implementation.value() == 1 ? "OpenSBI" : "(unknown)", version.value() >> 16,
                  version.value() & 0xffff,
                  sbi::console::has_debug_console() ? "DBCN" : "legacy putchar");
}

} // namespace

void init_early()
{
    QUOKKA_CSR_WRITE(stvec, reinterpret_cast<std::uint64_t>(&trap_entry));
    QUOKKA_CSR_WRITE(sscratch, 0ul);
    QUOKKA_CSR_WRITE(sie, 0ul);
    // Users may read cycle, time and instret (rdcycle, rdtime, rdinstret).
    QUOKKA_CSR_WRITE(scounteren, 7ul);
    sbi::console::init();
    sbi::timer::init();
}

void init_platform(const fdt::Platform &platform)
{
    finisher_base = platform.test_device.base;
    init_timer(platform.timebase_frequency != 0 ? platform.timebase_frequency : 10000000);
    if constexpr (config::debug) {
        describe_firmware();
    }
}

void kernel_image_range(std::uint64_t &start, std::uint64_t &end)
{
    start = kernel_phys_base;
    end = virt_to_phys(kernel_end);
}

std::span<const std::uint8_t> root_task_image()
{
    return {root_image_start, static_cast<std::size_t>(root_image_end - root_image_start)};
}

void console_write(const char *text, std::size_t length)
{
    if (sbi::console::has_debug_console()) {
        auto written = sbi::console::write_physical(virt_to_phys(text), length);
        if (written.is_ok() && written.value() == length) {
            return;
        }
    }
    for (std::size_t i = 0; i < length; ++i) {
        sbi::console::put_char(text[i]);
    }
}

void shutdown(ExitStatus status)
{
    if (status == ExitStatus::halted) {
        (void)sbi::reset::system_reset(sbi::reset::Type::shutdown, sbi::reset::Reason::none);
    }
    // SBI's reset cannot carry an exit status; QEMU's finisher can.
    if (finisher_base != 0) {
        auto *finisher = static_cast<volatile std::uint32_t *>(phys_to_virt(finisher_base));
        *finisher = status == ExitStatus::halted
                        ? finisher_pass
                        : finisher_fail | (static_cast<std::uint32_t>(status) << 16);
    }
    (void)sbi::reset::system_reset(sbi::reset::Type::shutdown,
                                   sbi::reset::Reason::system_failure);
    sbi::reset::legacy_shutdown();
    for (;;) {
        asm volatile("wfi");
    }
}

std::uint64_t read_instret() { return QUOKKA_CSR_READ(instret); }
std::uint64_t boot_entry_instret() { return entry_instret; }

// With frame pointers, a frame's return address is at fp - 8 and the caller's fp at fp - 16.
void print_backtrace_from(std::uint64_t pc, std::uint64_t fp)
{
    auto bottom = reinterpret_cast<std::uint64_t>(kernel_stack_bottom);
    auto top = reinterpret_cast<std::uint64_t>(kernel_stack_top);
    kernel::print("backtrace:\n  #0 0x%016lx\n", pc);
    for (int depth = 1; depth < 16 && fp > bottom + 16 && fp <= top && fp % 8 == 0; ++depth) {
        auto *frame = reinterpret_cast<const std::uint64_t *>(fp);
        std::uint64_t ra = frame[-1];
        if (ra == 0) {
            break;
        }
        kernel::print("  #%d 0x%016lx\n", depth, ra);
        fp = frame[-2];
    }
}

void print_backtrace()
{
    auto *own_frame = static_cast<const std::uint64_t *>(__builtin_frame_address(0));
    print_backtrace_from(reinterpret_cast<std::uint64_t>(__builtin_return_address(0)),
                         own_frame[-2]);
}

} // namespace arch
