// The arch interface on the host, for tests of the generic kernel: physical memory is an array,
// the console is a string, and leaving the kernel (to user mode or by stopping the machine)
// throws an exception the test catches.
#include "arch.hpp"

#include <arch/page_table.hpp>

#include <cstdlib>
#include <cstring>
#include <string>

#include "events.hpp"
#include "fastpath.hpp"
#include "tcb.hpp"
#include "host_machine.hpp"

namespace arch {
namespace {

// Simulated physical memory: 16 MiB at the same base as QEMU virt's RAM.
constexpr std::uint64_t ram_base = 0x80000000;
constexpr std::uint64_t ram_bytes = 16u << 20;
alignas(4096) std::uint8_t ram[ram_bytes];

} // namespace

std::string host::console_output;
std::uint64_t host::instret = 0;
std::span<const std::uint8_t> host::root_image;
FpuState host::fpu;
std::uint64_t host::time_us = 0;
bool host::irq_enabled[128];
std::uint64_t host::timer_deadline_us = 0;
std::uint64_t host::address_space = 0;
bool host::interrupt_pending = false;

void init_early() {}
void init_platform(const fdt::Platform &) {}
void init_kernel_window(const fdt::Platform &) {}

void *phys_to_virt(std::uint64_t paddr)
{
    if (paddr < ram_base || paddr >= ram_base + ram_bytes) {
        std::abort();
    }
    return ram + (paddr - ram_base);
}

std::uint64_t virt_to_phys(const void *pointer)
{
    return ram_base + static_cast<std::uint64_t>(static_cast<const std::uint8_t *>(pointer) - ram);
}

void kernel_image_range(std::uint64_t &start, std::uint64_t &end)
{
    start = ram_base;
    end = ram_base + 0x100000;
}

std::span<const std::uint8_t> root_task_image() { return host::root_image; }

void console_write(const char *text, std::size_t length) { host::console_output.append(text, length); }

void shutdown(ExitStatus status) { throw host::Shutdown{status}; }

void print_backtrace() { host::console_output += "backtrace: (host)\n"; }

std::uint64_t read_instret() { return host::instret; }
std::uint64_t boot_entry_instret() { return host::instret; }

std::uint64_t now_us() { return host::time_us; }
void set_timer_deadline(std::uint64_t deadline_us) { host::timer_deadline_us = deadline_us; }
void wait_for_interrupt() { throw host::Idle{}; }
bool is_interrupt_pending() { return host::interrupt_pending; }
void handle_pending_interrupts() { host::interrupt_pending = false; }
InterruptLog interrupt_log() { return {}; }
void reset_interrupt_log() {}

// The host keeps a flat map of user pages per address space root: enough for boot-time
// loading logic. Page tables live in simulated RAM like on the target.
void init_vspace_root(std::uint64_t) {}

bool map_user_page(std::uint64_t root_paddr, std::uint64_t vaddr, std::uint64_t frame_paddr,
                   PageRights rights, PageTableAllocator)
{
    auto &space = host::address_spaces[root_paddr];
    auto found = space.find(vaddr);
    if (found != space.end() && found->second.frame != frame_paddr) {
        return false;
    }
    auto &page = space[vaddr];
    page.frame = frame_paddr;
    page.rights.read |= rights.read || rights.write;
    page.rights.write |= rights.write;
    page.rights.execute |= rights.execute;
    return true;
}

std::uint64_t lookup_user_page(std::uint64_t root_paddr, std::uint64_t vaddr)
{
    auto &space = host::address_spaces[root_paddr];
    auto found = space.find(vaddr);
    return found == space.end() ? 0 : found->second.frame;
}

// The host simulates sstatus.FS in the saved context and keeps the "FPU" in host::fpu.
bool is_fpu_off(const UserContext &context) { return (context.sstatus & (3u << 13)) == 0; }
void set_fpu_enabled(UserContext &context, bool enabled)
{
    context.sstatus = (context.sstatus & ~std::uint64_t{3u << 13}) | (enabled ? 1u << 13 : 0);
}
void save_fpu(FpuState &state) { state = host::fpu; }
void load_fpu(const FpuState &state) { host::fpu = state; }

void flush_tlb_page(std::uint64_t, std::uint64_t) {}
void flush_asid(std::uint64_t) {}
void init_interrupts(const fdt::Platform &) {}
unsigned irq_count() { return 95; }
void set_irq_enabled(unsigned irq, bool enabled) { host::irq_enabled[irq % 128] = enabled; }
std::uint64_t kernel_vspace_root() { return ram_base; }

void init_user_context(UserContext &context, std::uint64_t pc, std::uint64_t sp)
{
    context = UserContext{};
    context.set_pc(pc);
    context.set(Register::sp, sp);
}

void return_to_user(UserContext &context, std::uint64_t, std::uint64_t)
{
    throw host::ReturnToUser{&context};
}

std::uint64_t address_space_token(std::uint64_t root_paddr, std::uint64_t asid)
{
    return asid << 44 | (root_paddr >> 12);
}

void switch_address_space(std::uint64_t token) { host::address_space = token; }

void fastpath_resume(std::uint64_t a0, std::uint64_t a1, std::uint64_t a2, std::uint64_t a3,
                     std::uint64_t a4, std::uint64_t a5, UserContext &context, std::uint64_t pc)
{
    // The host has no registers to load: the context shows what the thread would see.
    const std::uint64_t values[] = {a0, a1, a2, a3, a4, a5};
    for (unsigned i = 0; i < 6; ++i) {
        context.x[10 + i] = values[i];
    }
    context.sepc = pc;
    throw host::ReturnToUser{&context};
}

void fastpath_fallback() { kernel::handle_syscall(); }

void fastpath_refresh(void *thread) { fastpath_refresh_view(*static_cast<kernel::Tcb *>(thread)); }

} // namespace arch
